"""Telegram's HTML, checked as Telegram parses it: only its tags, balanced, complete entities."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "blockquote", "a"}
ENTITY = re.compile(r"&(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);")

Styled = list[tuple[str, tuple[tuple[str, str], ...]]]  # each visible character with the elements around it


class _Checker(HTMLParser):
    """Parses one message as Telegram would, failing on anything that is not balanced, complete HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[tuple[str, str]] = []
        self.chars: Styled = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED_TAGS, tag
        if tag == "a":
            assert len(attrs) == 1 and attrs[0][0] == "href" and attrs[0][1], attrs
            self.stack.append((tag, attrs[0][1] or ""))
        else:
            assert not attrs, attrs
            self.stack.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise AssertionError(f"<{tag}/>")

    def handle_data(self, data: str) -> None:
        assert "<" not in data and ">" not in data, f"a cut tag: {data!r}"  # the parser leaves those as text
        for char in data:
            self._char(char)

    def handle_entityref(self, name: str) -> None:
        self._char(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._char(html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        raise AssertionError(f"declaration {decl!r}")

    def unknown_decl(self, data: str) -> None:
        raise AssertionError(f"declaration {data!r}")

    def handle_pi(self, data: str) -> None:
        raise AssertionError(f"processing instruction {data!r}")

    def _char(self, char: str) -> None:
        if not char.isspace():
            self.chars.append((char, tuple(self.stack)))


def parse(text: str) -> Styled:
    """The visible characters of a message (whitespace left out), each with its elements; fails unless
    the message is balanced HTML of the bot's tags with only complete entities."""
    for amp in re.finditer("&", text):
        assert ENTITY.match(text, amp.start()), f"a partial entity: {text[amp.start() : amp.start() + 10]!r}"
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert not checker.stack, f"left open: {checker.stack}"
    return checker.chars
