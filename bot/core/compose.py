"""Composing: a `Decision` in a language → the messages the user reads.

The first message answers what was asked: the fact (with the lines it comes from) before the
entry's summary, any change since the paper or correction of it before both, and the paper's
silence said plainly with the official channel to ask instead.
"""

from __future__ import annotations

from html import escape

from bot.content.models import Entry, Erratum, Update
from bot.content.store import Catalog
from bot.core import callbacks, finder, render
from bot.core.decision import Decision
from bot.core.facts import FactRef
from bot.core.ids import ABOUT_BOT
from bot.core.render import changes, entry_changes
from bot.core.types import Button, Message
from bot.i18n import N_, gettext_for

SILENCES = {
    "deadline": N_("when applications open or close"),
    "age": N_("whether there is an age limit"),
    "pay": N_("how much participants are paid or receive as an allowance"),
    "fee": N_("whether it costs anything or charges fees"),
    "travel": N_("who pays for travel or air fares"),
    "language": N_("what language level or test is required"),
    "grades": N_("what grades or GPA are required"),
    "places": N_("how many places are offered"),
    "link": N_("where the application form is online"),
    "contact": N_("which phone number, e-mail address or account number to use"),
    "interest": N_("what interest rate is charged"),
    "grant": N_("the most a single project can receive"),
    "amount": N_("how much money is involved"),
    "duration": N_("how long it lasts"),
    "service": N_("whether alternative military service can be done there"),
}


def compose(decision: Decision, lang: str, catalog: Catalog) -> list[Message]:
    _ = gettext_for(lang)
    entry = catalog.get(decision.entry)
    if decision.action == "answer" and entry is not None:
        return [
            answer_message(decision, entry, lang, catalog),
            *_country_note(decision, entry, lang, catalog),
        ]
    if decision.action == "aspect" and entry is not None:
        return [render.aspect_message(entry, decision.aspect or "apply", lang, catalog)]
    if decision.action == "not_in_paper" and entry is not None:
        return [silence_message(decision, entry, lang)]
    if decision.action == "did_you_mean":
        return [render.did_you_mean(list(decision.candidates), lang, catalog)]
    if decision.action == "small_talk":
        return [small_talk(decision.small_talk or "help", lang, catalog)]
    if decision.action == "which_program":
        return [render.plain(_("Which program do you mean? Choose a topic:"), render.main_menu_buttons(lang))]
    if decision.action == "switch_language":
        return [render.plain(_("I'll answer in English from now on."), render.main_menu_buttons(lang))]
    if decision.misses >= 2:
        return [render.fallback(lang), render.contacts(lang)]
    return [render.fallback(lang)]


OVERVIEW_FACTS = 2  # a topic chosen from a menu: its summary and its first facts


def overview(entry: Entry) -> Decision:
    """What a topic button shows: the summary first, then the entry's first facts."""
    facts = tuple(FactRef(entry.id, i) for i in range(min(OVERVIEW_FACTS, len(entry.facts))))
    return Decision("answer", entry=entry.id, facts=facts, lead="summary", reason="topic chosen")


def answer_message(decision: Decision, entry: Entry, lang: str, catalog: Catalog) -> Message:
    _ = gettext_for(lang)
    facts = []
    cited: list[str] = []
    for ref in decision.facts:
        owner = catalog.get(ref.entry)
        if owner is None or ref.index >= len(owner.facts):
            continue
        fact = owner.facts[ref.index]
        prefix = "" if owner.id == entry.id else f"{escape(owner.title.get(lang))}: "
        facts.append(prefix + escape(fact.text.get(lang)))
        cited.append(fact.lines)
    leads_with_fact = decision.lead == "fact" and bool(facts)
    # A change that bears on a fact given (or on the whole entry) comes before it; one about
    # other statements follows the answer, so "how many workshops?" is not led by a new partner.
    bearing: list[Update | Erratum] = []
    others: list[Update | Erratum] = []
    for change in entry_changes(entry):
        (bearing if not cited or any(map(change.bears_on, cited)) else others).append(change)
    parts = [f"<b>{escape(entry.title.get(lang))}</b>", *changes(bearing, lang)]
    if decision.after_paper:
        parts.append("🕰 " + after_paper_notice(entry, lang))
    cite = "📄 " + _("Source: {edition}, lines {lines}").format(
        edition=render.edition(lang), lines=", ".join(r.replace("-", "–") for r in cited)
    )
    summary = escape(entry.summary.get(lang))
    if leads_with_fact:
        parts += ["\n".join(facts) + "\n" + cite, *changes(others, lang), summary]
    else:
        parts += [
            summary,
            *(["\n".join(facts) + "\n" + cite] if facts else [render.source_line(entry, lang)]),
            *changes(others, lang),
        ]
    return Message(
        "\n\n".join(parts), render.entry_buttons(entry, lang, with_more=len(entry.facts) > len(facts))
    )


def after_paper_notice(entry: Entry, lang: str) -> str:
    _ = gettext_for(lang)
    notice = _(
        "The white paper's facts run to mid-2023, so it cannot tell you about later years or "
        "current calls. This is what it says:"
    )
    return notice + _channel_hint(entry, lang)


def _channel_hint(entry: Entry, lang: str) -> str:
    _ = gettext_for(lang)
    channel = entry.official_channel
    if channel is None:
        return ""
    line = " " + _("For up-to-date information ask {organisation}.").format(
        organisation=escape(channel.organisation.get(lang))
    )
    return line + (f" {escape(str(channel.url))}" if channel.url else "")


def silence_message(decision: Decision, entry: Entry, lang: str) -> Message:
    _ = gettext_for(lang)
    what = _(SILENCES.get(decision.silence or "", SILENCES["deadline"]))
    parts = [
        f"<b>{escape(entry.title.get(lang))}</b>",
        *changes(entry, lang),
        "🔎 " + _("The white paper does not say {what}.").format(what=what),
    ]
    channel = entry.official_channel
    if channel is not None:
        line = "🏛 " + _("Ask the organisation that runs it: {organisation}").format(
            organisation=escape(channel.organisation.get(lang))
        )
        if channel.url:
            line += f"\n🔗 {escape(str(channel.url))}"
        parts.append(line)
    parts += [escape(entry.summary.get(lang)), render.source_line(entry, lang)]
    return Message("\n\n".join(parts), render.entry_buttons(entry, lang, with_more=True))


def _country_note(decision: Decision, entry: Entry, lang: str, catalog: Catalog) -> list[Message]:
    if not decision.country or entry.kind == "country" or decision.follow_up:
        return []
    note = render.country_note(entry, decision.country, lang, catalog)
    return [note] if note else []


def small_talk(intent: str, lang: str, catalog: Catalog) -> Message:
    _ = gettext_for(lang)
    if intent == "greet":
        return render.greeting(lang)
    if intent == "help":
        return render.help_message(lang)
    if intent == "change_language":
        return render.language_picker(lang)
    if intent == "find_program":
        return finder.ask_audience(lang)
    if intent == "bot_challenge":
        about = catalog.get(ABOUT_BOT)
        buttons = [[Button(about.title.get(lang), callbacks.topic(about.id))]] if about else []
        text = _(
            "I'm a bot: an automated assistant, not a person. "
            "I answer from MOFA's white paper and show my sources."
        )
        return render.plain(text, buttons)
    if intent == "thanks":
        return render.plain(_("You're welcome! Anything else?"), render.main_menu_buttons(lang))
    return render.plain(_("Goodbye! Write any time you have a question."))
