"""The vocabulary of titles and competitions (``data/titles.yaml``), and reading recorded ones.

A recorded title is read by meaning: ``第五批北京市有突出贡献的高技能人才`` is the canonical
title 北京市有突出贡献的高技能人才; ``山东省青年技术能手`` is a 青年技术能手 of 山东省 — not a
技术能手; ``聊城市交通运输局首席技师`` is a 首席技师 that 聊城市's transport bureau conferred.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field

from skillaward.core.record import CompetitionLevel, HonourLevel
from skillaward.core.regions import divisions

VOCABULARY = Path(__file__).resolve().parent / "data" / "titles.yaml"
NATIONAL = "全国"
_NATIONAL_WORDS = ("中华人民共和国", "全国", "国务院", "国家", "中华")
DECORATION = str.maketrans("", "", "“”\"'‘’《》「」 \u3000")
_EDITION = re.compile(r"第[一二三四五六七八九十百零〇\d]+[批届次期]|\d{4}年度?|\d{4}—\d{4}年度?")
_AROUND = (("享受", "获得", "荣获"), ("荣誉称号", "称号", "获得者", "人员"))
_ISSUER_TAIL = ("颁发的", "颁发", "人民政府", "政府")


def plain(text: str) -> str:
    """A title as compared: no quotation marks, spaces, edition, 享受 … 人员 around it."""
    text = _EDITION.sub("", text.translate(DECORATION))
    heads, tails = _AROUND
    for head in heads:
        text = text.removeprefix(head)
    for tail in tails:
        text = text.removesuffix(tail)
    return text


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Family(_Entry):
    name: str
    spellings: tuple[str, ...] = ()
    issuer: str | None = None  # a family whose name carries no issuer (中华技能大奖)
    national: str = NATIONAL  # how the national issuer is written before it (国务院)
    look_alike_of: str | None = None


class CanonicalTitle(_Entry):
    name: str
    family: str
    issuer: str
    level: HonourLevel
    authority: str | None = None
    spellings: tuple[str, ...] = ()


class CanonicalCompetition(_Entry):
    name: str
    level: CompetitionLevel
    authority: str | None = None
    spellings: tuple[str, ...] = ()
    look_alikes: tuple[str, ...] = ()


class Vocabulary(_Entry):
    families: tuple[Family, ...] = Field(min_length=1)
    titles: tuple[CanonicalTitle, ...] = ()
    competitions: tuple[CanonicalCompetition, ...] = ()


class Issuer(NamedTuple):
    """Who conferred a title: 全国, or a division (its code) and the body inside it."""

    code: str | None  # None for 全国 and for a body the code list does not know
    body: str  # 交通运输局, 林业; "" for the division (or the nation) itself

    @property
    def national(self) -> bool:
        return self.code is None and self.body == ""


class ReadTitle(NamedTuple):
    canonical: str | None
    family: str | None
    issuer: Issuer | None


class Lexicon:
    """The vocabulary, indexed for reading recorded titles."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.families = {f.name: f for f in vocabulary.families}
        self.titles = {t.name: t for t in vocabulary.titles}
        self.competitions = {c.name: c for c in vocabulary.competitions}
        self._spelled: dict[str, str] = {}
        for title in vocabulary.titles:
            for spelling in (title.name, *title.spellings):
                self._spelled[plain(spelling)] = title.name
        self._endings = sorted(
            ((plain(s), f.name) for f in vocabulary.families for s in (f.name, *f.spellings)),
            key=lambda pair: -len(pair[0]),
        )
        self._events = {
            plain(s): c.name for c in vocabulary.competitions for s in (c.name, *c.spellings)
        }

    def read(self, title: str, authority: str | None = None) -> ReadTitle:
        text = plain(title)
        if text in self._spelled:
            canonical = self.titles[self._spelled[text]]
            return ReadTitle(canonical.name, canonical.family, self.issuer(canonical.issuer))
        for ending, family in self._endings:
            if text.endswith(ending):
                prefix = text.removesuffix(ending)
                fixed = self.families[family].issuer
                if not prefix and fixed is not None:
                    return ReadTitle(None, family, self.issuer(fixed))
                words = prefix or (authority or "")
                return ReadTitle(None, family, self.issuer(words) if words else None)
        return ReadTitle(None, None, None)

    def issuer(self, words: str) -> Issuer:
        """全国 / 国务院 → the nation; 聊城市交通运输局 → 聊城市's body 交通运输局."""
        for tail in _ISSUER_TAIL:
            words = words.removesuffix(tail)
        if words in _NATIONAL_WORDS:
            return Issuer(None, "")
        reading = divisions().read(words)
        if len(reading.codes) == 1:
            return Issuer(reading.codes[0], reading.rest)
        return Issuer(None, words or "？")

    def issuer_name(self, issuer: Issuer, family: str | None = None) -> str:
        if issuer.national:
            return self.families[family].national if family else NATIONAL
        if issuer.code is None:
            return issuer.body
        return divisions().full_name(issuer.code) + issuer.body

    def event(self, name: str) -> str | None:
        """The canonical competition a recorded name is (第一届…大赛 included), or None."""
        return self._events.get(plain(name))


def load_vocabulary(path: Path) -> Vocabulary:
    return Vocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def lexicon() -> Lexicon:
    return Lexicon(load_vocabulary(VOCABULARY))


@lru_cache(maxsize=4096)
def read_title(title: str, authority: str | None = None) -> ReadTitle:
    return lexicon().read(title, authority)
