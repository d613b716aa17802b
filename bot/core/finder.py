"""The program finder: who you are, your country, your interest → matching programs from content."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bot.content.models import Entry
from bot.content.store import Catalog
from bot.core import callbacks
from bot.core.types import Button, Message
from bot.i18n import N_, gettext_for

AUDIENCE_LABELS = {
    "student": N_("🎓 Student"),
    "official": N_("🏛 Government official"),
    "ngo": N_("🤝 NGO staff"),
    "youth": N_("🇹🇼 Young Taiwanese"),
    "business": N_("💼 Business"),
}
INTEREST_LABELS = {
    "study": N_("Study in Taiwan"),
    "training": N_("Training or a workshop"),
    "funding": N_("Funding or loans"),
    "abroad": N_("Volunteering or serving abroad"),
    "projects": N_("Cooperation projects in my country"),
}
INTEREST_KINDS = {
    "study": ("scholarship",),
    "training": ("training",),
    "funding": ("ngo", "finance"),
    "abroad": ("youth", "mission"),
    "projects": ("country", "mission", "humanitarian", "framework"),
}
# Countries offered as buttons (the allies the paper names); any other is accepted as text.
COUNTRY_BUTTONS = (
    "belize", "guatemala", "haiti", "paraguay", "st-kitts-and-nevis", "st-lucia",
    "st-vincent-and-the-grenadines", "eswatini", "marshall-islands", "nauru", "palau", "tuvalu",
)  # fmt: skip
MAX_MATCHES = 6


@dataclass(frozen=True)
class Match:
    entry: Entry
    country_named: bool  # the paper ties this program to the user's country


def matches(catalog: Catalog, audience: str, country: str | None, interest: str) -> list[Match]:
    kinds = INTEREST_KINDS[interest]
    found = []
    for entry in catalog.entries.values():
        if entry.kind not in kinds or (audience not in entry.audiences and "general" not in entry.audiences):
            continue
        if entry.kind == "country" and entry.country != country:
            continue
        named = bool(country) and (country in entry.countries or entry.country == country)
        found.append(Match(entry, named))
    # Programs the paper ties to the user's country first, then those with an application route.
    found.sort(key=lambda m: (not m.country_named, not m.entry.has_application_info, m.entry.id))
    return found[:MAX_MATCHES]


def ask_audience(lang: str) -> Message:
    _ = gettext_for(lang)
    rows = [[Button(_(label), callbacks.finder("a", key))] for key, label in AUDIENCE_LABELS.items()]
    rows.append([Button(_("✖ Cancel"), callbacks.finder("x"))])
    return Message(_("Let's find a program for you. Who are you?"), rows)


def ask_country(lang: str, catalog: Catalog) -> Message:
    _ = gettext_for(lang)
    names = [
        (key, catalog.countries[key].names.get(lang)) for key in COUNTRY_BUTTONS if key in catalog.countries
    ]
    rows = [[Button(a[1], callbacks.finder("c", a[0])), Button(b[1], callbacks.finder("c", b[0]))]
            for a, b in zip(names[::2], names[1::2], strict=False)]  # fmt: skip
    rows.append([Button(_("Another country / skip"), callbacks.finder("c", "-"))])
    rows.append(
        [Button(_("↺ Start over"), callbacks.finder("start")), Button(_("✖ Cancel"), callbacks.finder("x"))]
    )
    return Message(_("Which country are you from? Choose one, or type its name."), rows)


def ask_interest(lang: str) -> Message:
    _ = gettext_for(lang)
    rows = [[Button(_(label), callbacks.finder("i", key))] for key, label in INTEREST_LABELS.items()]
    rows.append(
        [Button(_("↺ Start over"), callbacks.finder("start")), Button(_("✖ Cancel"), callbacks.finder("x"))]
    )
    return Message(_("What are you looking for?"), rows)


def results(found: list[Match], country: str | None, lang: str, catalog: Catalog) -> Message:
    _ = gettext_for(lang)
    country_name = catalog.countries[country].names.get(lang) if country in catalog.countries else None
    restart = [
        Button(_("↺ Start over"), callbacks.finder("start")),
        Button(_("Main menu"), callbacks.menu("main")),
    ]
    if not found:
        return Message(_("The white paper names no program that matches these answers."), [restart])
    lines = [_("Programs that match, according to the white paper:")]
    rows = []
    for match in found:
        entry = match.entry
        why = (
            _("The paper mentions it for {country}.").format(country=escape(country_name or ""))
            if match.country_named
            else _("Open to people like you, as the paper describes it.")
        )
        apply = (
            _("The paper says how to apply.")
            if entry.has_application_info
            else _("The paper gives no application details.")
        )
        lines.append(
            f"• <b>{escape(entry.title.get(lang))}</b>: {escape(entry.summary.get(lang))}\n  {why} {apply}"
        )
        rows.append([Button(entry.title.get(lang)[:60], callbacks.topic(entry.id))])
    rows.append(restart)
    return Message("\n\n".join(lines), rows)
