"""Content entry + aspect + language → message text and buttons.

Wording comes from content/ (answers) and the gettext catalogs (UI strings); nothing here is
specific to a channel. Output is Telegram's HTML subset with every content string escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.content.models import Entry, Erratum, Update
from bot.content.store import Catalog
from bot.core import callbacks
from bot.core.ids import MENU_GUIDES
from bot.core.types import Button, Message
from bot.i18n import N_, fmt_date, gettext_for
from bot.languages import NATIVE_NAMES

# Main menu: (menu name, label) and which entries each sub-menu lists.
MAIN_MENU = [
    ("study", N_("🎓 Scholarships and study")),
    ("training", N_("🛠 Training in Taiwan")),
    ("ngo", N_("🤝 Funding for NGOs")),
    ("abroad", N_("🌏 Volunteering and missions abroad")),
    ("countries", N_("🗺 Taiwan in your country")),
    ("about", N_("ℹ️ About Taiwan's cooperation")),
]
MENU_KINDS = {
    "study": ("scholarship",),
    "training": ("training",),
    "ngo": ("ngo",),
    "abroad": ("youth", "mission"),
    "countries": ("country",),
    "about": ("institution", "framework"),
}


def edition(lang: str) -> str:
    """Which white paper, and how old its facts are: named wherever a source is."""
    _ = gettext_for(lang)
    return _("white paper (MOFA, 2023; figures to mid-2023)")


def lines_label(lines: str, lang: str) -> str:
    _ = gettext_for(lang)
    return _("lines {lines}").format(lines=lines.replace("-", "–"))


def source_line(entry: Entry, lang: str) -> str:
    _ = gettext_for(lang)
    first = entry.sources[0]
    return "📄 " + _("Source: {edition}, {section}, lines {lines}").format(
        edition=edition(lang),
        section=escape(first.section.get(lang)),
        lines=escape(first.lines.replace("-", "–")),
    )


def entry_buttons(entry: Entry, lang: str, with_more: bool = False) -> list[list[Button]]:
    _ = gettext_for(lang)
    rows = [[Button(_("More details"), callbacks.aspect("more", entry.id))]] if with_more else []
    rows += [
        [
            Button(_("How to apply"), callbacks.aspect("apply", entry.id)),
            Button(_("Who can apply"), callbacks.aspect("who", entry.id)),
        ],
        [Button(_("Source"), callbacks.aspect("src", entry.id))],
    ]
    if entry.related:
        rows[-1].append(Button(_("Related programs"), callbacks.aspect("rel", entry.id)))
    rows.append([share_button(entry, lang)])
    rows.append(
        [
            Button("👍", callbacks.feedback("+", entry.id)),
            Button("👎", callbacks.feedback("-", entry.id)),
            Button(_("Main menu"), callbacks.menu("main")),
        ]
    )
    return rows


def share_button(entry: Entry, lang: str) -> Button:
    """Telegram's inline mode: "@bot <title>" in a chat the user picks, whose first result is this
    entry's card. Channels without inline mode skip it (its data only reopens the entry)."""
    _ = gettext_for(lang)
    return Button(_("↗️ Share"), callbacks.topic(entry.id), switch_inline=entry.title.get(lang))


