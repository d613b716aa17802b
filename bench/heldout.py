"""The held-out test set (tests/data/heldout.yml): never used for training."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.settings import ROOT

HELDOUT = ROOT / "tests" / "data" / "heldout.yml"
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Item:
    text: str
    lang: str  # en, es, zh-Hant or zh-Hans (the written form; the bot answers zh-Hans in zh-Hant)
    expect: str  # an entry id, or out_of_scope


def load(path: Path = HELDOUT) -> list[Item]:
    return [
        Item(str(d["text"]), d["lang"], d["expect"]) for d in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
