"""Cross-file checks that keep content/ faithful to the white paper.

`make check-content` runs these; so does `make test`. Schema errors come from the loader;
this module checks what a schema cannot: ids, links between entries, citations against
the seed, numbers against their citations, and example questions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.content.loader import LoadedEntry, Problem, RawContent

MIN_EXAMPLES = 12
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
URL = re.compile(r"https?://\S+")
# Names with digits in them that are not facts to check ("COVID-19", "4P", "G7"-style codes).
NAME_WITH_DIGITS = re.compile(r"COVID-19|\b\d?[A-Za-z]+\d+[A-Za-z]*\b|\b\d+P\b")


@dataclass(frozen=True)
class Seed:
    lines: list[str]

    @classmethod
    def read(cls, path: Path) -> Seed:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def span(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])


def normalise_number(token: str) -> str:
    """'1,151' and '1.151' -> '1151'; '28,66' -> '28.66': compare numbers, not typography."""
    parts = re.split(r"[.,]", token)
    if len(parts) == 1:
        return token.lstrip("0") or "0"
    if all(len(p) == 3 for p in parts[1:]):
        return "".join(parts).lstrip("0") or "0"
    return (parts[0].lstrip("0") or "0") + "." + "".join(parts[1:])


def numbers_in(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    text = NAME_WITH_DIGITS.sub(" ", URL.sub(" ", text))
    return {normalise_number(t) for t in NUMBER.findall(text)}


def squash(text: str) -> str:
    """Text without whitespace, so a quote matches across the PDF's line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalise_example(text: str) -> str:
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


def check(raw: RawContent, seed: Seed | None, min_examples: int = MIN_EXAMPLES) -> list[Problem]:
    problems = list(raw.problems)
    by_id: dict[str, LoadedEntry] = {}
    for item in raw.entries:
        if item.entry.id in by_id:
            problems.append(
                Problem(
                    item.path,
                    item.line_of("id"),
                    f"duplicate id '{item.entry.id}', also used in {by_id[item.entry.id].path}",
                    "give one of them another id",
                )
            )
        else:
            by_id[item.entry.id] = item
        expected = f"{item.entry.id}.yml"
        if item.path.name != expected:
            problems.append(
                Problem(
                    item.path, item.line_of("id"), f"file name should be {expected}", f"rename to {expected}"
                )
            )
    country_keys = {c.key for c in raw.countries}
    for item in raw.entries:
        problems += _check_links(item, by_id, country_keys)
        problems += _check_examples(item, min_examples)
        if seed is not None:
            problems += _check_citations(item, seed)
    problems += _check_collisions(raw.entries)
    return problems


def _check_links(item: LoadedEntry, by_id: dict[str, LoadedEntry], countries: set[str]) -> list[Problem]:
    problems = []
    entry = item.entry
    for i, rel in enumerate(entry.related):
        if rel == entry.id:
            problems.append(
                Problem(item.path, item.line_of("related", i), "an entry cannot relate to itself")
            )
        elif rel not in by_id:
            problems.append(
                Problem(
                    item.path,
                    item.line_of("related", i),
                    f"related id '{rel}' does not exist",
                    "use the id of an existing entry (see `python -m bot.content stats --ids`)",
                )
            )
    keys = [*entry.countries, *([entry.country] if entry.country else [])]
    for key in keys:
        if key not in countries:
            problems.append(
                Problem(
                    item.path,
                    item.line_of("countries"),
                    f"unknown country key '{key}'",
                    "add it to content/_countries.yml or use an existing key",
                )
            )
    return problems


def _check_examples(item: LoadedEntry, min_examples: int) -> list[Problem]:
    problems = []
    for lang, examples in item.entry.examples.items():
        line = item.line_of("examples", lang)
        if len(examples) < min_examples:
            problems.append(
                Problem(
                    item.path,
                    line,
                    f"examples.{lang} has {len(examples)} questions, needs {min_examples}",
                    "add questions as real users would type them",
                )
            )
        seen: set[str] = set()
        for i, example in enumerate(examples):
            key = normalise_example(example)
            if not key:
                problems.append(
                    Problem(item.path, item.line_of("examples", lang, i), "empty example question")
                )
            elif key in seen:
                problems.append(
                    Problem(
                        item.path,
                        item.line_of("examples", lang, i),
                        f"repeated example: {example!r}",
                        "remove the duplicate",
                    )
                )
            seen.add(key)
    return problems


def _check_citations(item: LoadedEntry, seed: Seed) -> list[Problem]:
    problems = []
    entry = item.entry
    cited = []
    for i, source in enumerate(entry.sources):
        line = item.line_of("sources", i, "lines")
        if source.end > len(seed.lines):
            problems.append(
                Problem(
                    item.path,
                    line,
                    f"cited lines {source.lines} run past the seed's {len(seed.lines)} lines",
                    "cite a range inside the seed",
                )
            )
            continue
        span = seed.span(source.start, source.end)
        cited.append(span)
        if squash(source.quote) not in squash(span):
            problems.append(
                Problem(
                    item.path,
                    item.line_of("sources", i, "quote"),
                    f"quote not found in seed lines {source.lines}: {source.quote[:40]!r}",
                    "copy the quote verbatim from those lines, or fix the line range",
                )
            )
    if not cited:
        return problems
    seed_numbers = numbers_in("\n".join(cited))
    figure_values = set()
    for j, figure in enumerate(entry.figures):
        if squash(figure.seed) not in squash("\n".join(cited)):
            problems.append(
                Problem(
                    item.path,
                    item.line_of("figures", j),
                    f"figure's seed form {figure.seed!r} not in cited lines",
                    "copy how the seed writes it, or cite the lines that contain it",
                )
            )
        else:
            figure_values |= numbers_in(figure.value)
    allowed = seed_numbers | figure_values
    for field_name, lang, text in entry.texts():
        for number in sorted(numbers_in(text) - allowed):
            problems.append(
                Problem(
                    item.path,
                    item.line_of(*field_name.split("."), lang),
                    f"{field_name}.{lang} states {number!r}, which is not in the cited lines",
                    "cite the lines that contain it, declare it under `figures:`, or remove it",
                )
            )
    return problems


def _check_collisions(entries: list[LoadedEntry]) -> list[Problem]:
    owners: dict[str, list[tuple[LoadedEntry, str, int]]] = defaultdict(list)
    for item in entries:
        for lang, examples in item.entry.examples.items():
            for i, example in enumerate(examples):
                owners[normalise_example(example)].append((item, lang, i))
    problems = []
    for key, places in owners.items():
        ids = {p[0].entry.id for p in places}
        if key and len(ids) > 1:
            item, lang, i = places[0]
            problems.append(
                Problem(
                    item.path,
                    item.line_of("examples", lang, i),
                    f"example {key!r} also appears in: {', '.join(sorted(ids - {item.entry.id}))}",
                    "an example question must belong to one entry; make it specific or remove it",
                )
            )
    return problems
