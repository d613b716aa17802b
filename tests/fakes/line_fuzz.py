"""Random and malformed LINE webhook events for the fuzz run (tests/e2e/test_fuzz.py)."""

from __future__ import annotations

import random
from typing import Any

from tests.fakes.fuzz_text import random_text
from tests.fakes.line_api import (
    LineApiStandIn,
    follow_event,
    group_text_event,
    image_event,
    join_event,
    postback_event,
    sticker_event,
    text_event,
    unfollow_event,
    user_id,
)

POSTBACKS = ["t:gctf", "a:apply:gctf", "m:study", "l:es", "f:+:gctf", "p:start", "p:a:student", "t:../x"]
POSTBACKS += ["", "x" * 300, "a:src:no-such-entry", "p:c:atlantis", "m:admin", "p:c:-", "l:xx"]
POSTBACKS += ["~p:1:m:countries", "~p:9:m:about", "~p:x:/start", "~p:1:/forget", "~p:1:~p:1:m:study"]
POSTBACKS += ["~q:", "~q:[]", '~q:[["ok","m:main"]]', '~q:[["x",1]]', "~q:" + "[" * 290]


def random_line_event(rng: random.Random, api: LineApiStandIn, n: int) -> tuple[dict[str, Any], bool]:
    """A random event, and whether it must be answered (text and postbacks from users)."""
    uid = user_id(10_000 + rng.randint(0, 400))
    roll = rng.random()
    if roll < 0.4:
        return text_event(uid, random_text(rng), api.token_for(uid)), True
    if roll < 0.6:
        data = rng.choice([*POSTBACKS, random_text(rng)[:300]])
        return postback_event(uid, data, api.token_for(uid)), True
    if roll < 0.7:
        return rng.choice([sticker_event, image_event])(uid, api.token_for(uid)), True
    if roll < 0.75:
        return follow_event(uid, api.token_for(uid)), True
    if roll < 0.78:
        return unfollow_event(uid), False
    if roll < 0.85:
        return join_event(f"C{n:032x}", api.token_for("group")), False
    if roll < 0.9:
        return group_text_event(f"C{n:032x}", uid, random_text(rng), api.token_for(uid)), False
    odd = rng.choice(
        [
            {"type": "unsend", "unsend": {"messageId": "1"}},
            {"type": "beacon", "beacon": {"hwid": "d41d8cd98f", "type": "enter"}},
            {"type": "videoPlayComplete", "videoPlayComplete": {"trackingId": "t"}},
            {"type": "brandNewEvent", "whatever": [1, 2, 3]},
            {"type": "message", "message": {"type": "hologram", "id": "1"}},
        ]
    )
    event = text_event(uid, "x", api.token_for(uid)) | odd
    if odd["type"] != "message":
        del event["message"]
    return event, False