def aspect_message(entry: Entry, aspect: str, lang: str, catalog: Catalog) -> Message:
    _ = gettext_for(lang)
    # A break in relations bears on applying and on who may take part; every change on the full
    # list of facts and on the sources.
    whole = [c for c in entry_changes(entry) if isinstance(c, Update) and c.concerns is None]
    shown = entry_changes(entry) if aspect in ("more", "src") else whole if aspect in ("apply", "who") else []
    title = "\n\n".join([f"<b>{escape(entry.title.get(lang))}</b>", *changes(shown, lang)])
    back = [
        Button(_("Back to {title}").format(title=_short(entry.title.get(lang))), callbacks.topic(entry.id)),
        share_button(entry, lang),  # every screen of a program can be passed on
    ]
    if aspect == "more":
        facts = [
            f"• {escape(fact.text.get(lang))} <i>({escape(lines_label(fact.lines, lang))})</i>"
            for fact in entry.facts
        ]
        parts = [title, "\n".join(facts), "📄 " + _("Source: {edition}").format(edition=edition(lang))]
        return Message("\n\n".join(parts), entry_buttons(entry, lang))
    if aspect == "apply":
        parts = [title, "📝 " + escape(entry.how_to_apply.get(lang))]
        channel = entry.official_channel
        if channel:
            line = "🏛 " + _("Official channel: {organisation}").format(
                organisation=escape(channel.organisation.get(lang))
            )
            if channel.url:
                line += f"\n🔗 {escape(str(channel.url))}"
            parts.append(line)
        parts.append(source_line(entry, lang))
        rows = [
            back,
            [
                Button(_("Who can apply"), callbacks.aspect("who", entry.id)),
                Button(_("Main menu"), callbacks.menu("main")),
            ],
        ]
        return Message("\n\n".join(parts), rows)
    if aspect == "who":
        parts = [title, "👥 " + escape(entry.eligibility.get(lang))]
        if entry.offers:
            parts.append("🎁 " + escape(entry.offers.get(lang)))
        parts.append(source_line(entry, lang))
        return Message(
            "\n\n".join(parts), [back, [Button(_("How to apply"), callbacks.aspect("apply", entry.id))]]
        )
    if aspect == "src":
        parts = [title, _("Where this comes from:")]
        for source in entry.sources:
            parts.append(
                "📄 "
                + _("{edition}, {section}, lines {lines}").format(
                    edition=edition(lang),
                    section=escape(source.section.get(lang)),
                    lines=escape(source.lines.replace("-", "–")),
                )
                + f"\n<blockquote>{escape(source.quote)}</blockquote>"
            )
        parts.append(_("Last reviewed: {date}").format(date=fmt_date(entry.last_reviewed, lang)))
        return Message("\n\n".join(parts), [back])
    # related
    related = [catalog.get(r) for r in entry.related]
    rows = [[Button(_short(e.title.get(lang)), callbacks.topic(e.id))] for e in related if e]
    return Message(title + "\n\n" + _("Related programs:"), [*rows, back])


def entry_changes(entry: Entry) -> list[Update | Erratum]:
    return [*entry.updates, *entry.errata]


def changes(items: Entry | Sequence[Update | Erratum], lang: str) -> list[str]:
    """Changes since the paper and corrections of it (an entry's, or those given), dated and
    sourced, each clearly marked."""
    _ = gettext_for(lang)
    out = []
    for item in entry_changes(items) if isinstance(items, Entry) else items:
        if isinstance(item, Update):
            head = "⚠️ " + _("Changed since the white paper ({date}):").format(date=fmt_date(item.date, lang))
        else:
            head = "✏️ " + _("Correction to the white paper (lines {lines}; recorded {date}):").format(
                lines=item.lines.replace("-", "–"), date=fmt_date(item.date, lang)
            )
        out.append(f"{head} {escape(item.text.get(lang))}\n🔗 {escape(str(item.url))}")
    return out


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main_menu_buttons(lang: str) -> list[list[Button]]:
    _ = gettext_for(lang)
    rows = [[Button(_(label), callbacks.menu(name))] for name, label in MAIN_MENU]
    rows.append([Button(_("🧭 Find a program for me"), callbacks.finder("start"))])
    return rows


def menu_message(name: str, lang: str, catalog: Catalog) -> Message:
    _ = gettext_for(lang)
    if name == "main":
        return Message(_("What would you like to know about?"), main_menu_buttons(lang))
    label = dict(MAIN_MENU)[name]
    entries = [e for kind in MENU_KINDS[name] for e in catalog.by_kind(kind)]
    guide = catalog.get(MENU_GUIDES.get(name))
    rows = [[Button("⭐ " + _short(guide.title.get(lang)), callbacks.topic(guide.id))]] if guide else []
    rows += [[Button(_short(e.title.get(lang)), callbacks.topic(e.id))] for e in entries]
    rows.append([Button(_("« Back"), callbacks.menu("main"))])
    return Message(f"<b>{escape(_(label))}</b>\n\n" + _("Choose a topic:"), rows)


