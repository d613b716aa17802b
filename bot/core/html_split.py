"""Cutting a message in Telegram's HTML subset into parts under a length limit.

Every part is valid on its own: a cut never falls inside a tag or an entity (``&amp;``), and the
elements open at a cut are closed at the end of the part and opened again, with the same attributes
(the same ``href``), at the start of the next. The cut is chosen between paragraphs if one fits, else
between lines, else between words (or after CJK punctuation), else between characters, preferring
places that don't break an emoji or an accented letter. Each part starts and ends with visible text:
the whitespace and tags at a cut are dropped or carried over, so no part is empty.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata

_ATOM = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>"  # a tag (groups 1 and 2: the slash and the name)
    r"|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"  # an entity
    r"|.",  # a character
    re.DOTALL,
)
_TEXT, _OPEN, _CLOSE = 0, 1, 2
_PARAGRAPH, _LINE, _WORD, _CHARACTER, _INSIDE_CHARACTER = 3, 2, 1, 0, -1
# CJK punctuation, after which a cut reads like one between words
_SENTENCE_END = set("。！？；，、：）」』】》")
_JOINING = {"\u200d", "\u20e3"} | {chr(c) for c in range(0xFE00, 0xFE10)}  # ZWJ, keycap, variation selectors


class _Atoms:
    """A message as a sequence of tags, entities and characters, with the elements open before each."""

    def __init__(self, text: str) -> None:
        self.kinds: list[int] = []
        self.raws: list[str] = []
        self.elements: list[int] = []  # for a tag, the element it opens or closes
        self.opening_tags: list[str] = []  # per element, its start tag as written (with its attributes)
        self.closing_tags: list[str] = []
        stack: list[int] = []
        for match in _ATOM.finditer(text):
            slash, name = match.group(1), match.group(2)
            if name is None:
                self._add(_TEXT, match.group(), -1)
            elif not slash:
                self.opening_tags.append(match.group())
                self.closing_tags.append(f"</{name.lower()}>")
                stack.append(len(self.opening_tags) - 1)
                self._add(_OPEN, match.group(), stack[-1])
            else:  # close the element, and any left open inside it; a stray end tag is dropped
                names = [self.closing_tags[element] for element in stack]
                if f"</{name.lower()}>" in names:
                    depth = len(names) - 1 - names[::-1].index(f"</{name.lower()}>")
                    while len(stack) > depth:
                        element = stack.pop()
                        self._add(_CLOSE, self.closing_tags[element], element)
        kinds_and_raws = zip(self.kinds, self.raws, strict=True)
        self.chars = [html.unescape(raw) if kind == _TEXT else "" for kind, raw in kinds_and_raws]  # "" a tag
        self.visible = [i for i, char in enumerate(self.chars) if char and not char.isspace()]

    def _add(self, kind: int, raw: str, element: int) -> None:
        self.kinds.append(kind)
        self.raws.append(raw)
        self.elements.append(element)


def split_html(text: str, limit: int) -> list[str]:
    """Parts of at most ``limit`` characters (tags and entities included), each balanced HTML.

    An element whose tags can't fit in a part with even one character of its text (a very long
    ``href`` with a small limit) is dropped, keeping its text. Raises ValueError if the limit can't
    hold a single character or entity."""
    atoms = _Atoms(text)
    return _Layout(atoms, _too_big(atoms, limit)).parts(limit)


def _too_big(atoms: _Atoms, limit: int) -> set[int]:
    """Elements to drop so that every visible character fits in a part with the tags around it: at each
    character that doesn't, the open element with the longest start tag goes, until it does."""
    dropped: set[int] = set()
    stack: list[int] = []
    length = 0  # of the start and end tags of the elements on the stack
    for kind, raw, char, element in zip(atoms.kinds, atoms.raws, atoms.chars, atoms.elements, strict=True):
        if element in dropped:
            continue
        tags = len(atoms.opening_tags[element]) + len(atoms.closing_tags[element]) if element >= 0 else 0
        if kind == _OPEN:
            stack.append(element)
            length += tags
        elif kind == _CLOSE:
            stack.remove(element)
            length -= tags
        elif char and not char.isspace():
            while length + len(raw) > limit:
                if not stack:
                    raise ValueError(f"a limit of {limit} can't hold {raw!r}")
                longest = max(stack, key=lambda e: len(atoms.opening_tags[e]))
                stack.remove(longest)
                dropped.add(longest)
                length -= len(atoms.opening_tags[longest]) + len(atoms.closing_tags[longest])
    return dropped


