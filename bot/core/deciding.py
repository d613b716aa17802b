"""Deciding: from what a message means (Rasa) and what it asks (asking) to a `Decision`.

A pure function of the understanding, the user's state and the content, so every choice (entry,
fact, follow-up, country, silence, did-you-mean, fallback, language switch) is a value tests can
assert on. Wording is composing's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.content.models import About, Entry
from bot.content.store import Catalog
from bot.core.asking import AMOUNT_WORDS, PLACE_OVERVIEW_WORDS, SILENCE_ANSWERED, Asked, without_silence
from bot.core.decision import Decision, Lead
from bot.core.facts import FactIndex, FactRef, Scored, abouts, words_of
from bot.core.ids import (
    ABOUT_WHITE_PAPER,
    HOW_TO_APPLY_GUIDE,
    REGIONAL_GUIDES,
    SCHOLARSHIPS_GUIDE,
)
from bot.core.nlu import Parse
from bot.core.state import UserState
from bot.languages import LANGS, Lang

FOLLOW_UPS = {"ask_how_to_apply": "apply", "ask_eligibility": "who", "ask_details": "more"}
SMALL_TALK = {"greet", "goodbye", "thanks", "help", "bot_challenge", "change_language", "find_program"}
NOT_ENTRIES = {"nlu_fallback", "out_of_scope", *FOLLOW_UPS, *SMALL_TALK}

FOLLOW_UP_MIN = 0.15  # a follow-up intent ranked this high, with a topic, is a follow-up
SHORT_FOLLOW_UP_WORDS, SHORT_FOLLOW_UP_RASA_MAX = 3, 0.4
ASPECT_HINT_MIN = 0.1  # "X 怎麼申請?": the how-to-apply intent beside X's own
# Committing under Rasa's fallback: the first entry clearly ahead of the second, or confirmed by
# the keyword search. "Did you mean…?" is for true ties only.
COMMIT_MIN, COMMIT_MARGIN = 0.2, 0.1
CONFIRMED_MIN = 0.12
COMMIT_EVIDENCE = 0.5  # under the fallback, the entry's own words must cover this much of the question
WEAK_EVIDENCE = 0.35  # a country named, under the fallback: its entry must cover this much
DID_YOU_MEAN_MIN, DID_YOU_MEAN_MARGIN, DID_YOU_MEAN_EVIDENCE = 0.12, 0.1, 0.35
# Details no fact of any program gives; asked with the program's name, the name is evidence enough
NEVER_GIVEN = frozenset({"contact", "age", "deadline", "link", "service"})
NAMED_FOR_SILENCE = 0.15  # …when its entry's own words cover at least this much of the question
POINTED_MARKS = frozenset({"kinds", "name"})  # marks that ask for one fact as precisely as a kind
SILENT_CANDIDATE_MIN = 0.05  # a detail the paper never gives: Rasa's candidates down to this
# The bot's own fact search commits when this clear: the known words mostly known, the best fact
# covering most of them, ahead of other entries' facts (unless they give the same numbers).
FOUND_KNOWN, FOUND_OVERLAP, FOUND_MARGIN, FOUND_MIN_WORDS = 0.5, 0.7, 0.15, 2
FOUND_OVERLAP_AGREED = 0.5  # enough when another entry's fact fits and gives the same figures
FOUND_OPEN_MIN_WORDS, FOUND_OPEN_MARGIN = 3, 0.2  # the same, for a question that asks no kind of detail
BARE_GUESS = 0.4  # Rasa's entry at under this, on words the content never uses, is no answer
MENTION_OVERLAP = 0.3  # a precise question about a country with no entry: the naming fact must cover this
UNSURE_TOPIC_OVERLAP = 0.3  # the same when Rasa could not place the message at all
SECOND_FACT_SHARE = 0.85  # a second fact joins the first when it scores this close and fits too
SMALL_TALK_SURE = 0.8
SURE_OUT_OF_SCOPE = 0.6  # Rasa this sure: no follow-up, whatever detail the message asks
WEAK_OUT_OF_SCOPE, KNOWN_WORDS = 0.3, 0.95  # a weak out-of-scope guess on the content's own words
ELSEWHERE_SURE = 0.9  # visas, DAAD, tourism…: only a very sure Rasa overrides the wording
FACT_TIE_MARGIN = 0.2  # between two tied entries, one whose best fact fits this much better wins
SAME_FIGURES_OVERLAP = 0.5  # two facts giving the same figures, each covering this much: either answers
# A related entry's fact answers a precise question instead when it covers this much more of it.
RELATED_BETTER, RELATED_WHEN_BELOW = 0.3, 0.5
ANYWHERE_OVERLAP = 0.9  # any entry's fact, when it covers this much of a precise question
GUESSED_FACT_OVERLAP = 0.15  # a guessed entry whose best fact covers less than this of the question
BARELY_PLACED, BARELY_PLACED_OVERLAP = 0.45, 0.75  # the same, for an entry Rasa placed under this
BARELY_PLACED_GAIN = 0.2  # …when the fact elsewhere says this much more than the entry's best
OPEN_ELSEWHERE_OVERLAP = 0.8  # the same, for a question that asks no kind of detail
OPEN_ELSEWHERE_SCORE_GAIN = 0.5  # or as much, and this much more besides (a year it repeats)
RUNNER_UP_SHARE, RUNNER_UP_MIN, RUNNER_UP_PENALTY = 0.25, 0.1, 0.15
FOLLOW_UP_RUNNER_UP_PENALTY = 0.45
EVEN_FACTS, RASA_LEAD = 0.05, 0.05  # facts about even: Rasa's order decides if it leads this much
# A follow-up asking the amount of something it names: the topic's amounts must share this much
# of its words, or the paper gives none for it (set on the development dialogues)
AMOUNT_NAMED_OVERLAP = 0.3
CLEARER_EVIDENCE = 0.25  # else the entry whose words cover this much more of the question


# A text that states the paper's own silence about a detail.
PAPER_SILENT = re.compile(
    r"white paper (?:does not|doesn't|gives no|says nothing)"
    r"|libro blanco no (?:da|dice|indica|explica|precisa)|白皮書(?:沒有|並未|未)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Understanding:
    """A message as the bot understood it."""

    lang: Lang
    text: str  # the text given to Rasa (Traditional for Chinese; the question of a long message)
    parse: Parse
    asked: Asked
    country: str | None  # the first country named, as a key of content/_countries.yml
    countries: tuple[str, ...] = ()  # every country named ("¿en Nicaragua u Honduras?")
    wants_study: bool = False  # entities say student or a study level
    previous: tuple[str, ...] = ()  # the content words of the user's previous question
    previous_about: tuple[About, ...] = ()  # the kinds of detail it asked for ("since when?": year)


class Decider:
    def __init__(
        self, catalog: Catalog, facts: FactIndex, second_opinion: Callable[[str], str | None] | None = None
    ) -> None:
        self.catalog = catalog
        self.facts = facts
        # The keyword search's first entry for a text; asked only when Rasa is unsure, as it costs
        # a search over every example.
        self._second_opinion = second_opinion or (lambda _text: None)

    # -- entry point ---------------------------------------------------------------------------

    def decide(self, u: Understanding, state: UserState) -> Decision:
        decision = self._decide(self._in_content_names(u), state)
        top = tuple((name, round(c, 3)) for name, c in u.parse.ranking[:3])
        return replace(decision, top=top)

    def _decide(self, u: Understanding, state: UserState) -> Decision:
        asked = u.asked
        if asked.switch_to is not None:
            return Decision("switch_language", reason=f"asked for {asked.switch_to}")
        intent = u.parse.intent
        topic = self.catalog.get(state.topic)
        if asked.elsewhere and (u.parse.confidence or 0.0) < ELSEWHERE_SURE:
            return Decision(
                "fallback", misses=state.misses + 1, reason="about something the paper never covers"
            )
        if intent in SMALL_TALK and self._sure_small_talk(u):
            return Decision("small_talk", small_talk=intent, reason="small talk")
        if asked.place_back and u.country is None and state.place is not None and not asked.new_topic:
            u = replace(u, country=state.place)  # "did Taiwan send vaccines there too?"
        if topic is not None and not asked.new_topic and self._is_follow_up(u, topic, state.place):
            return self._follow_up(u, topic, self._last_facts(state, topic))
        entry = self._entry(u)
        if entry is None and intent in FOLLOW_UPS and FOLLOW_UPS[intent] == "apply":
            entry = self.catalog.get(HOW_TO_APPLY_GUIDE)  # "how do I apply?" with no topic
            if entry is not None:
                return self._answer(u, entry, reason="how to apply, no topic")
        if entry is None and self._follow_up_intent(u) and topic is None:
            return Decision("which_program", reason="follow-up with no topic")
        if entry is not None:
            return self._answer(u, entry, reason="entry")
        return self._unsure(u, state)

    # -- which entry ---------------------------------------------------------------------------

    def _entry(self, u: Understanding) -> Entry | None:
        """Rasa's entry when it is sure, or when the evidence under its fallback is clear."""
        parse = u.parse
        entry = None
        if parse.intent not in NOT_ENTRIES and not self._nothing_known(u):
            entry = self.catalog.get(parse.intent)
        elif parse.intent == "nlu_fallback":
            entry = self._committed(u)
        return self._route(entry, u)

    def _nothing_known(self, u: Understanding) -> bool:
        """Rasa barely chose an entry for a message none of whose words the content uses ("帮我解一下
        这个方程：x²-5x+6=0" as COVID aid): a guess, not an answer."""
        words = u.asked.content_tokens
        barely = (u.parse.confidence or 0.0) < BARE_GUESS
        return barely and bool(words) and self.facts.known_share(words) == 0.0

    def _ranked_entries(self, parse: Parse) -> list[tuple[str, float]]:
        return [(n, c) for n, c in parse.ranking if n not in NOT_ENTRIES and self.catalog.get(n) is not None]

    def _committed(self, u: Understanding) -> Entry | None:
        entry = self._commit_candidate(u)
        # A question about what the paper never gives ("how much a month?") spends its words on
        # that detail, which no entry contains: the rest must still name the entry.
        if entry is None:
            return None
        needed = WEAK_EVIDENCE if u.asked.silence or u.asked.after_paper else COMMIT_EVIDENCE
        evidence = self._evidence(entry, u)
        if self._named_for_silence(u, entry, evidence):
            return entry
        if evidence < needed:
            # Rasa hesitated and the entry shares too little with the question; its other
            # candidate may share enough, with a fact as good
            return self._better_worded(u, entry, needed)
        # barely named, or barely guessed
        barely = evidence < COMMIT_EVIDENCE or self._confidence(u, entry.id) < DID_YOU_MEAN_MIN
        if u.asked.after_paper and not u.asked.silence and barely:
            # "How many allies does Taiwan have right now?": the paper's date and whom to ask, not
            # a loosely related entry's fact
            return self.catalog.get(ABOUT_WHITE_PAPER) or entry
        return entry

    def _named_for_silence(self, u: Understanding, entry: Entry, evidence: float) -> bool:
        """ "國合會的聯繫電話和 email？" is all contact words but one: the name, which Rasa's
        candidate and the keywords agree on. What no program's paper gives (a phone, an age limit)
        needs no more evidence than that to say so, with that entry's channel."""
        if not set(u.asked.silence) & NEVER_GIVEN or evidence < NAMED_FOR_SILENCE:
            return False
        return self._second_opinion(without_silence(u.text)) == entry.id

    def _better_worded(self, u: Understanding, entry: Entry, needed: float) -> Entry | None:
        """ "How many ICDF technical missions are stationed overseas?" leans to the missions'
        entry, whose words cover too little of it; TaiwanICDF's entry, Rasa's other candidate,
        covers enough and gives the same 21 missions."""
        if len(u.asked.content_tokens) <= SHORT_FOLLOW_UP_WORDS:
            return None  # "成效怎麼樣？" is elliptic: about the topic, not a guess at another entry
        candidates = [n for n, c in self._ranked_entries(u.parse)[:2] if n != entry.id and c >= RUNNER_UP_MIN]
        other = self.catalog.get(candidates[0]) if candidates else None
        if other is None or self._evidence(other, u) < needed:
            return None
        own, theirs = (self.facts.rank([e], u.lang, u.asked, u.text) for e in (entry, other))
        return other if own and theirs and theirs[0].score >= own[0].score - EVEN_FACTS else None

    def _evidence(self, entry: Entry, u: Understanding) -> float:
        """How much of the question the entry's own words cover; a country's name alone is no
        evidence for that country's entry ("travel tips for Thailand")."""
        words = self._without_country(u).content_tokens
        if u.country and not words:
            return 1.0  # only the country and question words: "what about Paraguay?"
        return self.facts.evidence(entry.id, words)

    def _commit_candidate(self, u: Understanding) -> Entry | None:
        ranked = self._ranked_entries(u.parse)
        if not ranked or (self._top_name(u.parse) == "out_of_scope" and not self._known_words(u)):
            return None
        first, c1 = ranked[0]
        c2 = ranked[1][1] if len(ranked) > 1 else 0.0
        if c1 >= COMMIT_MIN and c1 - c2 >= COMMIT_MARGIN:
            return self.catalog.get(first)
        # "scholarships", "becas", "獎學金": a broad question between a guide and one of its
        # programs is the guide's to answer.
        if c1 >= DID_YOU_MEAN_MIN and c1 - c2 <= DID_YOU_MEAN_MARGIN:
            guide = next((self.catalog.get(n) for n, _c in ranked[:2] if n.startswith("guide-")), None)
            if guide is not None:
                return guide
        if c1 >= CONFIRMED_MIN and self._second_opinion(u.text) == first:
            return self.catalog.get(first)
        if u.country and c1 >= DID_YOU_MEAN_MIN and len(ranked) > 1:
            # "Did Taiwan help Paraguay in the pandemic?" between Paraguay's entry and the topic's:
            # the topic's answer, which ranks Paraguay's own facts beside its own.
            own = self.catalog.for_country(u.country)
            pair = (first, ranked[1][0])
            if own is not None and own.id in pair:
                other = self.catalog.get(pair[1] if pair[0] == own.id else pair[0])
                return other if other is not None and other.kind != "country" else own
        if u.asked.silence or u.asked.after_paper:
            # "is there an age limit?": the answer is the paper's silence, about whichever of
            # Rasa's candidates the question names best
            return self._silent_entry(u, ranked)
        if c1 >= DID_YOU_MEAN_MIN and len(ranked) > 1:
            return self._fact_tie_break(u, (first, c1), ranked[1])
        return None

    def _silent_entry(self, u: Understanding, ranked: list[tuple[str, float]]) -> Entry | None:
        names = [n for n, c in ranked[:3] if c >= SILENT_CANDIDATE_MIN]
        if (keyword := self._second_opinion(without_silence(u.text))) is not None:
            names.append(keyword)
        entries = [e for e in map(self.catalog.get, dict.fromkeys(names)) if e is not None]
        # _committed weighs it; between equals, the one the question's own keywords name
        return max(entries, key=lambda e: (self._evidence(e, u), e.id == keyword), default=None)

    def _fact_tie_break(
        self, u: Understanding, first_ranked: tuple[str, float], second_ranked: tuple[str, float]
    ) -> Entry | None:
        """Two entries about equally likely: the one with a fact that clearly fits the question
        wins; with facts about even, Rasa's first if it leads at all."""
        if not (u.asked.about or u.asked.content_tokens):
            return None
        (first, c1), (second, c2) = first_ranked, second_ranked
        tops: dict[str, Scored | None] = {}
        for entry_id in (first, second):
            entry = self.catalog.get(entry_id)
            ranked = self.facts.rank([entry], u.lang, u.asked, u.text) if entry else []
            tops[entry_id] = ranked[0] if ranked else None
        a, b = tops[first], tops[second]
        fit = bool(a and b and a.kind_match and b.kind_match) if u.asked.about else None
        if fit is None:  # no kind of detail read from the wording: both facts must cover it well
            fit = bool(a and b and min(a.overlap, b.overlap) >= SAME_FIGURES_OVERLAP)
        if fit and a and b and self._same_numbers(a, b):
            return self._best_fit(u, first, second)  # both give the same figure: either answers
        best = {entry_id: top.score if top else 0.0 for entry_id, top in tops.items()}
        if best[first] - best[second] >= FACT_TIE_MARGIN:
            return self.catalog.get(first)
        if best[second] - best[first] >= FACT_TIE_MARGIN:
            return self.catalog.get(second)
        if best[first] >= best[second] - EVEN_FACTS and c1 - c2 >= RASA_LEAD:
            return self.catalog.get(first)
        # Facts about even, Rasa split: the entry whose own words clearly cover more of the
        # question ("臺灣一共捐了多少片口罩到國外？": the aid entry, not the by-partner list).
        entries = [e for e in map(self.catalog.get, (first, second)) if e is not None]
        (e1, clearer), (e2, _other) = sorted(
            ((self._evidence(e, u), e) for e in entries), key=lambda p: -p[0]
        )
        if e1 >= COMMIT_EVIDENCE and e1 - e2 >= CLEARER_EVIDENCE:
            return clearer
        return None

    def _best_fit(self, u: Understanding, *entry_ids: str) -> Entry | None:
        """Of entries that would answer alike, the one whose own words cover the question best."""
        entries = (e for e in map(self.catalog.get, entry_ids) if e is not None)
        return max(entries, key=lambda e: self._evidence(e, u), default=None)

    def _same_numbers(self, a: Scored, b: Scored) -> bool:
        """Either fact gives every figure of the other: "about 25 APEC meetings a year", alone in
        one and after "in 2017…" in the other, answers alike."""
        first, second = self.facts.numbers(a.ref), self.facts.numbers(b.ref)
        return bool(first and second) and (first <= second or second <= first)

    def _known_words(self, u: Understanding) -> bool:
        """Rasa leans weakly to out of scope, yet every word is the content's own ("獎學金")."""
        top = next((c for n, c in u.parse.ranking if n == "out_of_scope"), 0.0)
        words = u.asked.content_tokens
        return top < WEAK_OUT_OF_SCOPE and bool(words) and self.facts.known_share(words) >= KNOWN_WORDS

    @staticmethod
    def _top_name(parse: Parse) -> str | None:
        return next((name for name, _c in parse.ranking if name != "nlu_fallback"), None)

    def _route(self, entry: Entry | None, u: Understanding) -> Entry | None:
        """A country named in the message beats a guessed other country or region; someone who
        names a country and wants to study gets the scholarships guide."""
        if entry is None or not u.country:
            return entry
        if entry.kind == "country" and u.wants_study and (guide := self.catalog.get(SCHOLARSHIPS_GUIDE)):
            return guide
        if entry.kind == "country" and self._introduced(u, entry):
            return entry  # "我係馬來西亞人…世界展望會在哪些國家？" on Honduras's entry: not Malaysia's
        if entry.kind == "country" or entry.id in REGIONAL_GUIDES:
            place = self._place(u.country)
            if place is None and not self._about_country(entry.id, u):
                return None  # Vietnam's entry says nothing of the Dominican Republic: what names it may
            return place or entry
        return entry

    def _place(self, country: str) -> Entry | None:
        """The country's own entry, else the guide to its region."""
        if own := self.catalog.for_country(country):
            return own
        guides = (self.catalog.get(g) for g in sorted(REGIONAL_GUIDES))
        return next((g for g in guides if g is not None and country in g.countries), None)

    # -- follow-ups ----------------------------------------------------------------------------

    def _follow_up_intent(self, u: Understanding) -> str | None:
        """A generic follow-up ("how do I apply?", "tell me more") that Rasa ranked near the top."""
        ranked = [(n, c) for n, c in u.parse.ranking if n != "nlu_fallback"]
        if u.parse.intent in FOLLOW_UPS:
            return u.parse.intent
        if u.parse.intent == "nlu_fallback":
            return next((n for n, c in ranked[:2] if n in FOLLOW_UPS and c >= FOLLOW_UP_MIN), None)
        return None

    def _is_follow_up(self, u: Understanding, topic: Entry, place: str | None) -> bool:
        asked = u.asked
        # "there" points back at the last answer's place, unless the message names another one:
        # "ok, switching to Palau: any fish farming there?" is about Palau
        pointed_at = asked.place_back and u.country is not None and u.country == place
        if self._follow_up_intent(u) or asked.refers_back or pointed_at:
            return True
        if asked.points_back and (u.parse.confidence or 0.0) < SHORT_FOLLOW_UP_RASA_MAX:
            return True  # "did it cut waiting times?", which Rasa cannot place
        asks_detail = bool(asked.about or asked.silence)
        if self._top_name(u.parse) == "out_of_scope" and not (asked.connective or asks_detail):
            return False  # "what is the capital of France?" is no question about the topic
        if u.parse.intent == "out_of_scope" and (u.parse.confidence or 0.0) >= SURE_OUT_OF_SCOPE:
            return False  # "who won the World Cup?" asks a detail, but of nothing here
        known = self._topic_words(topic)
        country_words = self._country_words(u.country) if u.country else set()
        new_words = [t for t in asked.content_tokens if t not in known and t not in country_words]
        share = 1 - len(new_words) / len(asked.content_tokens) if asked.content_tokens else 1.0
        named = self._entry(u)
        if named is not None and named.id != topic.id:
            # A few words asking a detail, no country: "I'm from Paraguay, what can I study?" is a
            # new question
            short_question = (
                bool(asked.about) and not country_words and len(asked.content_tokens) <= SHORT_FOLLOW_UP_WORDS
            )
            if u.parse.intent == "nlu_fallback" and (
                (share >= UNSURE_TOPIC_OVERLAP and not country_words)  # the words are the topic's
                or short_question  # "how many people took part?"
            ):
                return True  # Rasa only guessed another entry
            # Another program or place named: a new topic, unless the message only adds a country
            # to the topic ("and in Paraguay?") or says nothing beyond question words.
            others = [t for t in asked.content_tokens if t not in country_words]
            only_a_country = bool(country_words) and len(others) <= 1
            # "¿cuántos participantes hubo en 2019?": a short detail question in the topic's own
            # words, which Rasa only guesses about
            short_detail = short_question and (u.parse.confidence or 0.0) < SHORT_FOLLOW_UP_RASA_MAX
            # "那預算多少？": a connective and one word of detail, which Rasa only guesses about
            one_detail = (
                asked.connective
                and asks_detail
                and not country_words
                and len(asked.content_tokens) <= 1
                and (u.parse.confidence or 0.0) < SHORT_FOLLOW_UP_RASA_MAX
            )
            return one_detail or (
                not new_words
                and (asked.connective or not asked.content_tokens or only_a_country or short_detail)
            )
        if asked.connective or not asked.content_tokens or named is not None:
            return True
        # Rasa cannot place it, but it shares words with the topic or asks for a detail of it; a
        # newly named country with more to say ("I'm from Paraguay, what can I study?") is no
        # follow-up: the country rules answer it.
        others = [t for t in asked.content_tokens if t not in country_words]
        if country_words and len(others) > 1:
            return False
        # A short message Rasa cannot place ("¿qué se terminó en 2022?") is elliptic: about the topic.
        short = len(asked.content_tokens) <= SHORT_FOLLOW_UP_WORDS and not country_words
        return share >= UNSURE_TOPIC_OVERLAP or bool(asked.about) or bool(asked.silence) or short

    def _topic_words(self, topic: Entry) -> frozenset[str]:
        return self.facts.text_words(topic.id)

    @staticmethod
    def _last_facts(state: UserState, topic: Entry) -> frozenset[FactRef]:
        """The topic's facts the last answer gave: what "since when?" or "how many?" refers to."""
        if not state.last_answer:
            return frozenset()
        last = Decision.from_json(state.last_answer)
        if last.entry != topic.id:
            return frozenset()
        return frozenset(f for f in last.facts if f.entry == topic.id)

    def _follow_up(self, u: Understanding, topic: Entry, recent: frozenset[FactRef]) -> Decision:
        intent = self._follow_up_intent(u)
        if u.country and u.country != topic.country and not u.asked.place_back:
            switched = self._country_follow_up(u, topic)
            if switched is not None:
                return switched
        region = self.catalog.get(u.asked.region) if u.asked.region and not u.country else None
        if region is not None and region.id != topic.id and u.asked.connective:
            return self._in_place(
                u, topic, region, (), reason="follow-up: the region's guide", follow_up=True
            )
        if intent in FOLLOW_UPS and FOLLOW_UPS[intent] in ("apply", "who") and self._only_aspect(u.asked):
            return self._aspect(topic, FOLLOW_UPS[intent], u, reason=f"follow-up {intent}", follow_up=True)
        return self._answer(u, topic, reason="follow-up on the topic", follow_up=True, recent=recent)

    def _country_follow_up(self, u: Understanding, topic: Entry) -> Decision | None:
        """ "And in Paraguay?": the topic's facts about that country, else the country's own facts
        ranked against the topic."""
        assert u.country is not None
        names = self._country_names(u.country)
        mentioning = [
            s
            for s in self.facts.rank([topic], u.lang, u.asked, u.text, names)
            if any(n.casefold() in topic.facts[s.ref.index].text.get(u.lang).casefold() for n in names)
        ]
        if mentioning and topic.kind != "country":
            return self._decision_from(u, topic, mentioning, reason="follow-up: topic fact for the country")
        if (mentioned := self._mentioned(u)) is not None:
            return replace(mentioned, follow_up=True)
        place = self._place(u.country)
        if place is None:
            return None
        return self._in_place(u, topic, place, names, reason="follow-up: the country's own entry")

    def _in_place(
        self,
        u: Understanding,
        topic: Entry,
        place: Entry,
        names: tuple[str, ...],
        reason: str,
        follow_up: bool = False,
    ) -> Decision:
        """ "And in Guatemala?", "¿y en África?": what the previous question asked, now of this place."""
        context = self._title_tokens(topic) if topic.kind not in ("country", "guide") else u.previous
        topic_words = tuple(t for t in context if t not in u.asked.content_tokens)
        asked = Asked(
            # "¿Cuándo empezó en América Latina?" then "¿y en África?": that year, for Africa. (A
            # country keeps to its own question: "budget? and in Saint Lucia?" reads as what Taiwan
            # does there, on the development dialogues.)
            about=u.asked.about or (u.previous_about if not names else ()),
            silence=u.asked.silence,
            after_paper=u.asked.after_paper,
            content_tokens=(*u.asked.content_tokens, *topic_words),
        )
        ranked = self.facts.rank([place], u.lang, asked, u.text, names)
        return self._decision_from(u, place, ranked, reason=reason, follow_up=follow_up)

    @staticmethod
    def _title_tokens(entry: Entry) -> tuple[str, ...]:
        return tuple(words_of(entry.title.en) + words_of(entry.title.zh_hant))

    # -- answers -------------------------------------------------------------------------------

    def _without_country(self, u: Understanding) -> Asked:
        """What the message asks, less the words that name its country."""
        names = self._country_words(u.country) if u.country else set()
        return replace(u.asked, content_tokens=tuple(t for t in u.asked.content_tokens if t not in names))

    def _in_content_names(self, u: Understanding) -> Understanding:
        """A country's name that no fact uses (伯利茲, the mainland's Belize) read as the name the
        content gives it (貝里斯), so its facts meet the question as they would in Taiwan's words."""
        swap: dict[str, tuple[str, ...]] = {}
        for key in u.countries:
            country = self.catalog.countries.get(key)
            if country is None:
                continue
            own = words_of(country.names.zh_hant)
            unknown = (w for w in self._country_words(key) if w not in own and not self.facts.knows(w))
            swap.update((w, own) for w in unknown)
        if not swap:
            return u
        words = tuple(w for token in u.asked.content_tokens for w in swap.get(token, (token,)))
        return replace(u, asked=replace(u.asked, content_tokens=words))

    def _country_words(self, key: str) -> set[str]:
        return {w for n in self._country_names(key) for w in words_of(n)}

    def _country_names(self, key: str) -> tuple[str, ...]:
        country = self.catalog.countries.get(key)
        if country is None:
            return ()
        return (*(name for _lang, name in country.names.items()), *country.variants)

    def _answer(
        self,
        u: Understanding,
        entry: Entry,
        reason: str,
        follow_up: bool = False,
        recent: frozenset[FactRef] = frozenset(),
    ) -> Decision:
        silence = self._unanswered_silence(u.asked, entry)
        if silence is not None:
            return self._silent(u, entry, silence, follow_up)
        # Rasa's weak how-to-apply hint is for a program named now; a follow-up's own wording decides.
        hint = "apply" if u.asked.how_to_apply else None if follow_up else self._aspect_hint(u)
        if hint and entry.kind not in ("country", "guide") and self._only_aspect(u.asked):
            return self._aspect(entry, hint, u, reason="asks how to apply")
        pool = [entry]
        names: tuple[str, ...] = ()
        if u.country:
            # A country the asker introduces themselves with ("I'm a Malaysian student, …") may
            # be what they ask about, or not: its facts compete on the question's words alone.
            names = () if self._introduced(u, entry) else self._country_names(u.country)
            own = self.catalog.for_country(u.country)
            if own is not None and own.id != entry.id:
                pool.append(own)  # "What did Taiwan do in Eswatini during COVID?"
        # A follow-up in the topic's own words ("在臺灣待多久？") is about the topic alone.
        own_words = follow_up and all(t in self._topic_words(entry) for t in u.asked.content_tokens)
        runner_up = None if own_words else self._runner_up(u, entry)
        # the paper's own entry, for a question after its time, is not outdone by a guess Rasa
        # barely made ("how many allies in 2026?" as the Pacific leadership program)
        dated = entry.id == ABOUT_WHITE_PAPER and u.asked.after_paper
        if dated and runner_up is not None and self._confidence(u, runner_up.id) < DID_YOU_MEAN_MIN:
            runner_up = None
        if runner_up is not None and runner_up not in pool:  # it may be the named country's own
            pool.append(runner_up)
        ranked = self.facts.rank(pool, u.lang, u.asked, u.text, names, recent)
        # "Did Taiwan ever help Nigeria?" placed on humanitarian aid, whose best fact never names
        # Nigeria: the fact, in whichever entry, that does
        missed = not follow_up and self._misses_the_country(u, entry, ranked, names)
        if missed and (mentioned := self._mentioned(u)) is not None:
            return mentioned
        if follow_up and self._amount_not_given(u, pool):
            return self._silent(u, entry, "amount", follow_up)
        better = self._related_fact(u, entry, ranked, names) if not follow_up else None
        if better is not None:
            owner = self.catalog.get(better.ref.entry)
            if owner is not None:
                reason = f"{reason}; a related entry's fact covers the question better"
                return self._decision_from(u, owner, [better], reason=reason)
        if runner_up is not None:
            # Rasa's second entry may hold the fact asked for, but starts behind; further behind
            # in a follow-up, which is about its topic unless another entry fits clearly better.
            penalty = FOLLOW_UP_RUNNER_UP_PENALTY if follow_up else RUNNER_UP_PENALTY
            ranked = sorted(
                (replace(s, score=s.score - penalty) if s.ref.entry == runner_up.id else s for s in ranked),
                key=lambda s: -s.score,
            )
            if ranked and ranked[0].ref.entry == runner_up.id:
                entry, reason = runner_up, f"{reason}; the fact asked is in Rasa's second entry"
        return self._decision_from(u, entry, ranked, reason=reason, follow_up=follow_up)

    def _introduced(self, u: Understanding, entry: Entry) -> bool:
        """ "I'm Malaysian; what does the NUTC elite class teach?" or "我是馬來西亞的大學生…第一支農耕隊
        是哪一年出發的？": the asker's own country said by way of introduction, and a program or
        topic asked about. Facts naming the country earn nothing for it; the country's note
        still says whether the program is open to it. Asked about another country's entry, the
        asker's own facts earn nothing either ("我係馬來西亞人…世界展望會的資助兒童計畫在哪些國家？")."""
        return u.asked.self_intro and entry.country != u.country

    def _misses_the_country(
        self, u: Understanding, entry: Entry, ranked: list[Scored], names: tuple[str, ...]
    ) -> bool:
        """A country with no entry of its own is named, and the entry's best fact never names it."""
        if not (u.country and ranked) or self.catalog.for_country(u.country) is not None:
            return False
        if ranked[0].ref.entry != entry.id:
            return False
        fact = entry.facts[ranked[0].ref.index]
        texts = (fact.text.get(u.lang).casefold(), fact.text.zh_hant.casefold())
        return not any(n.casefold() in text for n in names if n for text in texts)

    @staticmethod
    def _silent(u: Understanding, entry: Entry, silence: str, follow_up: bool) -> Decision:
        return Decision(
            "not_in_paper",
            entry=entry.id,
            silence=silence,
            country=u.country,
            asked=u.asked.about,
            after_paper=u.asked.after_paper,
            follow_up=follow_up,
            reason=f"the paper gives no {silence}",
        )

    def _amount_not_given(self, u: Understanding, pool: list[Entry]) -> bool:
        """ "¿Cuánto costó el proyecto?" after an answer: the topic gives amounts, but none that
        shares the words of what the question names, so the paper is silent about this one.
        ("¿Y cuánto dinero?" names nothing: the topic's own amounts answer it.)"""
        if "money" not in u.asked.about or not set(u.asked.about) <= {"money", "count"}:
            return False
        rest = self._without_country(u)
        if all(t in AMOUNT_WORDS for t in rest.content_tokens):
            return False
        amounts = [s for s in self.facts.rank(pool, u.lang, rest, u.text) if s.kind_match]
        return max((s.overlap for s in amounts), default=0.0) < AMOUNT_NAMED_OVERLAP

    def _related_fact(
        self, u: Understanding, entry: Entry, ranked: list[Scored], names: tuple[str, ...]
    ) -> Scored | None:
        """ "How many GCTF workshops so far?" placed on the workshops-by-year entry: the total is
        in the related GCTF entry. A related entry's fact of the kind asked that covers clearly
        more of the question answers it instead; so does any entry's fact that covers all of it."""
        if not u.asked.about and ranked and not u.country:
            return self._said_elsewhere(u, ranked[0])
        if not u.asked.about or not ranked or u.country:
            return None  # a named country has its own entry's facts in the pool already
        own = ranked[0]
        # "Where was the first GCTF event held outside Taiwan?" placed on the by-year list: a fact
        # elsewhere (Palau's) says every word of it, and clearly more than the entry's best.
        # (searched only when the gain is possible: no fact covers more than all of it)
        gain_possible = own.overlap <= 1 - RELATED_BETTER
        anywhere = (
            [s for s in self.facts.search(u.lang, u.asked, u.text) if s.kind_match] if gain_possible else []
        )
        # Rasa only guessed the entry, and its best fact says next to nothing of the question
        # ("台灣最早哪一年派農業技術人員到國外援助？" guessed as medical equipment): a fact
        # elsewhere that covers clearly more answers instead
        # (not for what the paper never gives or postdates: no fact could say it, and one that
        # merely shares a word, "Health Secretary Azar" for "the current secretary general", is
        # no better)
        answerable = not (u.asked.after_paper or u.asked.silence)
        guessed = answerable and u.parse.intent == "nlu_fallback" and own.overlap < GUESSED_FACT_OVERLAP
        # Rasa placed it, but barely ("台灣2020年給海灣國家捐了多少片口罩？" at 0.32 on the COVID
        # partners): a fact elsewhere that says most of it, and clearly more, answers it
        barely = answerable and self._confidence(u, entry.id) < BARELY_PLACED
        if (
            anywhere
            and (
                anywhere[0].overlap >= ANYWHERE_OVERLAP
                or guessed
                or (barely and anywhere[0].overlap >= BARELY_PLACED_OVERLAP)
            )
            and anywhere[0].overlap - own.overlap >= (BARELY_PLACED_GAIN if barely else RELATED_BETTER)
        ):
            return anywhere[0]
        wants_mark = bool(u.asked.marks) and not own.mark_match
        if own.kind_match and own.overlap >= RELATED_WHEN_BELOW and not wants_mark:
            return None  # the entry's own fact answers well enough
        related = [e for e in map(self.catalog.get, entry.related) if e is not None]
        found = [s for s in self.facts.rank(related, u.lang, u.asked, u.text, names) if s.kind_match]
        if found and found[0].overlap - own.overlap >= RELATED_BETTER:
            return found[0]
        # "How many so far?" of a by-year list: a related entry's running total answers it.
        if found and wants_mark and found[0].mark_match and found[0].overlap >= own.overlap - EVEN_FACTS:
            return found[0]
        return None

    def _said_elsewhere(self, u: Understanding, own: Scored) -> Scored | None:
        """ "2020年臺灣在APEC推動成立了什麼工作小組？" asks no kind of detail the wording tells, and
        the APEC entry's best fact says little of it: a fact elsewhere that says most of its words
        and clearly more, or as much and the year the question names besides, answers it."""
        if len(u.asked.content_tokens) < FOUND_OPEN_MIN_WORDS or u.asked.procedure:
            return None
        found = self.facts.search(u.lang, u.asked, u.text)
        if not found or found[0].overlap < OPEN_ELSEWHERE_OVERLAP:
            return None
        best = found[0]
        if best.overlap - own.overlap >= RELATED_BETTER:
            return best
        # "2011年臺灣和歐洲復興開發銀行合作的那個基金叫什麼名字？": the EBRD funds' entry says
        # as many of its words; the green-energy fund's fact also says 2011
        elsewhere = best.ref.entry != own.ref.entry
        if elsewhere and best.overlap >= own.overlap and best.score - own.score >= OPEN_ELSEWHERE_SCORE_GAIN:
            return best
        return None

    def _runner_up(self, u: Understanding, entry: Entry) -> Entry | None:
        """A precise question and a close second entry in Rasa's ranking: its facts compete too."""
        if not u.asked.about:
            return None
        ranked = [(n, c) for n, c in self._ranked_entries(u.parse) if n != entry.id]
        if u.country:
            ranked = [(n, c) for n, c in ranked if self._about_country(n, u)]
        top = self._confidence(u, entry.id)
        if not ranked:
            return None
        name, confidence = ranked[0]
        if confidence >= max(RUNNER_UP_MIN, RUNNER_UP_SHARE * top):
            return self.catalog.get(name)
        return None

    def _decision_from(
        self, u: Understanding, entry: Entry, ranked: list[Scored], reason: str, follow_up: bool = False
    ) -> Decision:
        best = ranked[:1]
        close = len(ranked) > 1 and ranked[1].score >= SECOND_FACT_SHARE * ranked[0].score
        if close and (not u.asked.about or ranked[1].kind_match):
            best = ranked[:2]
        # A precise question, or one whose words the fact covers, gets the fact first; a broad
        # one ("what is GCTF?") gets the summary first, then the fact.
        covered = bool(best and best[0].overlap >= 0.5) and not u.asked.overview
        # "哪幾種班？", "叫什麼名字？" ask for the fact that sorts the program or names it: it leads
        pointed = bool(POINTED_MARKS & set(u.asked.marks))
        lead: Lead = "fact" if u.asked.about or pointed or follow_up or covered else "summary"
        return Decision(
            "answer",
            entry=entry.id,
            facts=tuple(s.ref for s in best),
            lead=lead,
            country=u.country,
            asked=u.asked.about,
            after_paper=u.asked.after_paper,
            follow_up=follow_up,
            reason=reason,
        )

    @staticmethod
    def _aspect(
        entry: Entry, aspect: str, u: Understanding, reason: str, follow_up: bool = False
    ) -> Decision:
        """One screen of the entry; "how do I apply?" of an entry whose procedure the paper never
        gives is answered by that screen's "the white paper does not say how…": a silence."""
        silent = aspect == "apply" and not entry.has_application_info
        return Decision(
            "aspect",
            entry=entry.id,
            aspect=aspect,
            country=u.country,
            silence="how_to_apply" if silent else None,
            follow_up=follow_up,
            reason=reason,
        )

    @staticmethod
    def _only_aspect(asked: Asked) -> bool:
        """ "Who can take part?" or "how do I apply?" asks for that screen, not another detail."""
        return asked.how_to_apply or not (set(asked.about) - {"eligibility"})

    def _aspect_hint(self, u: Understanding) -> str | None:
        """ "國合會獎學金怎麼申請？" names a program and asks how to apply: that screen answers it."""
        for name, confidence in u.parse.ranking[:3]:
            if name == "ask_how_to_apply" and confidence >= ASPECT_HINT_MIN:
                return "apply"
            if name == "ask_eligibility" and confidence >= ASPECT_HINT_MIN:
                return "who"
        return None

    @staticmethod
    def _unanswered_silence(asked: Asked, entry: Entry) -> str | None:
        """A detail the paper never gives (deadline, age, pay…) that this entry does not give
        either; or an amount or a duration asked of an entry none of whose facts gives one."""
        texts = [f.text.get(lang) for f in entry.facts for lang in LANGS]
        if entry.offers is not None:
            texts += [text for _lang, text in entry.offers.items()]
        # "…the white paper gives no grant amounts or deadlines": saying so answers nothing
        texts = [t for t in texts if not PAPER_SILENT.search(t)]
        for silence in asked.silence:
            if not any(SILENCE_ANSWERED[silence].search(t) for t in texts):
                return silence
        given = {kind for fact in entry.facts for kind in abouts(fact)}
        for kind, silence in (("money", "amount"), ("duration", "duration")):
            # "預算多少？", "how many months?" read as a count too: it is still only this asked
            # ("幾年、多少劑？" asks a count of its own, which the entry may give: not silent)
            alone = {kind, "count"} if kind == "money" else {kind}
            if kind in asked.about and kind not in given and set(asked.about) <= alone:
                if kind == "money" and not asked.money_only and "count" in given:
                    continue  # "捐了多少？" of an entry that counts what was given: that answers it
                return silence
        return None

    # -- when unsure ---------------------------------------------------------------------------

    def _sure_small_talk(self, u: Understanding) -> bool:
        """ "Hi! how many scholarships are there?" is a question, not a greeting."""
        confidence = u.parse.confidence or 0.0
        return confidence >= SMALL_TALK_SURE or len(u.asked.content_tokens) <= 2

    def _found_fact(self, u: Understanding) -> Decision | None:
        """Rasa cannot tell, but one fact in the content covers the question clearly: answer it.
        Words no fact uses cannot tell facts apart, so coverage is of the words the facts know;
        a question mostly made of unknown words (a recipe, the weather) commits to nothing."""
        asked: Asked = u.asked
        names: tuple[str, ...] = ()
        if u.country:
            # A country's name covers nothing of what is asked about it ("when is the president
            # of Guatemala's birthday?"); facts naming it still rank first among equals.
            asked, names = self._without_country(u), self._country_names(u.country)
        words = asked.content_tokens
        # "除了豪雨和地震，還能預警什麼？" asks no kind of detail the wording tells; with enough words,
        # a fact that covers them all and stands clearly apart still answers it.
        open_question = not asked.about
        if open_question and asked.procedure:
            return None  # "how do I get an NHI card?": no fact tells how, whatever words it shares
        if len(words) < (FOUND_OPEN_MIN_WORDS if open_question else FOUND_MIN_WORDS):
            return None  # a word or two is the guides' and Rasa's
        known = self.facts.known_share(words)
        found = self.facts.search(u.lang, asked, u.text, country_names=names)
        if not found or known < FOUND_KNOWN:
            return None
        best = found[0]
        rival = next((s for s in found[1:] if s.ref.entry != best.ref.entry), None)
        # Two entries whose facts fit the kind asked and give the same figures confirm each other.
        agreed = rival is not None and not open_question and self._same_numbers(best, rival)
        needed = FOUND_OVERLAP_AGREED if agreed else FOUND_OVERLAP
        if best.overlap / known < needed or not (best.kind_match or open_question):
            return None
        margin = FOUND_OPEN_MARGIN if open_question else FOUND_MARGIN
        if rival is not None and not agreed and best.score - rival.score < margin:
            return None  # two entries' facts fit about as well, and say different things
        if rival is not None and agreed:  # either fact answers: the entry the words fit better
            fitter = self._best_fit(u, best.ref.entry, rival.ref.entry)
            best = rival if fitter is not None and fitter.id == rival.ref.entry else best
        entry = self.catalog.get(best.ref.entry)
        if entry is None:
            return None
        decision = self._answer(u, entry, reason="Rasa unsure; one fact covers the question")
        if decision.action == "answer" and decision.facts and decision.facts[0] != best.ref:
            decision = replace(decision, facts=(best.ref,), lead="fact")
        return decision

    def _unsure(self, u: Understanding, state: UserState) -> Decision:
        parse = u.parse
        unsure = parse.intent == "nlu_fallback" and self._top_name(parse) != "out_of_scope"
        if unsure and (found := self._found_fact(u)) is not None:
            return found
        if unsure and u.country and u.wants_study and (guide := self.catalog.get(SCHOLARSHIPS_GUIDE)):
            return self._answer(u, guide, reason="a country and study: the scholarships guide")
        if unsure and u.country and (mentioned := self._mentioned(u)) is not None:
            return mentioned
        place = self._place(u.country) if u.country else None
        # "the embassy's e-mail in Guatemala?": what the paper never gives, about that country
        if unsure and place is not None and (u.asked.silence or self._evidence(place, u) >= WEAK_EVIDENCE):
            return self._answer(u, place, reason="a country named: what Taiwan does there")
        if unsure and u.country and u.asked.after_paper and (paper := self.catalog.get(ABOUT_WHITE_PAPER)):
            # "How many Taiwanese technicians work in the Dominican Republic today?": the paper's
            # date and whom to ask
            return self._answer(u, paper, reason="after the paper, about a country it barely names")
        candidates = self._did_you_mean(u)
        misses = state.misses + 1
        if len(candidates) >= 2 and misses < 2:
            return Decision("did_you_mean", candidates=tuple(candidates), misses=misses, reason="a tie")
        return Decision("fallback", misses=misses, reason=parse.intent or "nothing understood")

    def _mentioned(self, u: Understanding) -> Decision | None:
        """A country with no entry of its own ("what does Taiwan do in Bulgaria?"): the fact,
        in whichever entry, that names it and fits the question best."""
        assert u.country is not None
        if self.catalog.for_country(u.country) is not None:
            return None
        names = self._country_names(u.country)
        refs = self.facts.mentioning(names)
        named_in = {r.entry for r in refs}
        entries = [e for e in self.catalog.entries.values() if e.id in named_in]
        # Every fact here names the country: what tells them apart is the rest of the question.
        rest = self._without_country(u)
        ranked = [s for s in self.facts.rank(entries, u.lang, rest, u.text, names) if s.ref in refs]
        # The guide to the country's region, when it names the country, before other entries.
        guide = self._place(u.country)
        ranked = [s for s in ranked if guide is not None and s.ref.entry == guide.id] or ranked
        if not ranked:
            return None
        best = ranked[0]
        # "What does Taiwan do in Bulgaria?" asks for whatever the paper says there; anything more
        # specific must be in the fact ("the currency of Côte d'Ivoire?" is not; nor "how many
        # technicians work in the Dominican Republic today?").
        overview = all(t in PLACE_OVERVIEW_WORDS for t in rest.content_tokens)
        if not overview and best.overlap < MENTION_OVERLAP:
            return None
        entry = self.catalog.get(best.ref.entry)
        if entry is None:
            return None
        same_entry = [s for s in ranked if s.ref.entry == entry.id]
        reason = "a country with no entry: a fact naming it"
        decision = self._decision_from(u, entry, same_entry, reason=reason)
        return replace(decision, lead="fact")

    @staticmethod
    def _confidence(u: Understanding, entry_id: str) -> float:
        """Rasa's confidence in an entry, 0 when it did not rank it."""
        return dict(u.parse.ranking).get(entry_id, 0.0)

    def _about_country(self, entry_id: str, u: Understanding) -> bool:
        """Not another country's entry than those the message names."""
        entry = self.catalog.get(entry_id)
        return entry is not None and (entry.kind != "country" or entry.country in (u.country, *u.countries))

    def _did_you_mean(self, u: Understanding) -> list[str]:
        parse = u.parse
        ranked = self._ranked_entries(parse)
        if len(ranked) < 2 or parse.intent == "out_of_scope" or self._top_name(parse) == "out_of_scope":
            return []
        if u.country:  # another country's entry is no candidate for a question naming this one
            ranked = [(n, c) for n, c in ranked if self._about_country(n, u)]
            if len(ranked) < 2:
                return []
        (first, c1), (second, c2) = ranked[:2]
        if c1 < DID_YOU_MEAN_MIN or c1 - c2 > DID_YOU_MEAN_MARGIN:
            return []
        # Offer two programs only if the question shares words with at least one of them; a
        # country's name is no such word ("how do I get a Paraguayan passport?").
        entries = [e for e in map(self.catalog.get, (first, second)) if e is not None]
        evidence = max(self._evidence(e, u) for e in entries)
        return [first, second] if evidence >= DID_YOU_MEAN_EVIDENCE else []
