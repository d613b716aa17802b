"""Train the Rasa NLU model from the generated data, only when its inputs changed."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bot.content.store import load_catalog
from bot.settings import ROOT, Settings
from bot.training import data as training_data

log = logging.getLogger(__name__)


def rasa_env() -> dict[str, str]:
    """The environment for Rasa subprocesses: the repo on the path (custom tokenizer), no telemetry."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def prepare(settings: Settings) -> tuple[training_data.TrainingData, str]:
    catalog = load_catalog(settings.content_dir)
    data = training_data.build(list(catalog.entries.values()), list(catalog.countries.values()))
    training_data.write(data)
    return data, training_data.model_hash(data)


def rasa_cli(settings: Settings, *args: str) -> list[str]:
    """A `rasa` command line for Rasa's own environment."""
    return [str(settings.rasa_python), "-m", "rasa", *args]


def train_command(settings: Settings, config: Path, out_dir: Path, name: str) -> list[str]:
    """`rasa train nlu` with `config` on the generated data."""
    nlu = str(training_data.GENERATED_NLU)
    return rasa_cli(
        settings,
        "train",
        "nlu",
        "--config",
        str(config),
        "--nlu",
        nlu,
        "--out",
        str(out_dir),
        "--fixed-model-name",
        name,
    )


def model_path(settings: Settings, key: str) -> Path:
    return settings.models_dir / f"nlu-{key}.tar.gz"


class NoModel(Exception):
    """No model has been trained at all."""


def current_model(settings: Settings) -> Path:
    """The model trained on the current data; raises if it has not been trained yet."""
    _, key = prepare(settings)
    path = model_path(settings, key)
    if not path.exists():
        raise FileNotFoundError(f"no model for the current training data ({path.name}); run `make train`")
    return path


def serving_model(settings: Settings) -> tuple[Path, bool]:
    """The model to serve, and whether it is stale: the one for the current data if trained, else
    the newest trained one (after an example was edited without `make train`), so the bot keeps
    answering. Raises NoModel when nothing was ever trained."""
    try:
        return current_model(settings), False
    except FileNotFoundError:
        pass
    _, key = prepare(settings)
    cached = settings.model_cache_dir / model_path(settings, key).name
    if cached.exists():  # trained for this data before, and kept in the cache: current, not stale
        return cached, False
    trained = [*settings.models_dir.glob("nlu-*.tar.gz"), *settings.model_cache_dir.glob("nlu-*.tar.gz")]
    if not trained:
        raise NoModel("no trained model yet: run `make train` (or `make run`, which trains first)") from None
    return max(trained, key=lambda p: p.stat().st_mtime), True


def _keep_only(path: Path) -> Path:
    """models/ holds the current model alone: `rasa run --model models/` (the Rasa image) loads
    the newest file there, and a model restored from the cache keeps its old timestamp."""
    for other in path.parent.glob("nlu-*.tar.gz"):
        if other != path:
            other.unlink(missing_ok=True)
    return path


def ensure_model(settings: Settings, force: bool = False) -> Path:
    data, key = prepare(settings)
    path = model_path(settings, key)
    cached = settings.model_cache_dir / path.name
    if path.exists() and not force:
        print(f"model up to date: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        return _keep_only(path)
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    if cached.exists() and not force:
        shutil.copy2(cached, path)
        print(f"model restored from cache: {cached}")
        return _keep_only(path)
    cmd = train_command(
        settings, training_data.CONFIG, settings.models_dir, path.name.removesuffix(".tar.gz")
    )
    print(f"training NLU model {path.name} on {len(data.intents)} intents …", flush=True)
    started = time.monotonic()
    log_path = ROOT / "var" / "train.log"
    returncode = run_quietly(cmd, log_path)
    if returncode != 0 or not path.exists():
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        sys.exit("\n".join([f"rasa train failed (exit {returncode}); the end of {log_path}:", *tail]))
    print(f"trained in {time.monotonic() - started:.0f} s: {path} (full log: {log_path})")
    _keep_only(path)
    try:
        settings.model_cache_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, cached)
    except OSError as exc:  # the cache is an optimisation only
        log.warning("could not cache the model: %s", exc)
    return path


