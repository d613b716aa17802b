"""A maintainer's day without tracebacks: stale models, pipes into `head`, training output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT, Settings
from bot.training import train


def settings_with(tmp_path: Path) -> Settings:
    return Settings(models_dir=tmp_path / "models", model_cache_dir=tmp_path / "cache")


def test_after_an_example_changed_the_last_trained_model_is_served_and_called_stale(tmp_path: Path) -> None:
    settings = settings_with(tmp_path)
    settings.models_dir.mkdir()
    old = settings.models_dir / "nlu-0000000000000000.tar.gz"  # trained on other data
    old.write_bytes(b"model")
    model, stale = train.serving_model(settings)
    assert (model, stale) == (old, True)


def test_the_model_for_the_current_data_kept_only_in_the_cache_is_current_not_stale(tmp_path: Path) -> None:
    settings = settings_with(tmp_path)
    _, key = train.prepare(settings)
    settings.model_cache_dir.mkdir()
    cached = settings.model_cache_dir / train.model_path(settings, key).name
    cached.write_bytes(b"model")
    assert train.serving_model(settings) == (cached, False)


def test_with_no_model_at_all_the_answer_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(train.NoModel, match="make train"):
        train.serving_model(settings_with(tmp_path))


def test_piping_into_head_ends_quietly() -> None:
    done = subprocess.run(
        f"{sys.executable} -m bot.content stats --ids | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip().endswith("entries")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_training_shows_one_progress_line_from_rasas_output() -> None:
    noisy = "WARNING lots of library noise\r\nEpochs:  45%|████      | 27/60 [01:00<01:10, t_loss=5.2]\r"
    assert train._progress(noisy) == "DIETClassifier: epoch 27/60"
    assert train._progress("Starting to train component 'KeywordFusion'.") == "component KeywordFusion"


def test_show_previews_every_screen_every_fact_and_every_source_in_the_three_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.content.preview import show_entry
    from bot.content.store import load_catalog

    settings = Settings()
    gctf = load_catalog(settings.content_dir, settings.seed_path).get("gctf")
    assert gctf is not None and len(gctf.sources) > 1
    assert show_entry("gctf", ["zh-Hant", "en", "es"]) == 0
    out = capsys.readouterr().out
    for screen in ("answer", "more", "who", "apply", "src", "rel"):
        assert all(f"=== {screen} · {lang} " in out for lang in ("zh-Hant", "en", "es"))
    more = out.split("=== more · en ")[1].split("=== ")[0]
    assert all(fact.text.en.split(",")[0] in more for fact in gctf.facts)  # More details: every fact
    assert all(source.quote in out for source in gctf.sources)
    assert show_entry("gctff", ["en"]) == 1 and "did you mean: gctf" in capsys.readouterr().err
