"""The held-out test sets (tests/data/heldout*.yml): never used for training.

Set 1 was written with the first content, and its errors later guided new training examples
(never its own sentences); set 2 was written blind, from entry titles and summaries only, and
has not been used for anything but measuring.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.settings import ROOT

HELDOUT = ROOT / "tests" / "data" / "heldout.yml"
HELDOUT_SETS = {
    "set 1": HELDOUT,
    "set 2 (blind)": ROOT / "tests" / "data" / "heldout-2.yml",
}
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Item:
    text: str
    lang: str  # en, es, zh-Hant or zh-Hans (the written form; the bot answers zh-Hans in zh-Hant)
    expect: str  # an entry id, or out_of_scope
    set: str = "set 1"


def load(path: Path = HELDOUT, name: str = "set 1") -> list[Item]:
    return [
        Item(str(d["text"]), d["lang"], d["expect"], name)
        for d in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def load_all() -> list[Item]:
    return [item for name, path in HELDOUT_SETS.items() for item in load(path, name)]