EPOCH = re.compile(r"Epochs:\s+(\d+)%.*?(\d+)/(\d+)")
STEP = re.compile(r"Starting to train component '([^']+)'")


def run_quietly(cmd: list[str], log_path: Path) -> int:
    """Run Rasa with its output (pages of library warnings and progress bars) in a log file, and
    show one progress line instead: the component being trained and DIET's epochs."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    tty = sys.stdout.isatty()
    shown = ""
    with log_path.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=rasa_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert process.stdout is not None
        buffer = ""
        while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
            text = chunk.decode("utf-8", errors="replace")
            log_file.write(text)
            buffer = (buffer + text)[-2000:]
            status = _progress(buffer)
            if status and status != shown:
                shown = status
                if tty:
                    print(f"\r  {status:<60}", end="", flush=True)
                elif status.startswith("component") or status.split()[-1].split("/")[0].endswith("0"):
                    print(f"  {status}", flush=True)  # a log, not a terminal: fewer lines
        returncode = process.wait()
    if tty and shown:
        print()
    return returncode


def _progress(buffer: str) -> str:
    epochs = EPOCH.findall(buffer)
    if epochs:
        _pct, done, total = epochs[-1]
        return f"DIETClassifier: epoch {done}/{total}"
    steps = STEP.findall(buffer)
    return f"component {steps[-1]}" if steps else ""


# This assistant is NLU-only (the bot owns the dialogue), so Rasa's story checks warn that no
# intent is used in a story; any other data warning is a real problem.
NLU_ONLY_WARNING = "is not used in any story or rule"


def validate(settings: Settings) -> int:
    """`rasa data validate` on the generated data; fails on errors and on every data warning
    except the expected story-usage ones."""
    prepare(settings)
    cmd = rasa_cli(
        settings,
        "data",
        "validate",
        "--config",
        str(training_data.CONFIG),
        "--domain",
        str(training_data.GENERATED_DIR / "domain.yml"),
        "--data",
        str(training_data.GENERATED_NLU),
    )
    done = subprocess.run(cmd, cwd=ROOT, env=rasa_env(), check=False, capture_output=True, text=True)
    warnings = [
        line.split("UserWarning:", 1)[1].strip()
        for line in (done.stdout + done.stderr).splitlines()
        if "UserWarning:" in line
    ]
    problems = [w for w in warnings if NLU_ONLY_WARNING not in w]
    for problem in problems:
        print(f"rasa data validate: {problem}")
    if done.returncode != 0:
        print(done.stdout[-3000:] + done.stderr[-3000:])
        return done.returncode
    print(
        f"rasa data validate: clean ({len(warnings) - len(problems)} expected "
        f"'{NLU_ONLY_WARNING}' notes for this NLU-only assistant, {len(problems)} other warnings)"
    )
    return 1 if problems else 0


CROSS_VALIDATION_DIR = ROOT / "var" / "cross-validation"


def cross_validate(settings: Settings, folds: int = 3) -> int:
    """`rasa test nlu --cross-validation` from the repository root (so the custom components
    import), on the generated data; prints the intent figures from Rasa's own report."""
    prepare(settings)
    CROSS_VALIDATION_DIR.mkdir(parents=True, exist_ok=True)
    cmd = rasa_cli(
        settings,
        "test",
        "nlu",
        "--config",
        str(training_data.CONFIG),
        "--nlu",
        str(training_data.GENERATED_NLU),
        "--cross-validation",
        "--folds",
        str(folds),
        "--out",
        str(CROSS_VALIDATION_DIR),
    )
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=ROOT, env=rasa_env(), check=False)
    if result.returncode != 0:
        return result.returncode
    report = json.loads((CROSS_VALIDATION_DIR / "intent_report.json").read_text(encoding="utf-8"))
    averages = report["weighted avg"]
    print(
        f"{folds}-fold cross-validation on the training examples ({time.monotonic() - started:.0f} s): "
        f"intent accuracy {report['accuracy']:.3f}, weighted F1 {averages['f1-score']:.3f}, "
        f"macro F1 {report['macro avg']['f1-score']:.3f}; reports in "
        f"{CROSS_VALIDATION_DIR.relative_to(ROOT)}/"
    )
    return 0
