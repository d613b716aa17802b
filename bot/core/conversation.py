"""The dialogue: one Turn in, one Reply out, for every channel.

Rasa says what a message means; this module decides what to do with it given the user's state
(language, topic under discussion), and asks `render` for the words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.content.store import Catalog
from bot.core import callbacks, render
from bot.core.language import from_language_code, resolve
from bot.core.nlu import KeywordSearch, NluUnavailable, Parse, RasaClient
from bot.core.state import StateStore, UserState
from bot.core.types import Message, Reply, Turn
from bot.i18n import gettext_for

log = logging.getLogger(__name__)

MAX_NLU_CHARS = 500  # longer messages are understood from their start; the answer says so
FOLLOW_UPS = {"ask_how_to_apply": "apply", "ask_eligibility": "who", "ask_details": "more"}
SMALL_TALK = {"greet", "goodbye", "thanks", "help", "bot_challenge", "change_language"}
FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}


class Conversation:
    def __init__(
        self,
        catalog: Callable[[], Catalog],
        nlu: RasaClient,
        state: StateStore,
        confidence_threshold: float = 0.4,
    ) -> None:
        self._catalog = catalog
        self._nlu = nlu
        self._state = state
        self._threshold = confidence_threshold
        self._search: tuple[str, KeywordSearch] | None = None

    # -- entry point -------------------------------------------------------------------------

    async def handle(self, turn: Turn) -> Reply:
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
        entry = catalog.get(action.value)
        assert entry is not None
        state.topic = entry.id
        if action.kind == "topic":
            return Reply(lang, [render.entry_message(entry, lang)], topic=entry.id)
        message = render.aspect_message(entry, action.aspect or "apply", lang, catalog)
        return Reply(lang, [message], topic=entry.id)

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
        reply = self._answer(parse, lang, state)
        if len(detection.text) > MAX_NLU_CHARS:
            notices.append(render.plain("ℹ️ " + _("Your message was long, so I read only its beginning.")))
        return Reply(reply.lang, [*reply.messages, *notices], parse.intent, parse.confidence, reply.topic)

    def _answer(self, parse: Parse, lang: str, state: UserState) -> Reply:
        _ = gettext_for(lang)
        catalog = self._catalog()
        intent = parse.intent
        if intent == "nlu_fallback" and state.topic and parse.ranking:
            # "How do I apply?" is short and close to many entries' examples; with a topic under
            # discussion, a follow-up that ranks first is the likely meaning.
            best = next((name for name, _c in parse.ranking if name != "nlu_fallback"), None)
            if best in FOLLOW_UPS:
                intent = best
        confident = (
            parse.source == "search" or intent != parse.intent or (parse.confidence or 0.0) >= self._threshold
        )
        if intent in SMALL_TALK and confident:
            state.misses = 0
            return self._small_talk(intent, lang, catalog)
        if intent in FOLLOW_UPS and confident:
            entry = catalog.get(state.topic)
            if entry is None:
                return Reply(
                    lang,
                    [
                        render.plain(
                            _("Which program do you mean? Choose a topic:"), render.main_menu_buttons(lang)
                        )
                    ],
                )
            state.misses = 0
            aspect = FOLLOW_UPS[intent]
            message = render.aspect_message(entry, aspect, lang, catalog)
            return Reply(lang, [message], topic=entry.id)
        entry = catalog.get(intent)
        if entry is not None and confident and intent not in FALLBACK_INTENTS:
            state.topic, state.misses = entry.id, 0
            return Reply(lang, [render.entry_message(entry, lang)], topic=entry.id)
        state.misses += 1
        return Reply(lang, [render.fallback(lang)], topic=None)

    def _small_talk(self, intent: str, lang: str, catalog: Catalog) -> Reply:
        _ = gettext_for(lang)
        if intent == "greet":
            return Reply(lang, [render.greeting(lang)])
        if intent == "help":
            return Reply(lang, [render.help_message(lang)])
        if intent == "change_language":
            return Reply(lang, [render.language_picker(lang)])
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
