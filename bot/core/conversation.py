"""The dialogue: one Turn in, one Reply out, for every channel.

Rasa says what a message means; this module decides what to do with it given the user's state
(language, topic under discussion), and asks `render` for the words.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from bot.content.models import Entry
from bot.content.store import Catalog
from bot.core import callbacks, finder, render
from bot.core.flood import Flood
from bot.core.language import from_language_code, resolve
from bot.core.nlu import KeywordSearch, NluUnavailable, Parse, RasaClient
from bot.core.state import Feedback, StateStore, UserState
from bot.core.types import Message, Reply, Turn
from bot.i18n import gettext_for

log = logging.getLogger(__name__)

MAX_NLU_CHARS = 500  # longer messages are understood from their start; the answer says so
FOLLOW_UPS = {"ask_how_to_apply": "apply", "ask_eligibility": "who", "ask_details": "more"}
SMALL_TALK = {"greet", "goodbye", "thanks", "help", "bot_challenge", "change_language", "find_program"}
FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}
REGIONAL_GUIDES = {
    "guide-latin-america-caribbean",
    "guide-pacific",
    "guide-asia-new-southbound",
    "guide-africa-middle-east",
    "guide-europe",
}
# "Did you mean…?" when Rasa falls back but two entries are both plausible and close.
DID_YOU_MEAN_MIN = 0.12
DID_YOU_MEAN_MARGIN = 0.1
FOLLOW_UP_MIN = 0.15
HOW_TO_APPLY_GUIDE = "guide-how-to-apply"
ASPECT_QUESTIONS = ("ask_how_to_apply", "ask_eligibility")
ASPECT_HINT_MIN = 0.1


class Conversation:
    def __init__(
        self,
        catalog: Callable[[], Catalog],
        nlu: RasaClient,
        state: StateStore,
        confidence_threshold: float = 0.0,
        flood: Flood | None = None,
    ) -> None:
        self.flood = flood
        self._locks: dict[str, asyncio.Lock] = {}
        self._catalog = catalog
        self._nlu = nlu
        self._state = state
        self._threshold = confidence_threshold
        self._search: tuple[str, KeywordSearch] | None = None

    # -- entry point -------------------------------------------------------------------------

    async def handle(self, turn: Turn) -> Reply:
        # Updates may be handled concurrently; one user's turns still run one at a time, in order.
        lock = self._locks.setdefault(turn.user, asyncio.Lock())
        async with lock:
            try:
                return await self._handle(turn)
            finally:
                if not lock._waiters:
                    self._locks.pop(turn.user, None)

    async def _handle(self, turn: Turn) -> Reply:
        verdict = self.flood.check(turn.user) if self.flood else "ok"
        if verdict != "ok":
            state = self._state.get(turn.user)
            lang = state.lang or from_language_code(turn.language_code)
            _ = gettext_for(lang)
            text = _("You're sending messages very fast. Please wait a moment, then ask again.")
            return Reply(lang, [render.plain(text)] if verdict == "warn" else [], intent="flood")
        state = self._state.get(turn.user)
        try:
            reply = await self._dispatch(turn, state)
        except Exception:  # the user gets a friendly answer; the details go to the log only
            log.exception("failed to handle a turn")
            lang = state.lang or from_language_code(turn.language_code)
            _ = gettext_for(lang)
            reply = Reply(
                lang, [render.plain(_("Sorry, something went wrong on my side. Please try again."))]
            )
        else:
            if turn.command != "forget":  # /forget must leave nothing behind
                self._state.put(turn.user, state)
        return reply

    async def _dispatch(self, turn: Turn, state: UserState) -> Reply:
        if turn.command:
            return self._command(turn, state)
        if turn.button is not None:
            return self._button(turn, state)
        return await self._text(turn, state)

    # -- commands and buttons ------------------------------------------------------------------

    def _command(self, turn: Turn, state: UserState) -> Reply:
        lang = state.lang or from_language_code(turn.language_code)
        _ = gettext_for(lang)
        state.lang = lang
        if turn.command == "forget":
            self._state.forget(turn.user)
            return Reply(lang, [render.plain(_("Done: I deleted everything I had stored about you."))])
        if turn.command == "language":
            return Reply(lang, [render.language_picker(lang)])
        if turn.command == "help":
            return Reply(lang, [render.help_message(lang)])
        if turn.command == "menu":
            return Reply(lang, [render.menu_message("main", lang, self._catalog())])
        state.topic = None
        return Reply(lang, [render.greeting(lang), render.language_picker(lang)])

    def _button(self, turn: Turn, state: UserState) -> Reply:
        lang = state.lang or from_language_code(turn.language_code)
        state.lang = lang
        catalog = self._catalog()
        action = callbacks.parse(turn.button)
        if action is None or (action.kind in ("topic", "aspect") and catalog.get(action.value) is None):
            _ = gettext_for(lang)
            text = _("That button has expired. Here is the main menu:")
            return Reply(
                lang, [render.Message(text, render.main_menu_buttons(lang))], intent="button_invalid"
            )
        if action.kind == "lang":
            state.lang, state.lang_explicit = action.value, True
            _ = gettext_for(action.value)
            text = _("I'll answer in English from now on.")
            return Reply(
                action.value, [render.Message(text, render.main_menu_buttons(action.value))], edit=True
            )
        if action.kind == "menu":
            return Reply(lang, [render.menu_message(action.value, lang, catalog)], edit=True)
        if action.kind == "feedback":
            return self._feedback(turn.user, action, lang, state)
        if action.kind == "finder":
            return self._finder_step(action, lang, state, catalog)
        entry = catalog.get(action.value)
        assert entry is not None
        state.topic = entry.id
        if action.kind == "topic":
            return Reply(lang, [render.entry_message(entry, lang)], topic=entry.id)
        message = render.aspect_message(entry, action.aspect or "apply", lang, catalog)
        return Reply(lang, [message], topic=entry.id)

    def _feedback(self, user: str, action: callbacks.Action, lang: str, state: UserState) -> Reply:
        _ = gettext_for(lang)
        vote = "up" if action.value == "+" else "down"
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._state.add_feedback(
            user, Feedback(now, action.aspect or "", lang, vote, state.last_question or "")
        )
        text = (
            _("Thanks for the feedback!") if vote == "up" else _("Thanks, this helps us improve the answers.")
        )
        return Reply(lang, [render.plain(text)], intent="feedback", topic=action.aspect)

    # -- the program finder ------------------------------------------------------------------

    def _finder_step(self, action: callbacks.Action, lang: str, state: UserState, catalog: Catalog) -> Reply:
        _ = gettext_for(lang)
        if action.value == "x":
            state.finder = None
            return Reply(lang, [render.plain(_("Finder closed."), render.main_menu_buttons(lang))], edit=True)
        if action.value == "start" or state.finder is None:
            state.finder = {}
            return Reply(lang, [finder.ask_audience(lang)], intent="finder", edit=True)
        state.finder[action.value] = action.aspect or ""
        return self._finder_next(lang, state, catalog, edit=True)

    def _finder_next(self, lang: str, state: UserState, catalog: Catalog, edit: bool = False) -> Reply:
        answers = state.finder or {}
        if "audience" not in answers:
            return Reply(lang, [finder.ask_audience(lang)], intent="finder", edit=edit)
        if "country" not in answers:
            return Reply(lang, [finder.ask_country(lang, catalog)], intent="finder", edit=edit)
        if "interest" not in answers:
            return Reply(lang, [finder.ask_interest(lang)], intent="finder", edit=edit)
        country = answers["country"] if answers["country"] in catalog.countries else None
        found = finder.matches(catalog, answers["audience"], country, answers["interest"])
        state.finder = None
        return Reply(lang, [finder.results(found, country, lang, catalog)], intent="finder", edit=edit)

    def _finder_text(
        self, parse: Parse, text: str, lang: str, state: UserState, catalog: Catalog
    ) -> Reply | None:
        """Free text while the finder runs: take it as the answer to the current step if it is one."""
        answers = state.finder or {}
        values = {e.get("entity"): str(e.get("value")) for e in parse.entities}
        if "audience" not in answers and values.get("audience") in callbacks.AUDIENCES:
            answers["audience"] = values["audience"]
        elif "audience" in answers and "country" not in answers:
            key = self._country(parse, catalog) or catalog.country_key(text)
            if key is None:
                return None
            answers["country"] = key
        else:
            return None
        state.finder = answers
        return self._finder_next(lang, state, catalog)

    # -- free text -------------------------------------------------------------------------------

    async def _text(self, turn: Turn, state: UserState) -> Reply:
        raw = (turn.text or "").strip()
        detection = resolve(raw, state.lang, turn.language_code)
        lang = detection.lang or "en"
        state.lang = lang
        _ = gettext_for(lang)
        if not raw:
            return Reply(
                lang, [render.plain(_("Please type your question as text."), render.main_menu_buttons(lang))]
            )
        text = detection.text[:MAX_NLU_CHARS]
        notices: list[Message] = []
        try:
            parse = await self._nlu.parse(text)
        except NluUnavailable as exc:
            log.warning("Rasa unavailable (%s); answering from keyword search", exc)
            parse = self._keyword_search().search(text)
            notices.append(
                render.plain(
                    "ℹ️ "
                    + _(
                        "My language model is unavailable right now, so this answer comes "
                        "from a simpler keyword search."
                    )
                )
            )
        state.last_question = raw[:MAX_NLU_CHARS]
        reply = None
        if state.finder is not None:
            reply = self._finder_text(parse, text, lang, state, self._catalog())
            if reply is None:
                state.finder = None  # the user changed the subject
        reply = reply or self._answer(parse, lang, state)
        if len(detection.text) > MAX_NLU_CHARS:
            notices.append(render.plain("ℹ️ " + _("Your message was long, so I read only its beginning.")))
        return Reply(reply.lang, [*reply.messages, *notices], parse.intent, parse.confidence, reply.topic)

    def _answer(self, parse: Parse, lang: str, state: UserState) -> Reply:
        _ = gettext_for(lang)
        catalog = self._catalog()
        intent = self._intent(parse, state)
        country = self._country(parse, catalog)
        if intent in SMALL_TALK:
            state.misses = 0
            if intent == "find_program":
                state.finder = {}
            return self._small_talk(intent, lang, catalog)
        if intent in FOLLOW_UPS:
            entry = catalog.get(state.topic)
            if country and (country_entry := catalog.for_country(country)) and not entry:
                entry = country_entry
            if entry is None and FOLLOW_UPS[intent] == "apply":
                # "How do I apply?" with nothing under discussion: the general how-to-apply guide.
                entry = catalog.get(HOW_TO_APPLY_GUIDE)
                if entry is not None:
                    state.topic, state.misses = entry.id, 0
                    return Reply(lang, [render.entry_message(entry, lang)], topic=entry.id)
            if entry is None:
                text = _("Which program do you mean? Choose a topic:")
                return Reply(lang, [render.plain(text, render.main_menu_buttons(lang))])
            state.misses = 0
            message = render.aspect_message(entry, FOLLOW_UPS[intent], lang, catalog)
            return Reply(lang, [message], topic=entry.id)
        entry = self._route(catalog.get(intent), parse, country, catalog)
        if entry is not None:
            state.topic, state.misses = entry.id, 0
            # "國合會獎學金怎麼申請？" names a program and asks how to apply: answer that directly.
            asked = next(
                (
                    FOLLOW_UPS[n]
                    for n, c in parse.ranking[:3]
                    if n in ASPECT_QUESTIONS and c >= ASPECT_HINT_MIN
                ),
                None,
            )
            if asked and entry.kind not in ("country", "guide"):
                messages = [render.aspect_message(entry, asked, lang, catalog)]
            else:
                messages = [render.entry_message(entry, lang)]
            if country and entry.kind != "country":
                note = render.country_note(entry, country, lang, catalog)
                if note:
                    messages.append(note)
            return Reply(lang, messages, topic=entry.id)
        top = next((name for name, _c in parse.ranking if name != "nlu_fallback"), None)
        unsure = parse.intent == "nlu_fallback" and top != "out_of_scope"
        if unsure and country and self._wants_study(parse) and (guide := catalog.get("guide-scholarships")):
            # Rasa hesitates between the country and its programs; the entities say: study.
            state.topic, state.misses = guide.id, 0
            note = render.country_note(guide, country, lang, catalog)
            return Reply(lang, [render.entry_message(guide, lang), *([note] if note else [])], topic=guide.id)
        if unsure and country and (place := self._place(country, catalog)):
            # Rasa cannot tell what is asked, but the message names a country: what Taiwan does
            # there (its own entry, or its region's guide) is the likeliest answer.
            state.topic, state.misses = place.id, 0
            return Reply(lang, [render.entry_message(place, lang)], topic=place.id)
        candidates = self._did_you_mean(parse, catalog)
        state.misses += 1
        if len(candidates) >= 2 and state.misses < 2:
            return Reply(lang, [render.did_you_mean(candidates, lang, catalog)])
        if state.misses >= 2:
            state.misses = 0
            return Reply(lang, [render.fallback(lang), render.contacts(lang)])
        return Reply(lang, [render.fallback(lang)])

    def _intent(self, parse: Parse, state: UserState) -> str | None:
        """The intent to act on: Rasa's when confident (its confidence already blends in the keyword
        ranking, nlu/components/keyword_fusion.py); otherwise a follow-up it ranked first."""
        intent = parse.intent
        if parse.source == "search":
            return intent
        if intent == "nlu_fallback":
            ranked = [(name, c) for name, c in parse.ranking if name != "nlu_fallback"]
            follow_up = next(
                (name for name, c in ranked[:2] if name in FOLLOW_UPS and c >= FOLLOW_UP_MIN), None
            )
            if follow_up and (state.topic or FOLLOW_UPS[follow_up] == "apply"):
                # "How do I apply?" is short and close to many entries' examples (and to the
                # how-to-apply guide): with a topic under discussion it is a follow-up, and
                # without one the how-to-apply guide answers it.
                return follow_up
        if intent in FALLBACK_INTENTS or (parse.confidence or 0.0) < self._threshold:
            return None
        return intent

    @staticmethod
    def _route(entry: Entry | None, parse: Parse, country: str | None, catalog: Catalog) -> Entry | None:
        """Let the entities correct the intent where a country name misleads it.

        A country named in the message beats a guessed other country or region; someone who
        names a country and wants to study ("I'm from Paraguay, what can I study in Taiwan?")
        gets the scholarships guide, with what the paper says about their country added.
        """
        if entry is None or not country:
            return entry
        if (
            entry.kind == "country"
            and Conversation._wants_study(parse)
            and (guide := catalog.get("guide-scholarships"))
        ):
            return guide
        if entry.kind == "country" or entry.id in REGIONAL_GUIDES:
            return Conversation._place(country, catalog) or entry
        return entry

    @staticmethod
    def _place(country: str, catalog: Catalog) -> Entry | None:
        """The country's own entry, else the guide to its region."""
        if country_entry := catalog.for_country(country):
            return country_entry
        return next(
            (
                guide
                for guide in map(catalog.get, sorted(REGIONAL_GUIDES))
                if guide is not None and country in guide.countries
            ),
            None,
        )

    @staticmethod
    def _wants_study(parse: Parse) -> bool:
        return any(
            e.get("entity") == "study_level" or (e.get("entity"), e.get("value")) == ("audience", "student")
            for e in parse.entities
        )

    @staticmethod
    def _country(parse: Parse, catalog: Catalog) -> str | None:
        """The first country the message names, as a key of content/_countries.yml."""
        for entity in parse.entities:
            if entity.get("entity") == "country":
                key = catalog.country_key(str(entity.get("value", "")))
                if key:
                    return key
        return None

    @staticmethod
    def _did_you_mean(parse: Parse, catalog: Catalog) -> list[str]:
        """Two close content entries under the fallback: ask rather than guess."""
        ranked = [(n, c) for n, c in parse.ranking if catalog.get(n) is not None]
        if len(ranked) < 2 or parse.intent == "out_of_scope":
            return []
        (first, c1), (second, c2) = ranked[:2]
        return [first, second] if c1 >= DID_YOU_MEAN_MIN and c1 - c2 <= DID_YOU_MEAN_MARGIN else []

    def _small_talk(self, intent: str, lang: str, catalog: Catalog) -> Reply:
        _ = gettext_for(lang)
        if intent == "greet":
            return Reply(lang, [render.greeting(lang)])
        if intent == "help":
            return Reply(lang, [render.help_message(lang)])
        if intent == "change_language":
            return Reply(lang, [render.language_picker(lang)])
        if intent == "find_program":
            return Reply(lang, [finder.ask_audience(lang)], intent="finder")
        if intent == "bot_challenge":
            about = catalog.get("about-bot")
            buttons = [[render.Button(about.title.get(lang), callbacks.topic(about.id))]] if about else []
            return Reply(
                lang,
                [
                    render.plain(
                        _(
                            "I'm a bot: an automated assistant, not a person. "
                            "I answer from MOFA's white paper and show my sources."
                        ),
                        buttons,
                    )
                ],
            )
        if intent == "thanks":
            return Reply(
                lang, [render.plain(_("You're welcome! Anything else?"), render.main_menu_buttons(lang))]
            )
        return Reply(lang, [render.plain(_("Goodbye! Write any time you have a question."))])

    def _keyword_search(self) -> KeywordSearch:
        catalog = self._catalog()
        if self._search is None or self._search[0] != catalog.fingerprint:
            self._search = (catalog.fingerprint, KeywordSearch(catalog))
        return self._search[1]
