"""`python -m bench [--no-train] [--no-baseline]`: prints the figures and writes docs/benchmarks.md."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import tempfile
from pathlib import Path

from bench import heldout, load_bench
from bench.metrics import LANGS, Scores
from bench.nlu_bench import RasaRun, baseline_model, evaluate_bm25, evaluate_rasa, percentile, train
from bot.settings import ROOT, get_settings
from bot.training import data as training_data
from bot.training.train import ensure_model

REPORT = ROOT / "docs" / "benchmarks.md"


def pct(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value * 100:.1f}%"


def accuracy_table(rows: list[tuple[str, Scores]]) -> list[str]:
    lines = [
        "| system | "
        + " | ".join(f"accuracy {lang}" for lang in LANGS)
        + " | macro-F1 | OOS precision | OOS recall | in-scope → fallback |",
        "|---" * (len(LANGS) + 5) + "|",
    ]
    for name, s in rows:
        lines.append(
            f"| {name} | "
            + " | ".join(pct(s.accuracy[lang]) for lang in LANGS)
            + f" | {s.macro_f1:.3f} | {pct(s.oos_precision)} | {pct(s.oos_recall)}"
            + f" | {pct(s.in_scope_fallback)} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--no-train", action="store_true", help="skip timing a fresh training run")
    parser.add_argument("--no-baseline", action="store_true", help="skip the rasa init baseline")
    parser.add_argument("--no-load", action="store_true", help="skip the load benchmark")
    args = parser.parse_args()
    settings = get_settings()
    items = heldout.load()
    model = ensure_model(settings)
    train_s = float("nan")
    if not args.no_train:
        print("timing a fresh training run …", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            train_s = train(settings, training_data.CONFIG, Path(tmp), "timed")
    print(f"evaluating on {len(items)} held-out questions …", flush=True)
    ours: RasaRun = evaluate_rasa(settings, model, items)
    rows = [
        ("this bot (Rasa, config.yml)", ours.scores),
        ("BM25 over content (bm25s)", evaluate_bm25(settings, items)),
    ]
    if not args.no_baseline:
        base = evaluate_rasa(
            settings, baseline_model(settings, ROOT / "bench" / "config-rasa-init.yml"), items
        )
        rows.append(("Rasa default pipeline (rasa init)", base.scores))
    counts = {lang: sum(i.lang == lang for i in items) for lang in LANGS}
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {dt.date.today().isoformat()}, on this project's 2-core machine.",
        f"Held-out set: `tests/data/heldout.yml`, {len(items)} questions "
        + ", ".join(f"{lang} {n}" for lang, n in counts.items())
        + f", of which {sum(i.expect == heldout.OUT_OF_SCOPE for i in items)} out of scope;"
        + " never trained on.",
        "Accuracy counts in-scope questions answered with the right entry;"
        + " OOS = out of scope (the fallback).",
        "",
        "## Understanding",
        "",
        *accuracy_table(rows),
        "",
        "Most confused pairs (expected → answered) for this bot:",
        "",
        *[f"- {a} → {b}: {n}" for a, b, n in ours.scores.confusions],
        "",
        "## Speed and memory (Rasa NLU server)",
        "",
        "| figure | value |",
        "|---|---|",
        f"| parse latency p50 | {percentile(ours.parse_ms, 50):.1f} ms |",
        f"| parse latency p95 | {percentile(ours.parse_ms, 95):.1f} ms |",
        f"| full training time (`rasa train nlu`) | {'n/a' if math.isnan(train_s) else f'{train_s:.0f} s'} |",
        f"| Rasa server cold start to first parse | {ours.cold_start_s:.1f} s |",
        f"| Rasa server peak memory (VmHWM) | {ours.peak_rss_mb:.0f} MB |",
        "",
    ]
    if not args.no_load:
        print("load: 50 users chatting at once through the Bot API stand-in …", flush=True)
        load = load_bench.run(settings, model)
        lines += [
            "## Load (Telegram stand-in, Rasa in the loop)",
            "",
            f"{load.users} users at once, each sending its next question when the answer arrives.",
            "",
            "| figure | value |",
            "|---|---|",
            f"| answered messages | {load.answered} in {load.seconds:.1f} s |",
            f"| throughput | {load.rate:.0f} answered messages/s |",
            f"| update → reply latency p50 | {statistics.median(load.latencies_ms):.0f} ms |",
            f"| update → reply latency p95 | {load_bench.p95(load.latencies_ms):.0f} ms |",
            f"| bot process peak memory (with the stand-in) | {load.bot_peak_mb:.0f} MB |",
            f"| Rasa server peak memory | {load.rasa_peak_mb:.0f} MB |",
            f"| cold start (Rasa + bot) to first answer | {load.cold_start_s:.1f} s |",
            "",
        ]
    report = "\n".join(lines)
    print(report)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(f"written to {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
