"""LINE's quick replies: labels that fit its 20 characters and still tell the buttons apart, and
pages of at most 13 buttons ("More…" brings the next page, with nothing kept on the server)."""

from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.content.store import Catalog
from bot.core import callbacks
from bot.core.types import Button, Message, Reply
from bot.i18n import gettext_for

log = logging.getLogger(__name__)

MAX_QUICK_REPLIES = 13
LABEL_LIMIT = 20  # characters of a quick reply's label
DISPLAY_TEXT_LIMIT = 300
POSTBACK_DATA_LIMIT = 300
# Words that name no program in particular, dropped from a label that is too long.
GENERIC_WORDS = re.compile(
    r"^(?:Programas?|Proyectos?|Plan(?:es)?)\s+(?:de(?:l)?\s+)?"
    r"|\s+(?:Programs?|Programmes?|Projects?)(?=…?$)|計畫(?=…?$)",
    re.IGNORECASE,
)
SMALL_WORDS = frozenset(  # left dangling at the end of a shortened label, they go too
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
    | {"y", "o", "de", "del", "el", "la", "las", "los", "en", "para", "por", "con", "un", "una", "al"}
)
PARENTHESES = re.compile(r"\s*[(（][^()（）]*[)）]")
ACRONYM = re.compile(r"^(?=(?:[^A-Z0-9]*[A-Z0-9]){2})(?=.*[A-Z])[A-Za-z0-9][A-Za-z0-9&\-]{0,11}$")  # GCTF, 4P
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LABEL_TRIM = " ,.;:-–—/、，(（"
BACK_MARK = "« "  # "Back to X" becomes "« X"
# Paging: a reply with more than 13 buttons shows 12 and "More…", whose postback brings the next
# page. "~p:<page>:<source>" asks the button or command again (nothing is kept on the server);
# "~q:<JSON [[label, data], …]>" carries the rest of an answer to typed text, which cannot be.
MORE_PAGE = "~p:"
MORE_ITEMS = "~q:"
PAGE_ITEMS = MAX_QUICK_REPLIES - 1
CONTINUED_TEXT_LIMIT = 500  # a later page repeats its buttons' message when it is this short
REPLAYABLE_COMMANDS = ("start", "help", "menu", "language")  # never "forget"


def utf16_len(text: str) -> int:
    """LINE counts characters in UTF-16 code units (an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def graphemes(text: str) -> list[str]:
    """User-perceived characters (close to Unicode's grapheme clusters: marks, variation selectors,
    skin tones, emoji ZWJ sequences and flags stay with their base), which is how LINE counts the
    labels and texts of actions. Where it errs, it counts more clusters, never fewer."""
    clusters: list[str] = []
    for char in text:
        code = ord(char)
        last = clusters[-1] if clusters else ""
        joins = bool(last) and (
            unicodedata.category(char) in ("Mn", "Me", "Mc")
            or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF
            or 0xE0020 <= code <= 0xE007F
            or 0x1F3FB <= code <= 0x1F3FF
            or code == 0x200D
            or (last.endswith("\u200d") and (code >= 0x1F000 or 0x2600 <= code <= 0x27BF))
            or (_regional(char) and len(last) == 1 and _regional(last))
        )
        if joins:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _cut(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis: at a word boundary where there are words
    (no small word left dangling), else between two characters; never inside an emoji."""
    if len(text) <= limit:
        return text
    head, whole = "", False
    for cluster in graphemes(text):
        if len(head) + len(cluster) > limit - 1:  # room for the ellipsis
            whole = cluster.isspace()  # the cut falls between two words
            break
        head += cluster
    words = head.split(" ") if whole else head.split(" ")[:-1]  # whole words only
    while len(words) > 1 and words[-1].lower().strip(",.;:") in SMALL_WORDS:
        words.pop()  # "Scholarships and…" → "Scholarships…"
    kept = " ".join(words)
    if sum(char.isalnum() for char in kept) >= 4:  # a real word, not a lone emoji or "de"
        head = kept
    return head.rstrip(LABEL_TRIM) + "…"


