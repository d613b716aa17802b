"""The program finder's matching, from content alone."""

from __future__ import annotations

from bot.content.store import Catalog
from bot.core import finder


def test_student_from_paraguay_who_wants_to_study_sees_paraguay_programs_first(catalog: Catalog) -> None:
    found = finder.matches(catalog, "student", "paraguay", "study")
    assert found, "expected scholarship matches"
    assert found[0].entry.id == "taiwan-paraguay-polytechnic" and found[0].country_named
    assert all(m.entry.kind == "scholarship" for m in found)


def test_ngo_looking_for_funding_sees_the_subsidies_with_an_application_route(catalog: Catalog) -> None:
    found = finder.matches(catalog, "ngo", None, "funding")
    ids = [m.entry.id for m in found]
    assert "mofa-ngo-subsidies" in ids
    assert found[0].entry.has_application_info


def test_results_say_why_and_what_the_paper_says_about_applying(catalog: Catalog) -> None:
    found = finder.matches(catalog, "student", "paraguay", "study")
    text = finder.results(found, "paraguay", "en", catalog).text
    assert "The paper mentions it for Paraguay." in text
    assert "The paper gives no application details." in text


def test_country_projects_only_show_the_users_country(catalog: Catalog) -> None:
    found = finder.matches(catalog, "official", "haiti", "projects")
    countries = {m.entry.country for m in found if m.entry.kind == "country"}
    assert countries <= {"haiti"}
