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
    if not SEED.exists():
        pytest.skip("the seed is not next to this checkout")
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
    assert f"{path}:" in problem and "YAML syntax error" in problem


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
    assert any(
        "also appears in: copy-of-it" in m or "also appears in: taiwanicdf-scholarship" in m for m in problems
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