def _is_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def _drop_shared_lead(body: str, context: list[str]) -> str:
    """`body` without the words it shares with most of its siblings ("Taiwan's cooperation with
    Belize" among 37 others like it → "Belize"; "臺灣在貝里斯的合作" → "貝里斯"). Unchanged when
    fewer than two siblings, or fewer than half of them, share it."""
    folded = body.casefold()
    others = list({" ".join(c.split()).casefold() for c in context} - {folded, ""})
    if len(others) < 2:
        return body
    need = max(2, math.ceil(len(others) / 2))
    if _is_cjk(body):
        prefix = next(
            (n for n in range(len(body) - 2, 1, -1) if sum(o.startswith(folded[:n]) for o in others) >= need),
            0,
        )
        suffix = next(
            (
                n
                for n in range(len(body) - prefix - 2, 1, -1)
                if sum(o.endswith(folded[-n:]) for o in others) >= need
            ),
            0,
        )
        middle = body[prefix : len(body) - suffix]
        return middle if len(middle) >= 2 else body
    words = body.split(" ")
    head = next((i for i, w in enumerate(words) if w.startswith(("(", "（"))), len(words))
    padded = [f" {o} " for o in others]
    for end in range(min(head, len(words) - 1), 1, -1):  # drop as much as possible, keep a word
        for start in range(end - 1):
            phrase = " ".join(words[start:end]).casefold()
            if sum(f" {phrase} " in o for o in padded) >= need:
                rest = words[end:]
                while len(rest) > 1 and rest[0] in SMALL_WORDS:  # lower-case only: "El Salvador" stays
                    rest = rest[1:]
                kept = " ".join(rest).lstrip(LABEL_TRIM)
                return kept if sum(char.isalnum() for char in kept) >= 2 else body
    return body


def _acronym(text: str) -> str | None:
    """The acronym a title gives in parentheses: "(GCTF)", "(4P, Public-Private…)", "（TDOC）"."""
    for inside in PARENTHESES.findall(text):
        for part in re.split(r"[,，、;]\s*", inside.strip("()（） ")):
            if ACRONYM.match(part.strip()):
                return part.strip()
    return None


def _shorten(body: str, limit: int, context: list[str]) -> str:
    """One label's text within `limit` characters, keeping what tells it from its siblings: first
    without the lead it shares with them, then its parenthesis-free name if that fits, else the
    acronym it gives, then without generic words, then cut at a word."""
    body = " ".join(body.split())
    if len(body) <= limit:
        return body
    body = _drop_shared_lead(body, context)
    if len(body) <= limit:
        return body
    outside = " ".join(PARENTHESES.sub(" ", body).split()).rstrip(LABEL_TRIM)
    outside = re.sub(rf"(?<={CJK.pattern}) (?={CJK.pattern})", "", outside)  # 組織（INGO）來臺 → 組織來臺
    if outside and len(outside) <= limit:
        return outside
    acronym = _acronym(body)
    if acronym and len(acronym) <= limit:
        return acronym
    body = outside or body
    generic = GENERIC_WORDS.sub("", body).strip()  # "Programa de Becas…" → "Becas…"
    if generic and generic != body:
        body = generic[0].upper() + generic[1:]
    return _cut(body, limit)


def _split_decoration(text: str) -> tuple[str, str]:
    """A leading emoji or mark and its space ("⭐ ", "🗺 ", "« "), and the rest."""
    first, _, rest = text.partition(" ")
    if rest and len(graphemes(first)) == 1 and not first.isalnum():
        return first + " ", rest
    return "", text