class _Layout:
    """Lengths and open elements at each position, with some elements dropped (their tags left out)."""

    def __init__(self, atoms: _Atoms, dropped: set[int]) -> None:
        self.atoms = atoms
        n = len(atoms.kinds)
        self.raws = [
            "" if atoms.elements[i] in dropped and kind != _TEXT else atoms.raws[i]
            for i, kind in enumerate(atoms.kinds)
        ]
        self.offsets = [0] * (n + 1)  # where each atom starts in the output
        self.stacks: list[tuple[int, ...]] = [()] * (n + 1)  # the elements open before each atom
        self.opening = [0] * (n + 1)  # the length of their start tags
        self.closing = [0] * (n + 1)  # and of their end tags
        stack: tuple[int, ...] = ()
        for i, kind in enumerate(atoms.kinds):
            self.offsets[i + 1] = self.offsets[i] + len(self.raws[i])
            element = atoms.elements[i]
            if kind == _OPEN and element not in dropped:
                stack = (*stack, element)
                self.opening[i + 1] = self.opening[i] + len(atoms.opening_tags[element])
                self.closing[i + 1] = self.closing[i] + len(atoms.closing_tags[element])
            elif kind == _CLOSE and element not in dropped:
                stack = stack[:-1]
                self.opening[i + 1] = self.opening[i] - len(atoms.opening_tags[element])
                self.closing[i + 1] = self.closing[i] - len(atoms.closing_tags[element])
            else:
                self.opening[i + 1], self.closing[i + 1] = self.opening[i], self.closing[i]
            self.stacks[i + 1] = stack

    def parts(self, limit: int) -> list[str]:
        visible = self.atoms.visible
        if not visible:
            return []
        # The cuts: after each visible character, up to the next; the last one ends the message.
        ends = [i + 1 for i in visible]
        starts = [*visible[1:], len(self.raws)]
        kinds = [self._kind(a, b) for a, b in itertools.pairwise(visible)] + [_PARAGRAPH + 1]
        parts: list[str] = []
        start, cut = visible[0], 0
        while cut < len(ends):
            best = cut  # one character always fits: _too_big saw to it
            for candidate in range(cut, len(ends)):
                end = ends[candidate]
                length = self.opening[start] + self.offsets[end] - self.offsets[start]
                if length > limit:
                    break
                if length + self.closing[end] <= limit and kinds[candidate] >= kinds[best]:
                    best = candidate
            parts.append(self._part(start, ends[best]))
            start, cut = starts[best], best + 1
        return parts

    def _part(self, start: int, end: int) -> str:
        tags = self.atoms
        return (
            "".join(tags.opening_tags[element] for element in self.stacks[start])
            + "".join(self.raws[start:end])
            + "".join(tags.closing_tags[element] for element in reversed(self.stacks[end]))
        )

    def _kind(self, before: int, after: int) -> int:
        """How good a cut is between these two visible characters (and what lies between them)."""
        space = "".join(self.atoms.chars[before + 1 : after])
        if space.count("\n") >= 2:
            return _PARAGRAPH
        if "\n" in space:
            return _LINE
        if space or self.atoms.chars[before] in _SENTENCE_END:
            return _WORD
        if after > before + 1:  # only tags between them
            return _CHARACTER
        safe = _may_cut_between(self.atoms.chars[before][-1], self.atoms.chars[after][0])
        return _CHARACTER if safe else _INSIDE_CHARACTER


def _may_cut_between(before: str, after: str) -> bool:
    """False inside what shows as one character: an accent, an emoji sequence, a skin tone, a flag."""
    if after in _JOINING or before == "\u200d" or unicodedata.category(after).startswith("M"):
        return False
    if "\U0001f3fb" <= after <= "\U0001f3ff" or "\U000e0020" <= after <= "\U000e007f":  # skin tones, tags
        return False
    return not ("\U0001f1e6" <= before <= "\U0001f1ff" and "\U0001f1e6" <= after <= "\U0001f1ff")  # flags
