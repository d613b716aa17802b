"""Read content/ into validated models, with errors that name the file and the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.models import Country, CountryList, Entry, Glossary, Term

M = TypeVar("M", bound=BaseModel)
COUNTRIES_FILE = "_countries.yml"
GLOSSARY_FILE = "_glossary.yml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located so a maintainer can fix it."""

    path: Path
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}" + (f"\n    fix: {self.hint}" if self.hint else "")


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class LoadedEntry:
    entry: Entry
    path: Path
    node: yaml.Node

    def line_of(self, *loc: str | int) -> int | None:
        return locate(self.node, loc)


@dataclass
class RawContent:
    entries: list[LoadedEntry] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def locate(node: yaml.Node | None, loc: tuple[str | int, ...] | list[str | int]) -> int | None:
    """The 1-based line of the YAML node at `loc`, or of its nearest existing parent."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for key in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    child = v
                    line = k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            return line
        node = child
    return line


def _parse(path: Path) -> tuple[Any, yaml.Node | None, Problem | None]:
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        return None, None, Problem(path, None, "file is not UTF-8 text", "save it as UTF-8")
    except yaml.YAMLError as exc:
        return None, None, _yaml_problem(path, exc)
    return data, node, None


# PyYAML's messages, in a maintainer's words: (what it says, what went wrong, how to fix it).
_YAML_HINTS = [
    (
        "mapping values are not allowed",
        "a value contains ': ' (colon and space), which YAML reads as a new key; or this line is "
        "indented more than the keys around it; or the key on the line above has lost its colon",
        'put a text with ": " in double quotes (en: "… text: more text …"), line the key up with '
        "its neighbours, or add the missing colon above",
    ),
    (
        "found character '\\t'",
        "a tab character",
        "indent with spaces only",
    ),
    (
        "could not find expected ':'",
        "a line that should be `key: value` has no colon, or a text runs onto a new line unquoted",
        "add the colon, or quote the text and keep it on one line (or use `>-` for long text)",
    ),
    (
        "expected <block end>",
        "the indentation changes where YAML did not expect it (often the line above is indented "
        "differently from its neighbours)",
        "line this key up with the keys around it, using the same number of spaces",
    ),
    (
        "found unexpected end of stream",
        "a quote is opened and never closed",
        'close the quote ("…") on the same line',
    ),
    (
        "did not find expected key",
        "an item is indented differently from the items around it",
        "line it up with its neighbours",
    ),
]


# Errors PyYAML reports far from their cause; the line where the construct opened is the one to fix.
_OPENED_AT = {
    "while scanning a quoted scalar": (
        "a quote opened on this line is never closed",
        'close the quote ("…") on the same line',
    ),
    "while parsing a flow sequence": (
        "a list opened with [ on this line is not closed with ]",
        "close the list with ] on the same line, and quote any item that contains ': '",
    ),
    "while parsing a flow mapping": (
        "a mapping opened with { on this line is not closed with }",
        "close it with } on the same line",
    ),
}


def _yaml_problem(path: Path, exc: yaml.YAMLError) -> Problem:
    """Where the YAML breaks, in plain words; the parser's own message last, for the curious."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    said = str(getattr(exc, "problem", "") or exc)
    context, opened = str(getattr(exc, "context", "") or ""), getattr(exc, "context_mark", None)
    if context in _OPENED_AT and opened is not None:
        what, fix = _OPENED_AT[context]
        return Problem(path, opened.line + 1, f"YAML: {what} [parser: {said.strip()}]", fix)
    for marker, what, fix in _YAML_HINTS:
        if marker in said:
            where = f" (at line {line} or just above it)" if marker == "expected <block end>" else ""
            return Problem(path, line, f"YAML: {what}{where} [parser: {said.strip()}]", fix)
    return Problem(path, line, f"YAML: {said.strip()}", "fix the YAML at that line")


def _validation_problems(path: Path, node: yaml.Node | None, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if isinstance(p, (str, int))]
        dotted = ".".join(str(p) for p in loc) or "(top level)"
        hint = {
            "missing": f"add `{dotted}`",
            "extra_forbidden": f"remove `{dotted}` or check its spelling",
        }.get(err["type"], "see bot/content/models.py for the expected shape")
        problems.append(Problem(path, locate(node, loc), f"{dotted}: {err['msg']}", hint))
    return problems


def _read_model(path: Path, model: type[M], problems: list[Problem]) -> M | None:
    """One of the shared files (_countries.yml, _glossary.yml), validated; None if absent or broken."""
    if not path.exists():
        return None
    data, node, problem = _parse(path)
    if problem:
        problems.append(problem)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(path, node, exc))
        return None


def read_content(root: Path) -> RawContent:
    """Parse and validate every file; collect problems instead of stopping at the first."""
    result = RawContent()
    if not root.is_dir():
        result.problems.append(Problem(root, None, "content folder not found", "check CONTENT_DIR"))
        return result
    countries = _read_model(root / COUNTRIES_FILE, CountryList, result.problems)
    result.countries = countries.countries if countries else []
    glossary = _read_model(root / GLOSSARY_FILE, Glossary, result.problems)
    result.terms = glossary.terms if glossary else []
    for path in sorted(root.rglob("*.yml")):
        if path.name.startswith("_"):
            continue
        data, node, problem = _parse(path)
        if problem:
            result.problems.append(problem)
            continue
        if not isinstance(data, dict):
            result.problems.append(Problem(path, 1, "an entry must be a YAML mapping", "start with `id:`"))
            continue
        try:
            entry = Entry.model_validate(data)
        except ValidationError as exc:
            result.problems.extend(_validation_problems(path, node, exc))
            continue
        assert node is not None
        result.entries.append(LoadedEntry(entry, path, node))
    return result
