"""What the bot decided to do with a message, as a value: tests assert on it, jsonl shows it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Literal

from bot.core.facts import FactRef

Action = Literal[
    "answer",  # an entry, led by the fact that answers the question
    "aspect",  # one screen of an entry: how to apply, who can apply, all facts, source, related
    "not_in_paper",  # the entry is right but the paper does not give the detail asked
    "did_you_mean",  # two entries are equally likely: ask
    "fallback",  # nothing fits: say what the bot can do (and, after two misses, the contacts)
    "small_talk",  # greetings, thanks, help, "are you a bot?"
    "which_program",  # a follow-up with no topic under discussion
    "switch_language",  # "in English, please" with nothing to repeat
]
Lead = Literal["fact", "summary"]


@dataclass(frozen=True)
class Decision:
    action: Action
    entry: str | None = None  # the entry answered (the topic from now on)
    facts: tuple[FactRef, ...] = ()  # the facts shown first, best first
    lead: Lead = "fact"  # whether the fact or the entry's summary comes first
    aspect: str | None = None  # for action "aspect": apply, who, more, src, rel
    country: str | None = None  # the country the message names
    candidates: tuple[str, ...] = ()  # did_you_mean's entries
    asked: tuple[str, ...] = ()  # the kinds of detail asked (year, count, …)
    silence: str | None = None  # for not_in_paper: what the paper does not give
    after_paper: bool = False  # the question asks about a time after the paper's figures
    small_talk: str | None = None  # the small-talk intent
    follow_up: bool = False  # read against the topic under discussion
    repeated: bool = False  # the last answer again, in another language
    top: tuple[tuple[str, float], ...] = ()  # Rasa's first three intents, for the unanswered report
    misses: int = 0  # for fallback: misses in a row, the second brings the contacts
    reason: str = ""  # why, in a few words, for logs and tests

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"] = [{"entry": f.entry, "index": f.index} for f in self.facts]
        kept = {k: v for k, v in data.items() if v not in (None, (), [], {}, False, "") or k == "action"}
        as_json: dict[str, Any] = json.loads(
            json.dumps(kept)
        )  # tuples as lists, as jsonl and the state store keep it
        return as_json

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decision:
        values = dict(data)
        values["facts"] = tuple(FactRef(f["entry"], int(f["index"])) for f in data.get("facts", []))
        for name in ("candidates", "asked"):
            values[name] = tuple(data.get(name, ()))
        values["top"] = tuple((str(n), float(c)) for n, c in data.get("top", ()))
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})