def label(text: str, limit: int = LABEL_LIMIT, context: list[str] | None = None) -> str:
    """A quick reply label of at most 20 characters (see `_shorten`); a leading emoji stays. LINE
    counts grapheme clusters here; this counts code points, which are never fewer (so no label is
    ever refused), and cuts only between clusters (no emoji is split)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    decoration, body = _split_decoration(text)
    return decoration + _shorten(body, limit - len(decoration), context or [])


def _numbered(text: str, n: int, limit: int = LABEL_LIMIT) -> str:
    suffix = f" {n}"
    if len(text) + len(suffix) <= limit:
        return text + suffix
    return _cut(text.removesuffix("…"), limit - len(suffix)) + suffix


def _back_title(text: str, lang: str) -> str | None:
    """X, when the button reads "Back to X" in the reply's language."""
    template = gettext_for(lang)("Back to {title}")
    before, found, after = template.partition("{title}")
    if not found or not text.startswith(before) or not text.endswith(after):
        return None
    title = text[len(before) : len(text) - len(after) if after else None]
    return title or None


def labels_for(
    buttons: list[Button], lang: str, catalog: Catalog | None = None, taken: Iterable[str] = ()
) -> list[str]:
    """The labels of one reply's quick replies: each shortened among its siblings (and, for an
    entry, among the entries of its kind), "Back to X" as "« X", and no two alike (nor like one in
    `taken`): alike labels lose the lead they share, then are numbered."""
    parts: list[tuple[str, str, list[str]]] = []  # decoration, body, the entry's kin
    for button in buttons:
        text = " ".join(button.text.split())
        decoration, body = _split_decoration(text)
        back = _back_title(text, lang)
        if back is not None:
            decoration, body = BACK_MARK, back
        kin: list[str] = []
        action = callbacks.parse(button.data)
        entry = catalog.get(action.value) if catalog and action and action.kind == "topic" else None
        if entry is not None and catalog is not None:
            title = " ".join(entry.title.get(lang).split())
            shown = body.removesuffix("…").rstrip()
            if body == title or (body.endswith("…") and title.startswith(shown)):
                body = title  # the whole title, not the core's 40-character cut
            kin = [e.title.get(lang) for e in catalog.by_kind(entry.kind)]
        parts.append((decoration, body, kin))
    bodies = [body for _, body, _ in parts]

    def shortened(decoration: str, body: str, context: list[str]) -> str:
        if len(decoration) + len(body) <= LABEL_LIMIT:
            return decoration + body
        return decoration + _shorten(body, LABEL_LIMIT - len(decoration), context)

    labels = [shortened(d, b, bodies + kin) for d, b, kin in parts]
    groups: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(labels):
        groups[text.casefold()].append(index)
    for indices in groups.values():
        if len(indices) > 1:  # alike: what they share goes, so what tells them apart shows
            group = [bodies[i] for i in indices]
            told = [
                parts[i][0] + _distinguish(bodies[i], group, LABEL_LIMIT - len(parts[i][0])) for i in indices
            ]
            if len({t.casefold() for t in told}) == len(told):  # else numbered below
                for i, text in zip(indices, told, strict=True):
                    labels[i] = text
    seen = {t.casefold() for t in taken}
    for index, text in enumerate(labels):
        n = 1
        while labels[index].casefold() in seen:
            n += 1
            labels[index] = _numbered(text, n)
        seen.add(labels[index].casefold())
    return labels


def _distinguish(body: str, group: list[str], limit: int) -> str:
    """A label for `body` that tells it from the others of `group`, whose labels came out alike:
    without the start they all share ("Misiones Médicas Móviles" → "Misiones Móviles", or
    "Móviles"; "Taiwan's COVID-19 international assistance" → "International…")."""
    folded = [g.casefold() for g in group]
    if _is_cjk(body):
        common = 0
        while common < len(body) and all(len(g) > common and g[common] == folded[0][common] for g in folded):
            common += 1
        tail = body[common:]
        return _shorten(tail if len(tail) >= 2 else body, limit, [])
    lists = [g.split(" ") for g in folded]
    words = body.split(" ")
    shared = 0
    while shared < len(words) - 1 and all(len(w) > shared and w[shared] == lists[0][shared] for w in lists):
        shared += 1
    if not shared:
        return _shorten(body, limit, [])
    rest = words[shared:]
    first = " ".join([words[0], *rest])
    if shared > 1 and rest[0] not in SMALL_WORDS and len(first) <= limit:
        return first
    while len(rest) > 1 and rest[0] in SMALL_WORDS:
        rest = rest[1:]
    text = " ".join(rest).lstrip(LABEL_TRIM) or body
    return _shorten(text[0].upper() + text[1:], limit, [])


