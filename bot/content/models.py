"""The content schema: one YAML file under content/ is one `Entry`.

Maintainers edit YAML; these models are the contract that `make check-content` enforces
before anything is served or used to train the NLU.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from bot.languages import LANGS, Lang  # noqa: F401 - re-exported for content code

Kind = Literal[
    "guide",  # broad questions people start with ("all scholarships", "what is ICDF")
    "institution",  # ministries, foundations, laws, the white paper itself
    "scholarship",  # scholarships and study programs
    "training",  # workshops, vocational and professional training
    "youth",  # youth, volunteer and overseas-service schemes
    "mission",  # technical and medical missions
    "ngo",  # support lines for NGOs
    "finance",  # funds, loans, financing facilities
    "framework",  # partnership frameworks and policies (GCTF, NSP, 4P)
    "humanitarian",  # humanitarian aid channels
    "country",  # what Taiwan does in one partner country
]
Audience = Literal["student", "official", "ngo", "youth", "business", "general"]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINES_PATTERN = re.compile(r"^(\d+)(?:-(\d+))?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Localized(Strict):
    """The same text in the three languages the bot speaks; none may be empty."""

    zh_hant: str = Field(alias="zh-Hant", min_length=1)
    en: str = Field(min_length=1)
    es: str = Field(min_length=1)

    @field_validator("zh_hant", "en", "es")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    def get(self, lang: str) -> str:
        return {"zh-Hant": self.zh_hant, "en": self.en, "es": self.es}[lang]

    def items(self) -> list[tuple[str, str]]:
        return [("zh-Hant", self.zh_hant), ("en", self.en), ("es", self.es)]


class Examples(Strict):
    """Example questions per language; they become the NLU training data."""

    zh_hant: list[str] = Field(alias="zh-Hant")
    en: list[str]
    es: list[str]

    def get(self, lang: str) -> list[str]:
        return {"zh-Hant": self.zh_hant, "en": self.en, "es": self.es}[lang]

    def items(self) -> list[tuple[str, list[str]]]:
        return [("zh-Hant", self.zh_hant), ("en", self.en), ("es", self.es)]


def line_range(value: str) -> str:
    """A valid 'START-END' or 'LINE' seed range, stripped; else a ValueError a maintainer can act on."""
    match = LINES_PATTERN.match(value.strip())
    if not match:
        raise ValueError("write lines as 'START-END' or 'LINE', e.g. '1257-1270'")
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    if start < 1 or end < start:
        raise ValueError("line range must start at 1 or later and not run backwards")
    return value.strip()


def bounds(lines: str) -> tuple[int, int]:
    match = LINES_PATTERN.match(lines)
    assert match
    return int(match.group(1)), int(match.group(2) or match.group(1))


def overlap(one: str, other: str) -> bool:
    (start, end), (first, last) = bounds(one), bounds(other)
    return start <= last and first <= end


class Cited(Strict):
    """Anything that cites a range of seed lines."""

    lines: str = Field(description="seed line range, e.g. '1257-1270' or '1094'")

    @field_validator("lines")
    @classmethod
    def valid_range(cls, value: str) -> str:
        return line_range(value)

    @property
    def start(self) -> int:
        return bounds(self.lines)[0]

    @property
    def end(self) -> int:
        return bounds(self.lines)[1]


class Source(Cited):
    """Where in the white paper an entry's statements come from."""

    section: Localized = Field(description="chapter and section as printed, and translated")
    quote: str = Field(min_length=4, description="verbatim Chinese text inside those lines")


class Figure(Strict):
    """A number the translations state in another form than the seed does.

    Example: the English text says "US$130 million" where the seed prints "1 億 3,000 萬美元";
    declare `value: "130"` and `seed: "1 億 3,000 萬"`, and the checker looks for the seed form.
    """

    value: str
    seed: str


# What kind of detail a fact gives, so that "how many?" finds the number and "since when?" the year.
About = Literal[
    "count",  # how many: people, projects, countries, sessions
    "money",  # amounts, budgets, loans, donations
    "year",  # when: a year or date, "since"
    "duration",  # how long: months, years, weeks
    "actor",  # who runs it, partners, funders, signatories
    "place",  # where: countries, regions, cities
    "eligibility",  # who it is for, who may take part
    "activity",  # what is done: topics, sectors, results
]
ABOUTS: tuple[str, ...] = get_args(About)


class Fact(Cited):
    """One statement of the white paper, in the three languages, citing its own seed lines.

    Facts are what the bot answers a precise question with ("since when?", "how many?"); the
    entry's More details screen lists them all.
    """

    text: Localized
    about: list[About] = Field(default_factory=list, description="the kinds of detail it gives")
    quote: str | None = Field(default=None, description="optional verbatim Chinese text in its lines")
    figures: list[Figure] = Field(default_factory=list)


