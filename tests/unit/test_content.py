"""Content loading and validation: what a maintainer sees when an entry is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.content.checker import Seed, check, numbers_in
from bot.content.loader import ContentError, read_content
from bot.content.store import ContentStore, load_catalog
from bot.settings import ROOT, get_settings

REFERENCE = ROOT / "content" / "scholarship" / "taiwanicdf-scholarship.yml"
SEED = get_settings().seed_path


@pytest.fixture
def seed() -> Seed:
    # The white paper is in the repository (content/source/): a clone checks every citation.
    assert SEED.exists(), f"{SEED} is missing"
    return Seed.read(SEED)


def write_entry(folder: Path, **changes: object) -> Path:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    data["related"] = []
    data.update(changes)
    path = folder / "scholarship" / f"{data['id']}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def messages(folder: Path, seed: Seed | None) -> list[str]:
    return [str(p) for p in check(read_content(folder), seed)]


def test_the_shipped_content_passes_every_check(seed: Seed) -> None:
    raw = read_content(ROOT / "content")
    assert check(raw, seed) == []
    assert len(raw.entries) >= 70


def test_every_entry_has_three_languages_and_enough_examples() -> None:
    catalog = load_catalog(ROOT / "content")
    for entry in catalog.entries.values():
        for lang in ("zh-Hant", "en", "es"):
            assert entry.title.get(lang) and entry.summary.get(lang) and entry.how_to_apply.get(lang)
            assert len(entry.examples.get(lang)) >= 12, (entry.id, lang)


def test_missing_language_names_the_field_and_line(tmp_path: Path) -> None:
    path = write_entry(tmp_path, summary={"zh-Hant": "摘要", "en": "Summary"})
    (problem,) = [m for m in messages(tmp_path, None) if "summary" in m]
    assert f"{path}:" in problem and "summary.es" in problem and "fix: add" in problem


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "guide" / "broken.yml"
    path.parent.mkdir()
    path.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    (problem,) = messages(tmp_path, None)
    assert f"{path}:" in problem and "YAML" in problem


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("id: x\nrelated: [a, b\nsummary:\n  en: hi\n", 2, "not closed with ]"),
        ('id: x\ntitle:\n  en: "Taiwan cooperation\n  es: hola\nsummary:\n  en: hi\n', 3, "never closed"),
        ("id: x\ntitle:\n  en: hi\n   es: hola\n", 4, "indented more"),
        ("id: x\ntitle:\n  zh-Hant 臺灣\n  en: hi\n", 4, "lost its colon"),
    ],
    ids=["unclosed list", "unclosed quote", "three spaces", "missing colon"],
)
def test_broken_yaml_is_reported_where_it_opened_in_plain_words(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "guide" / "broken.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    (problem,) = messages(tmp_path, None)
    assert f"{path}:{line}:" in problem and words in problem


def test_an_example_indented_one_step_too_far_is_not_silently_merged(tmp_path: Path) -> None:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    write_entry(tmp_path)
    path = next(tmp_path.rglob("*.yml"))
    first = data["examples"]["en"][0]
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == f"- {first}" or first in line)
    lines[at + 1] = "  " + lines[at + 1]  # the next item, two spaces further in
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = messages(tmp_path, None)
    assert any("two questions ran into one example" in p and f"{path}:{at + 1}:" in p for p in problems)


def test_a_colon_in_a_value_is_explained_at_its_line_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "guide" / "broken.yml"
    path.parent.mkdir()
    path.write_text("id: broken\nsummary:\n  en: Note: this breaks\n  es: bien\n", encoding="utf-8")
    (problem,) = messages(tmp_path, None)
    assert f"{path}:3:" in problem  # the line with the colon, not the next key
    assert "': '" in problem and "double quotes" in problem


def test_quote_that_is_not_in_the_cited_lines_is_rejected(tmp_path: Path, seed: Seed) -> None:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    data["sources"][0]["quote"] = "這句話不在白皮書裡"
    write_entry(tmp_path, sources=data["sources"])
    assert any("quote not found in seed lines 1255-1270" in m for m in messages(tmp_path, seed))


def test_a_number_not_in_the_cited_lines_is_rejected(tmp_path: Path, seed: Seed) -> None:
    summary = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))["summary"]
    summary["en"] = "Since 1998 TaiwanICDF has offered 250 full scholarships a year."
    write_entry(tmp_path, summary=summary)
    problems = messages(tmp_path, seed)
    assert any("summary.en states '250'" in m for m in problems)
    assert not any("'1998'" in m for m in problems)


def test_citation_past_the_end_of_the_seed_is_rejected(tmp_path: Path, seed: Seed) -> None:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    data["sources"][0]["lines"] = "99999-100000"
    write_entry(tmp_path, sources=data["sources"])
    assert any("run past the seed" in m for m in messages(tmp_path, seed))


def test_unknown_related_id_and_example_collision_are_reported(tmp_path: Path) -> None:
    write_entry(tmp_path, related=["no-such-entry"])
    write_entry(tmp_path, id="copy-of-it")
    problems = messages(tmp_path, None)
    assert any("related id 'no-such-entry' does not exist" in m for m in problems)
    collisions = [m for m in problems if "also appears in" in m]
    # Reported in both files, each at its own line, naming the other file and line.
    assert any(
        "copy-of-it.yml:" in m.split(": example")[0] and "taiwanicdf-scholarship.yml:" in m
        for m in collisions
    )
    assert any(
        "taiwanicdf-scholarship.yml:" in m.split(": example")[0] and "copy-of-it.yml:" in m
        for m in collisions
    )


def test_numbers_are_compared_not_their_typography() -> None:
    assert numbers_in("1,151 videos, 28.66% and 7.000 personas") == {"1151", "28.66", "7000"}
    assert "19" not in numbers_in("COVID-19 response")


def test_reload_keeps_serving_the_last_good_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    store = ContentStore(content)
    before = len(store.catalog.entries)
    target = content / "scholarship" / "taiwanicdf-scholarship.yml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("kind: scholarship", "kind: nonsense"), encoding="utf-8"
    )
    problems = store.reload()
    assert problems and "kind" in str(problems[0])
    assert len(store.catalog.entries) == before
    assert store.catalog.get("taiwanicdf-scholarship") is not None


def test_reload_picks_up_a_valid_edit_without_restart(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    store = ContentStore(content)
    target = content / "scholarship" / "taiwanicdf-scholarship.yml"
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace(
            "en: TaiwanICDF International Higher Education Scholarship Program",
            "en: TaiwanICDF Scholarship (edited)",
        ),
        encoding="utf-8",
    )
    assert store.reload() == []
    assert store.catalog.get("taiwanicdf-scholarship").title.en == "TaiwanICDF Scholarship (edited)"


def test_load_catalog_raises_with_all_problems(tmp_path: Path) -> None:
    write_entry(tmp_path, related=["missing-one", "missing-two"])
    with pytest.raises(ContentError) as info:
        load_catalog(tmp_path)
    assert len(info.value.problems) == 2


def test_the_white_paper_is_in_the_repository_and_a_missing_one_fails_the_check(tmp_path: Path) -> None:
    from bot.content.__main__ import cmd_check

    assert SEED.is_relative_to(ROOT / "content")
    assert cmd_check(ROOT / "content", tmp_path / "gone.txt") == 1


def test_a_fact_is_checked_against_its_own_lines(tmp_path: Path, seed: Seed) -> None:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    fact = data["facts"][0]
    wrong = {**fact, "text": {lang: f"{text} 1234567" for lang, text in fact["text"].items()}}
    path = write_entry(tmp_path, facts=[wrong, *data["facts"][1:]])
    problems = [m for m in messages(tmp_path, seed) if "facts.0.text" in m]
    assert len(problems) == 3  # one per language
    assert all(f"{path}:" in m and "1234567" in m and f"own lines {fact['lines']}" in m for m in problems)


def test_a_moved_quote_says_where_the_seed_has_it(tmp_path: Path, seed: Seed) -> None:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    source = {**data["sources"][0], "lines": "100-110"}
    write_entry(tmp_path, sources=[source, *data["sources"][1:]])
    (problem,) = [m for m in messages(tmp_path, seed) if "quote not found" in m]
    assert "the seed has it at line" in problem


def test_a_name_the_glossary_rules_out_is_flagged(tmp_path: Path) -> None:
    write_entry(tmp_path, summary={"zh-Hant": "摘要", "en": "Run by Taiwan ICDF.", "es": "Resumen."})
    (tmp_path / "_glossary.yml").write_text(
        "terms:\n  - id: taiwanicdf\n    names: {zh-Hant: 國合會, en: TaiwanICDF, es: TaiwanICDF}\n"
        "    avoid: {en: [Taiwan ICDF]}\n",
        encoding="utf-8",
    )
    (problem,) = [m for m in messages(tmp_path, None) if "taiwanicdf" in m and "names" in m]
    assert "summary.en" in problem and "'TaiwanICDF'" in problem


def test_the_entries_the_code_relies_on_are_required(tmp_path: Path) -> None:
    from bot.content.checker import check_required
    from bot.core.ids import REQUIRED_IDS

    write_entry(tmp_path)
    problems = check_required(read_content(tmp_path), tmp_path, REQUIRED_IDS)
    assert {p.message.split("'")[1] for p in problems} == set(REQUIRED_IDS)
    assert check_required(read_content(ROOT / "content"), ROOT / "content", REQUIRED_IDS) == []


def test_updates_and_errata_are_dated_sourced_and_shown_first(catalog) -> None:
    from bot.core.compose import compose, overview

    nauru = catalog.get("country-nauru")
    assert nauru is not None and nauru.updates
    assert all(u.url and u.url_verified_by for u in nauru.updates)
    first = compose(overview(nauru), "en", catalog)[0].text
    assert first.split("\n\n")[1].startswith("⚠️")  # right under the title
    assert "2024" in first
    myanmar = catalog.get("country-myanmar")
    assert myanmar is not None and any(e.start <= 2655 <= e.end for e in myanmar.errata)
    assert "2021" in compose(overview(myanmar), "es", catalog)[0].text


@pytest.mark.parametrize("aspect", ["apply", "who", "more", "src"])
def test_a_break_in_relations_heads_every_screen_of_the_entry(catalog, aspect: str) -> None:
    from bot.core.render import aspect_message

    nauru = catalog.get("country-nauru")
    assert nauru is not None
    screen = aspect_message(nauru, aspect, "zh-Hant", catalog).text.split("\n\n")
    assert screen[1].startswith("⚠️") and "2024" in screen[1]


def test_a_change_about_other_statements_follows_the_answer_it_does_not_lead_it(catalog) -> None:
    """GCTF's new partner (2024) bears on the partner facts: it leads an answer about partners,
    and follows the answer to "how many workshops?"; a break in relations leads every answer."""
    from bot.core.compose import compose
    from bot.core.decision import Decision
    from bot.core.facts import FactRef

    gctf = catalog.get("gctf")
    assert gctf is not None and gctf.updates and gctf.updates[0].concerns
    count = next(i for i, f in enumerate(gctf.facts) if "61" in f.text.en)
    partners = next(i for i, f in enumerate(gctf.facts) if gctf.updates[0].bears_on(f.lines))

    def blocks(entry_id: str, index: int) -> list[str]:
        decision = Decision("answer", entry=entry_id, facts=(FactRef(entry_id, index),))
        return compose(decision, "en", catalog)[0].text.split("\n\n")

    answer = blocks("gctf", count)
    assert "61" in answer[1] and answer[2].startswith("⚠️")
    assert blocks("gctf", partners)[1].startswith("⚠️")
    nauru = catalog.get("country-nauru")
    assert nauru is not None and nauru.updates[0].concerns is None
    assert blocks("country-nauru", len(nauru.facts) - 1)[1].startswith("⚠️")


GOOD_UPDATE = {
    "date": "2024-01-15",
    "text": {"zh-Hant": "有變化。", "en": "Something changed.", "es": "Algo cambió."},
    "url": "https://en.mofa.gov.tw/News_Content.aspx?n=1328",
    "url_verified_by": "search pages corpus, 2026-12-01: MOFA statement",
}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"url_verified_by": None}, "url_verified_by"),
        ({"date": "sometime in 2024"}, "date"),
        ({"text": {"zh-Hant": "有變化。", "en": "Something changed."}}, "es"),
        ({"url": "not a web address"}, "url"),
        ({"concerns": ["99999-100000"]}, "the lines it concerns"),
    ],
    ids=["unverified", "undated", "a language missing", "no url", "lines past the seed"],
)
def test_a_change_since_the_paper_must_be_dated_sourced_verified_and_in_three_languages(
    tmp_path: Path, seed: Seed, change: dict[str, object], words: str
) -> None:
    update = {k: v for k, v in {**GOOD_UPDATE, **change}.items() if v is not None}
    write_entry(tmp_path, updates=[update])
    problems = messages(tmp_path, seed)
    assert any(words in p and ("updates" in p or "concerns" in p) for p in problems), problems
    write_entry(tmp_path, updates=[GOOD_UPDATE])
    assert messages(tmp_path, seed) == []


def test_an_erratum_citing_lines_past_the_seed_is_refused(tmp_path: Path, seed: Seed) -> None:
    erratum = {**GOOD_UPDATE, "lines": "99999"}
    write_entry(tmp_path, errata=[erratum])
    assert any("run past the seed" in p for p in messages(tmp_path, seed))


def test_a_fact_saying_the_paper_gives_no_amount_cannot_be_tagged_as_giving_one(tmp_path: Path) -> None:
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    fact = dict(data["facts"][0])
    fact["about"] = ["money"]
    fact["text"] = {**fact["text"], "en": "The white paper gives no amount for this scholarship."}
    write_entry(tmp_path, facts=[fact, *data["facts"][1:]])
    found = messages(tmp_path, None)
    assert any("gives no money detail" in m and "taiwanicdf-scholarship.yml" in m for m in found), found