def quick_reply_buttons(messages: list[Message]) -> list[Button]:
    """Every button LINE can carry, each action once: earlier messages' first (the main menu under
    the greeting, before the language picker), then the last message's."""
    seen: set[str] = set()
    kept = []
    for button in (b for m in messages for b in m.flat_buttons()):
        if button.switch_inline is not None:  # Telegram's inline-mode Share: LINE has no inline mode
            continue
        data = button.data
        if data and len(data) <= POSTBACK_DATA_LIMIT and button.text.strip() and data not in seen:
            seen.add(data)
            kept.append(button)
    return kept


# -- Pages of quick replies ----------------------------------------------------------------------


@dataclass(frozen=True)
class QuickItem:
    label: str
    data: str
    display: str


def page_starts(count: int) -> list[int]:
    """Where each page starts: 13 items fit one page; more make pages of 12 and "More…"."""
    starts = [0]
    while count - starts[-1] > MAX_QUICK_REPLIES:
        starts.append(starts[-1] + PAGE_ITEMS)
    return starts


def more_data(page: int, source: str | None, rest: list[QuickItem]) -> str:
    """The postback of "More…": the page and the button or command whose answer is paged (pressed,
    it is answered again and that page shown). An answer to typed text cannot be asked again: its
    postback carries the rest of the items themselves, as many as fit in 300 characters."""
    if source is not None:
        data = f"{MORE_PAGE}{page}:{source}"
        if utf16_len(data) <= POSTBACK_DATA_LIMIT:
            return data
    pairs = [[item.label, item.data] for item in rest[:MAX_QUICK_REPLIES]]
    while True:
        data = MORE_ITEMS + json.dumps(pairs, ensure_ascii=False, separators=(",", ":"))
        if utf16_len(data) <= POSTBACK_DATA_LIMIT or len(pairs) <= 1:
            if len(pairs) < len(rest):
                log.info("LINE: %d quick replies did not fit in the More postback", len(rest) - len(pairs))
            return data
        pairs.pop()


def parse_more(data: str) -> tuple[int, str] | None:
    """(page, source) from a "More…" postback of a replayable answer; a page that is not a small
    number is page 0 (the first)."""
    if not data.startswith(MORE_PAGE):
        return None
    page, _, source = data[len(MORE_PAGE) :].partition(":")
    return (int(page) if page.isdigit() and len(page) <= 3 else 0), source


def parse_more_items(data: str) -> list[Button] | None:
    """The buttons a "More…" postback of an answer to typed text carries (None if it is not one)."""
    if not data.startswith(MORE_ITEMS):
        return None
    try:
        pairs = json.loads(data[len(MORE_ITEMS) :])
    except (ValueError, RecursionError):
        return []
    if not isinstance(pairs, list):
        return []
    return [
        Button(p[0], p[1])
        for p in pairs[:MAX_QUICK_REPLIES]
        if isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and x.strip() for x in p)
    ]


def quick_items(
    reply: Reply, catalog: Catalog | None = None, source: str | None = None, page: int = 0
) -> tuple[list[QuickItem], int, int]:
    """The quick replies of one page of the reply, that page (out of range: the first) and the
    number of pages."""
    buttons = quick_reply_buttons(reply.messages)
    more = gettext_for(reply.lang)("More…")
    labels = labels_for(buttons, reply.lang, catalog, taken=[more])
    items = [
        QuickItem(text, b.data, " ".join(b.text.split())[:DISPLAY_TEXT_LIMIT])  # code points ≥ clusters
        for text, b in zip(labels, buttons, strict=True)
    ]
    starts = page_starts(len(items))
    page = page if 0 <= page < len(starts) else 0
    end = starts[page + 1] if page + 1 < len(starts) else len(items)
    shown = items[starts[page] : end]
    if end < len(items):
        shown.append(QuickItem(more, more_data(page + 1, source, items[end:]), more))
    return shown, page, len(starts)