class Channel(Strict):
    """The official channel for applying or asking: who runs the program, and where."""

    organisation: Localized
    url: HttpUrl | None = None
    url_verified_by: str | None = Field(
        default=None, description="how the URL was verified: a seed line, or the source checked"
    )

    @model_validator(mode="after")
    def url_needs_verification(self) -> Channel:
        if self.url is not None and not (self.url_verified_by or "").strip():
            raise ValueError("a url needs url_verified_by: say where you verified it")
        return self


class Update(Strict):
    """Something that changed after the white paper's figures (mid-2023), from an official source."""

    date: dt.date = Field(description="when the change happened (or was announced)")
    text: Localized
    url: HttpUrl = Field(description="the official page that states the change")
    url_verified_by: str = Field(min_length=8, description="how and when the page was checked")
    concerns: list[str] | None = Field(
        default=None,
        description="seed line ranges of the statements it changes, e.g. ['159-163', '3376-3380']; "
        "omit when it changes the whole entry (a break in relations): it is then shown first always",
    )

    @field_validator("concerns")
    @classmethod
    def valid_concerns(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [line_range(v) for v in value]

    def bears_on(self, lines: str) -> bool:
        """Whether this change bears on a statement citing `lines` (always, for a whole-entry change)."""
        return self.concerns is None or any(overlap(c, lines) for c in self.concerns)


class Erratum(Cited):
    """Something the white paper gets wrong at `lines`, with the correct fact and its source."""

    date: dt.date = Field(description="when the erratum was recorded")
    text: Localized = Field(description="the correct fact, saying what the paper states instead")
    url: HttpUrl
    url_verified_by: str = Field(min_length=8)

    def bears_on(self, lines: str) -> bool:
        return overlap(self.lines, lines)


class Entry(Strict):
    id: str
    kind: Kind
    title: Localized
    summary: Localized
    facts: list[Fact] = Field(min_length=1, description="what the paper says, one cited fact each")
    eligibility: Localized = Field(description="who it is for, as the paper says")
    offers: Localized | None = Field(default=None, description="what it offers, as the paper says")
    how_to_apply: Localized
    has_application_info: bool = Field(
        description="true only when the paper itself says how to apply or take part"
    )
    official_channel: Channel | None = None
    audiences: list[Audience] = Field(min_length=1)
    countries: list[str] = Field(default_factory=list, description="country keys, see _countries.yml")
    country: str | None = Field(default=None, description="for kind: country, its country key")
    sources: list[Source] = Field(min_length=1)
    figures: list[Figure] = Field(default_factory=list)
    updates: list[Update] = Field(default_factory=list, description="changes since the paper")
    errata: list[Erratum] = Field(default_factory=list, description="where the paper is wrong")
    related: list[str] = Field(default_factory=list)
    last_reviewed: dt.date
    examples: Examples

    @field_validator("id")
    @classmethod
    def id_is_slug(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("id must be lowercase words joined by hyphens, e.g. 'taiwan-scholarship'")
        return value

    @model_validator(mode="after")
    def country_entries_name_their_country(self) -> Entry:
        if self.kind == "country" and not self.country:
            raise ValueError("an entry of kind 'country' needs `country:` with its country key")
        return self

    def texts(self) -> list[tuple[str, str, str]]:
        """(field, lang, text) for every answer text, for checks and search."""
        fields = ["title", "summary", "eligibility", "offers", "how_to_apply"]
        out: list[tuple[str, str, str]] = []
        for name in fields:
            value = getattr(self, name)
            if value is not None:
                out.extend((name, lang, text) for lang, text in value.items())
        for i, fact in enumerate(self.facts):
            out.extend((f"facts.{i}.text", lang, text) for lang, text in fact.text.items())
        if self.official_channel:
            out.extend(
                ("official_channel.organisation", lang, text)
                for lang, text in self.official_channel.organisation.items()
            )
        return out


class Country(Strict):
    """One partner country: names and variants the NLU should recognise in each language."""

    key: str
    names: Localized
    variants: list[str] = Field(default_factory=list, description="other spellings, demonyms")


class CountryList(Strict):
    countries: list[Country]


class Term(Strict):
    """One institution or program, named one way in each language (content/_glossary.yml)."""

    id: str
    names: Localized = Field(description="the fixed name in each language")
    avoid: dict[Lang, list[str]] = Field(
        default_factory=dict, description="other names that must not be used in answers, per language"
    )


class Glossary(Strict):
    terms: list[Term]
