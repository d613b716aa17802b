"""The dialogue: one Turn in, one Reply out, for every channel.

Rasa says what a message means; this module decides what to do with it given the user's state
(language, topic under discussion), and asks `render` for the words.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import replace

from bot.content.store import Catalog
from bot.core import asking, callbacks, finder, render, synonyms
from bot.core.compose import compose, overview
from bot.core.deciding import Decider, Understanding
from bot.core.decision import Decision
from bot.core.facts import FactIndex
from bot.core.flood import Flood
from bot.core.indexes import Indexes, current
from bot.core.language import from_language_code, resolve
from bot.core.nlu import KeywordSearch, NluUnavailable, Parse, RasaClient
from bot.core.privacy import scrub
from bot.core.state import Event, Feedback, StateStore, UserState
from bot.core.types import Message, Reply, Turn
from bot.i18n import gettext_for
from bot.languages import Lang, as_lang

log = logging.getLogger(__name__)

MAX_NLU_CHARS = 500  # Rasa reads at most this much: the question of a longer message, and its start
UNANSWERED = {"fallback", "did_you_mean", "not_in_paper"}


def channel_of(user: str) -> str:
    """Channels prefix their user keys ("tg:42", "line:U1…"); anything else is the console."""
    prefix = user.split(":", 1)[0]
    return {"tg": "telegram", "tg-chat": "telegram", "line": "line"}.get(prefix, "console")


class Conversation:
    def __init__(
        self,
        catalog: Callable[[], Catalog],
        nlu: RasaClient,
        state: StateStore,
        flood: Flood | None = None,
    ) -> None:
        self.flood = flood
        self._locks: dict[str, asyncio.Lock] = {}
        self._catalog = catalog
        self._nlu = nlu
        self._state = state
        self._indexes: Indexes | None = None

    async def warm_up(self) -> None:
        """Build the fact index and the keyword search off the event loop, before messages come:
        built on the first turn instead, they held up every turn in flight for about a second."""
        await asyncio.to_thread(lambda: self._built().build_all())

    @property
    def state(self) -> StateStore:
        return self._state

    @property
    def nlu(self) -> RasaClient:
        return self._nlu

    def catalog(self) -> Catalog:
        return self._catalog()

    # -- entry point -------------------------------------------------------------------------

    async def handle(self, turn: Turn) -> Reply:
        # Flood limits count messages as they arrive, before they queue behind the user's others.
        verdict = await self.flood.check(turn.user) if self.flood else "ok"
        # Updates may be handled concurrently; one user's turns still run one at a time, in order.
        lock = self._locks.setdefault(turn.user, asyncio.Lock())
        async with lock:
            try:
                return await self._handle(turn, verdict)
            finally:
                if not lock._waiters:
                    self._locks.pop(turn.user, None)

    async def _handle(self, turn: Turn, verdict: str) -> Reply:
        if verdict != "ok":
            state = await self._state.get(turn.user)
            lang = state.lang or from_language_code(turn.language_code)
            _ = gettext_for(lang)
            text = _("You're sending messages very fast. Please wait a moment, then ask again.")
            return Reply(lang, [render.plain(text)] if verdict == "warn" else [], intent="flood")
        state = await self._state.get(turn.user)
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
                await self._state.put(turn.user, state)
            if turn.text is not None and reply.decision:
                await self._record(turn, reply)
        return reply

    async def _record(self, turn: Turn, reply: Reply) -> None:
        """Log the answer for the maintainers' reports: the question only if it went unanswered."""
        decision = reply.decision or {}
        action = str(decision.get("action", ""))
        facts = decision.get("facts") or [{}]
        question = scrub((turn.text or "").strip())[:MAX_NLU_CHARS] if action in UNANSWERED else ""
        top = " ".join(f"{name}:{c:.2f}" for name, c in decision.get("top", []))
        event = Event(
            time.time(),
            channel_of(turn.user),
            reply.lang,
            action,
            str(decision.get("entry") or ""),
            int(facts[0].get("index", -1)),
            question,
            top,
        )
        await self._state.record(event)

    async def _dispatch(self, turn: Turn, state: UserState) -> Reply:
        if turn.command:
            return await self._command(turn, state)
        if turn.button is not None:
            return await self._button(turn, state)
        return await self._text(turn, state)

    # -- commands and buttons ------------------------------------------------------------------

    async def _command(self, turn: Turn, state: UserState) -> Reply:
        lang = state.lang or from_language_code(turn.language_code)
        _ = gettext_for(lang)
        state.lang = lang
        if turn.command == "forget":
            await self._state.forget(turn.user)
            return Reply(lang, [render.plain(_("Done: I deleted everything I had stored about you."))])
        if turn.command == "language":
            return Reply(lang, [render.language_picker(lang)])
        if turn.command == "help":
            return Reply(lang, [render.help_message(lang)])
        if turn.command == "menu":
            return Reply(lang, [render.menu_message("main", lang, self._catalog())])
        state.topic = None
        return Reply(lang, [render.greeting(lang), render.language_picker(lang)])

    async def _button(self, turn: Turn, state: UserState) -> Reply:
        lang = as_lang(state.lang or from_language_code(turn.language_code))
        state.lang = lang
        catalog = self._catalog()
        action = callbacks.parse(turn.button)
        if action is None or (action.kind in ("topic", "aspect") and catalog.get(action.value) is None):
            _ = gettext_for(lang)
            text = _("That button has expired. Here is the main menu:")
            return Reply(lang, [Message(text, render.main_menu_buttons(lang))], intent="button_invalid")
        if action.kind == "lang":
            state.lang, state.lang_explicit = action.value, True
            _ = gettext_for(action.value)
            text = _("I'll answer in English from now on.")
            return Reply(action.value, [Message(text, render.main_menu_buttons(action.value))], edit=True)
        if action.kind == "menu":
            return Reply(lang, [render.menu_message(action.value, lang, catalog)], edit=True)
        if action.kind == "feedback":
            return await self._feedback(turn.user, action, lang, state)
        if action.kind == "finder":
            return self._finder_step(action, lang, state, catalog)
        entry = catalog.get(action.value)
        assert entry is not None
        if action.kind == "topic":
            return self._reply(overview(entry), lang, state, catalog)
        decision = Decision("aspect", entry=entry.id, aspect=action.aspect or "apply", reason="button")
        return self._reply(decision, lang, state, catalog)

    async def _feedback(self, user: str, action: callbacks.Action, lang: str, state: UserState) -> Reply:
        _ = gettext_for(lang)
        vote = "up" if action.value == "+" else "down"
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        question = scrub(state.last_question or "")
        await self._state.add_feedback(user, Feedback(now, action.aspect or "", lang, vote, question))
        if vote == "down":  # a 👎 is an unanswered question too
            event = Event(
                time.time(), channel_of(user), lang, "thumbs_down", action.aspect or "", -1, question
            )
            await self._state.record(event)
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
            key = next(iter(self._countries(parse, catalog)), None) or catalog.country_key(text)
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
        lang = as_lang(detection.lang)
        state.lang = lang
        _ = gettext_for(lang)
        if not raw:
            return Reply(
                lang, [render.plain(_("Please type your question as text."), render.main_menu_buttons(lang))]
            )
        notices: list[Message] = []
        understanding, degraded = await self._understand(detection.text, lang)
        if state.last_question:
            previous = asking.read(resolve(state.last_question, lang, None).text)
            understanding = replace(
                understanding, previous=previous.content_tokens, previous_about=previous.about
            )
        if degraded:
            notices.append(
                render.plain(
                    "ℹ️ "
                    + _(
                        "My language model is unavailable right now, so this answer comes "
                        "from a simpler keyword search."
                    )
                )
            )
        if len(detection.text) > MAX_NLU_CHARS:
            notices.append(
                render.plain("ℹ️ " + _("Your message was long, so I answered the question I found in it."))
            )
        state.last_question = scrub(raw)[:MAX_NLU_CHARS]  # kept beside the user id: no contact details
        catalog = self._catalog()
        if state.finder is not None:
            reply = self._finder_text(understanding.parse, understanding.text, lang, state, catalog)
            if reply is not None:
                return reply
            state.finder = None  # the user changed the subject
        decision = self._decider(catalog).decide(understanding, state)
        if decision.action == "switch_language":
            return self._switch_language(understanding.asked.switch_to or lang, state, catalog)
        if (target := understanding.asked.answer_in) is not None:  # "請改用英文回答合作學校"
            lang = state.lang = target
            state.lang_explicit = True
        reply = self._reply(decision, lang, state, catalog)
        parse = understanding.parse
        return Reply(
            reply.lang,
            [*reply.messages, *notices],
            parse.intent,
            parse.confidence,
            reply.topic,
            decision=reply.decision,
        )

    async def _understand(self, text: str, lang: Lang) -> tuple[Understanding, bool]:
        """Rasa reads the question (the end of a long message, less the asker's introduction); the
        message's beginning is read too, for the country or audience it may name."""
        indexes = self._built()
        text = indexes.sound_alikes.fix(text)  # "國何會" is 國合會, to Rasa and the ranking alike
        text = indexes.spelling.fix(text, lang)  # "how mnay" is how many, "q" que
        whole = asking.question_part(text, MAX_NLU_CHARS)
        question = asking.without_introduction(whole)
        introduced = question != whole  # the asker's country is no topic, wherever it is read
        degraded = False
        try:
            parse = await self._nlu.parse(synonyms.for_rasa(question))
            entities = list(parse.entities)
            if question != text[:MAX_NLU_CHARS]:
                entities += (await self._nlu.parse(text[:MAX_NLU_CHARS])).entities
        except NluUnavailable as exc:
            log.warning("Rasa unavailable (%s); answering from keyword search", exc)
            parse = indexes.keywords.search(question)
            entities = []
            degraded = True
        catalog = self._catalog()
        parse = Parse(parse.intent, parse.confidence, parse.ranking, entities, parse.source)
        countries = self._countries(parse, catalog)
        asked = asking.read(question)
        if introduced:
            asked = replace(asked, self_intro=True)
        understanding = Understanding(
            lang=lang,
            text=question,
            parse=parse,
            asked=asked,
            country=next(iter(countries), None),
            countries=countries,
            wants_study=self._wants_study(parse),
        )
        return understanding, degraded

    def _reply(self, decision: Decision, lang: Lang, state: UserState, catalog: Catalog) -> Reply:
        """Apply a decision to the user's state and compose it."""
        if decision.entry is not None:
            state.topic, state.misses = decision.entry, 0
            # A follow-up stays in the place under discussion; a new question is about its own.
            entry = catalog.get(decision.entry)
            own_place = entry.country if entry is not None else None
            state.place = decision.country or (state.place if decision.follow_up else own_place)
        elif decision.action in ("did_you_mean", "fallback"):
            state.misses = 0 if decision.misses >= 2 else decision.misses
        else:
            state.misses = 0
        if decision.action == "small_talk" and decision.small_talk == "find_program":
            state.finder = {}
        if decision.action in ("answer", "aspect", "not_in_paper"):
            state.last_answer = decision.to_json()
        intent = "finder" if decision.small_talk == "find_program" else None
        return Reply(
            lang,
            compose(decision, lang, catalog),
            intent=intent,
            topic=decision.entry,
            decision=decision.to_json(),
        )

    def _switch_language(self, target: Lang, state: UserState, catalog: Catalog) -> Reply:
        """ "In English, please": the last answer again, in that language, which stays the user's."""
        state.lang, state.lang_explicit = target, True
        if state.last_answer:
            last = Decision.from_json(state.last_answer)
            again = Decision(**{**last.__dict__, "repeated": True, "reason": f"repeated in {target}"})
            if catalog.get(again.entry) is not None:
                return self._reply(again, target, state, catalog)
        return self._reply(
            Decision("switch_language", reason=f"switched to {target}"), target, state, catalog
        )

    def _built(self) -> Indexes:
        self._indexes = current(self._indexes, self._catalog())
        return self._indexes

    def _decider(self, catalog: Catalog) -> Decider:
        indexes = self._built()
        return Decider(catalog, indexes.facts, lambda text: indexes.keywords.search(text).intent)

    def indexes(self) -> tuple[KeywordSearch, FactIndex]:
        """The keyword search and fact index the bot answers with, for the maintainers' reports
        (built once per content version, not again per /report)."""
        indexes = self._built()
        return indexes.keywords, indexes.facts

    @staticmethod
    def _wants_study(parse: Parse) -> bool:
        return any(
            e.get("entity") == "study_level" or (e.get("entity"), e.get("value")) == ("audience", "student")
            for e in parse.entities
        )

    @staticmethod
    def _countries(parse: Parse, catalog: Catalog) -> tuple[str, ...]:
        """The countries the message names, in order, as keys of content/_countries.yml."""
        keys = (
            catalog.country_key(str(entity.get("value", "")))
            for entity in parse.entities
            if entity.get("entity") == "country"
        )
        return tuple(dict.fromkeys(key for key in keys if key))