def language_picker(lang: str) -> Message:
    _ = gettext_for(lang)
    rows = [[Button(name, callbacks.lang(code)) for code, name in NATIVE_NAMES.items()]]
    return Message(_("Choose your language:"), rows)


def greeting(lang: str) -> Message:
    _ = gettext_for(lang)
    text = _(
        "Hello! I answer questions about Taiwan's international cooperation programs: scholarships, "
        "training, missions abroad, volunteering and funding for NGOs. My answers come from MOFA's "
        "International Cooperation and Development Policy White Paper, and I show the source of each one."
    )
    return Message(text + "\n\n" + _("Ask me a question, or choose a topic:"), main_menu_buttons(lang))


def help_message(lang: str) -> Message:
    _ = gettext_for(lang)
    text = _(
        "You can ask me, in English, Spanish or Chinese, things like:\n"
        "• What scholarships are there for foreign students?\n"
        "• How can an NGO get funding?\n"
        "• What does Taiwan do in Paraguay?\n\n"
        "Commands: /start main menu, /language change language, /help this help."
    )
    return Message(text, main_menu_buttons(lang))


FALLBACK_TOPIC = "fallback"  # the "entry" a vote on a fallback reply is about


def fallback(lang: str) -> Message:
    _ = gettext_for(lang)
    text = _(
        "Sorry, I'm not sure I understood. I can answer questions about Taiwan's international "
        "cooperation programs: scholarships, training in Taiwan, funding for NGOs, volunteering and "
        "missions abroad. Try rephrasing, or choose a topic:"
    )
    # A 👎 here tells the maintainers' report that this question went unanswered.
    return Message(text, [*main_menu_buttons(lang), [Button("👎", callbacks.feedback("-", FALLBACK_TOPIC))]])


def plain(text: str, buttons: list[list[Button]] | None = None) -> Message:
    return Message(text, buttons or [])


COUNTRY_NOTE_KINDS = (
    "scholarship",
    "training",
    "youth",
    "mission",
    "ngo",
    "finance",
    "humanitarian",
    "framework",
)


def country_note(entry: Entry, country: str, lang: str, catalog: Catalog) -> Message | None:
    """What else the paper says about the country the user named, as buttons."""
    _ = gettext_for(lang)
    name = catalog.countries[country].names.get(lang)
    # What fits the answer first: its related entries, then entries of the same kinds as those.
    near_kinds = {r.kind for r in (catalog.get(i) for i in entry.related) if r}
    related = sorted(
        (
            e
            for e in catalog.entries.values()
            if country in e.countries and e.kind in COUNTRY_NOTE_KINDS and e.id != entry.id
        ),
        key=lambda e: (e.id not in entry.related, e.kind not in near_kinds, e.id),
    )[:5]
    country_entry = catalog.for_country(country)
    rows = [[Button(_short(e.title.get(lang)), callbacks.topic(e.id))] for e in related]
    if country_entry:
        rows.insert(
            0, [Button("🗺 " + _short(country_entry.title.get(lang)), callbacks.topic(country_entry.id))]
        )
    if not rows:
        return Message(
            _("The white paper names no program specifically for {country}.").format(country=escape(name))
        )
    return Message(_("For {country}, the white paper also mentions:").format(country=escape(name)), rows)


def did_you_mean(entry_ids: list[str], lang: str, catalog: Catalog) -> Message:
    _ = gettext_for(lang)
    rows = [[Button(_short(catalog.entries[i].title.get(lang)), callbacks.topic(i))] for i in entry_ids]
    rows.append([Button(_("Something else"), callbacks.menu("main"))])
    return Message(_("Did you mean…?"), rows)


def contacts(lang: str) -> Message:
    _ = gettext_for(lang)
    text = _(
        "If you can't find it here, ask the organisations that run the programs:\n"
        "• Ministry of Foreign Affairs (MOFA): https://www.mofa.gov.tw/\n"
        "• TaiwanICDF: https://www.icdf.org.tw/"
    )
    return Message(escape(text), main_menu_buttons(lang))
