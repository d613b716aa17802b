"""`python -m bench [--no-train] [--no-baseline]`: prints the figures and writes docs/benchmarks.md."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import tempfile
from pathlib import Path

from bench import facts, heldout, load_bench
from bench.metrics import LANGS, Scores
from bench.nlu_bench import (
    RasaRun,
    baseline_model,
    evaluate_bm25,
    evaluate_rasa,
    percentile,
    scores_by_set,
    train,
)
from bench.tables import markdown, pct
from bot.settings import ROOT, get_settings
from bot.training import data as training_data
from bot.training.train import ensure_model

REPORT = ROOT / "docs" / "benchmarks.md"
README = ROOT / "README.md"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def quote_in_readme(report: str) -> bool:
    """Replace the figures between the README's bench markers, so the README stays true."""
    text = README.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return False
    body = report.split("\n", 1)[1].strip().replace("\n## ", "\n### ").replace("\n### Held", "\n#### Held")
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    README.write_text(f"{head}{README_START}\n{body}\n{README_END}{tail}", encoding="utf-8")
    return True


def accuracy_table(rows: list[tuple[str, Scores]]) -> list[str]:
    header = [
        "system",
        *(f"accuracy {lang}" for lang in LANGS),
        "macro-F1",
        "OOS precision",
        "OOS recall",
        "in-scope → fallback",
    ]
    return markdown(
        header,
        [
            [
                name,
                *(pct(s.accuracy[lang]) for lang in LANGS),
                f"{s.macro_f1:.3f}",
                pct(s.oos_precision),
                pct(s.oos_recall),
                pct(s.in_scope_fallback),
            ]
            for name, s in rows
        ],
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--no-train", action="store_true", help="skip timing a fresh training run")
    parser.add_argument("--no-baseline", action="store_true", help="skip the rasa init baseline")
    parser.add_argument("--no-load", action="store_true", help="skip the load benchmark")
    args = parser.parse_args()
    settings = get_settings()
    items = heldout.load_all()
    model = ensure_model(settings)
    train_s = float("nan")
    if not args.no_train:
        print("timing a fresh training run …", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            train_s = train(settings, training_data.CONFIG, Path(tmp), "timed")
    print(f"evaluating on {len(items)} held-out questions …", flush=True)
    ours: RasaRun = evaluate_rasa(settings, model, items)
    systems = [
        ("this bot (Rasa, config.yml)", scores_by_set(ours.results)),
        ("BM25 over content (bm25s)", scores_by_set(evaluate_bm25(settings, items))),
    ]
    if not args.no_baseline:
        base = evaluate_rasa(
            settings, baseline_model(settings, ROOT / "bench" / "config-rasa-init.yml"), items
        )
        systems.append(("Rasa default pipeline (rasa init)", scores_by_set(base.results)))
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {dt.date.today().isoformat()}, on this project's 2-core machine.",
        "Accuracy counts in-scope questions answered with the right entry;"
        + " OOS = out of scope (the fallback).",
        "",
        "## Understanding",
        "",
    ]
    for name, path in heldout.HELDOUT_SETS.items():
        subset = [i for i in items if i.set == name]
        counts = {lang: sum(i.lang == lang for i in subset) for lang in LANGS}
        lines += [
            f"### Held-out {name}: `{path.relative_to(ROOT)}`",
            "",
            f"{len(subset)} questions ("
            + ", ".join(f"{lang} {n}" for lang, n in counts.items())
            + f"), {sum(i.expect == heldout.OUT_OF_SCOPE for i in subset)} of them out of scope;"
            + " never trained on.",
            "",
            *accuracy_table([(system, by_set[name]) for system, by_set in systems]),
            "",
            "Most confused pairs (expected → answered) for this bot:",
            "",
            *[f"- {a} → {b}: {n}" for a, b, n in systems[0][1][name].confusions],
            "",
        ]
    print("fact hit: the blind fact set and dialogues, then the development ones …", flush=True)
    blind, _outcomes = facts.measure(settings, model, facts.BLIND)
    dev, _outcomes = facts.measure(settings, model, facts.DEV)
    lines += [
        "## Answers: does the first message contain what was asked?",
        "",
        "Fact hit counts in-scope questions whose first reply message contains one of the expected strings"
        " (for a detail the paper lacks: says the paper does not give it); in-scope → fallback counts"
        ' "Did you mean…?" too. Blind: `tests/data/heldout-facts.yml` and `tests/data/dialogues.yml`,'
        " written from the white paper alone and never tuned on. Development: `tests/data/dev-facts.yml`"
        " and `tests/data/dev-dialogues.yml`, written the same way by another writer, used for tuning.",
        "",
        *facts.table([("blind", blind), ("development", dev)]),
        "",
        "Blind set by language:",
        "",
        *facts.per_language_table(blind),
        "",
    ]
    trained = "n/a" if math.isnan(train_s) else f"{train_s:.0f} s"
    lines += [
        "## Speed and memory (Rasa NLU server)",
        "",
        *markdown(
            ["figure", "value"],
            [
                ["parse latency p50", f"{percentile(ours.parse_ms, 50):.1f} ms"],
                ["parse latency p95", f"{percentile(ours.parse_ms, 95):.1f} ms"],
                ["full training time (`rasa train nlu`)", trained],
                ["Rasa server cold start to first parse", f"{ours.cold_start_s:.1f} s"],
                ["Rasa server peak memory (VmHWM)", f"{ours.peak_rss_mb:.0f} MB"],
            ],
        ),
        "",
    ]
    if not args.no_load:
        print("load: 50 users chatting at once through the Bot API stand-in …", flush=True)
        load = load_bench.run(settings, model)
        lines += [
            "## Load (Telegram stand-in, Rasa in the loop)",
            "",
            f"{load.users} users at once, through the real Telegram channel (`python -m bot telegram`,"
            " send cap lifted). Paced: each user starts a turn on a fixed beat, so together they offer"
            " the rate named; latency is from the update to the first reply message. Saturation: each"
            " user sends its next question as soon as the answer arrives.",
            "",
            *markdown(
                ["run", "answered", "throughput", "latency p50", "latency p95"],
                [
                    [
                        phase.name,
                        f"{phase.answered} in {phase.seconds:.1f} s",
                        f"{phase.rate:.0f} messages/s",
                        f"{statistics.median(phase.latencies_ms):.0f} ms",
                        f"{load_bench.p95(phase.latencies_ms):.0f} ms",
                    ]
                    for phase in load.phases
                ],
            ),
            "",
            *markdown(
                ["figure", "value"],
                [
                    ["bot process peak memory", f"{load.bot_peak_mb:.0f} MB"],
                    ["Rasa server peak memory", f"{load.rasa_peak_mb:.0f} MB"],
                    ["cold start (Rasa + bot) to first answer", f"{load.cold_start_s:.1f} s"],
                ],
            ),
            "",
        ]
    report = "\n".join(lines)
    print(report)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(f"written to {REPORT.relative_to(ROOT)}")
    if quote_in_readme(report):
        print(f"and quoted in {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
