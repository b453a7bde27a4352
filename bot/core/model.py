"""Plain data types shared by the seed parser, the knowledge files, the index and the answering core.

Locators are stable: an article id is derived from the seed file name and the title, paragraphs and
sentences are numbered from 1 in reading order, so ``<article>#p<paragraph>.s<sentence>`` names a
sentence across rebuilds of the same input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

ParagraphKind = Literal["text", "heading"]
Origin = Literal["generated", "curated"]
UnitKind = Literal["pair", "sentence"]


def article_id(file: str, title: str) -> str:
    """A stable id for an article: the same seed file name and title always give the same id."""
    digest = hashlib.sha1(f"{file}\n{title}".encode()).hexdigest()
    return f"a{digest[:8]}"


def pair_id(article: str, question: str) -> str:
    """The stable id of a generated pair: the same article and question always give the same id."""
    return "g" + hashlib.sha1((article + question).encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article; ``number`` starts at 1 and headings are numbered too."""

    number: int
    text: str
    sentences: tuple[str, ...]
    kind: ParagraphKind = "text"
    truncated: bool = False  # the page ends inside this paragraph's last sentence


@dataclass(frozen=True)
class Article:
    """One article recovered from a seed page."""

    id: str
    file: str  # seed file name, e.g. "000_5287d6df03cc26e1.txt"
    title: str
    subtitles: tuple[str, ...]  # the title block's lines under the main title (副题), in page order
    byline: str  # e.g. "本报讯 记者羊荣江 通讯员林传魁、叶帅报道"
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    date: str | None = None  # ISO date of the page when known
    kickers: tuple[str, ...] = ()  # the title block's lines above the main title (引题), in page order

    def paragraph(self, number: int) -> Paragraph | None:
        if 1 <= number <= len(self.paragraphs):
            return self.paragraphs[number - 1]
        return None

    @property
    def full_title(self) -> str:
        """The title block in page order: kickers, the main title, subtitles."""
        return " ".join((*self.kickers, self.title, *self.subtitles))

    @property
    def other_titles(self) -> tuple[str, ...]:
        """The title block's lines besides the main title, in page order."""
        return (*self.kickers, *self.subtitles)


@dataclass(frozen=True)
class Source:
    """Where an answer comes from: an article paragraph (sentence optional)."""

    article: str
    paragraph: int
    sentence: int | None = None


@dataclass(frozen=True)
class QAPair:
    """A question with its extractive answer and the paragraph it was taken from."""

    id: str
    question: str
    answer: str
    source: Source
    alternatives: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    origin: Origin = "generated"
    kind: str = "fact"  # quantity, person, place, date, programme, summary, fact


@dataclass
class Knowledge:
    """Everything loaded from ``knowledge/``: articles, Q&A pairs (hidden ones removed), synonyms."""

    articles: Mapping[str, Article] = field(default_factory=dict)
    pairs: Sequence[QAPair] = field(default_factory=list)
    synonyms: list[tuple[str, ...]] = field(default_factory=list)


class Unit(NamedTuple):
    """One answerable thing: a pair (``pair`` is its index) or a sentence (``pair`` is -1).

    A named tuple rather than a dataclass: a question builds a few dozen from the stored columns,
    and a tuple is built several times faster.
    """

    kind: UnitKind
    pair: int
    article: str
    paragraph: int
    sentence: int
    text: str  # what the question is compared with
    answer: str  # what is shown
    curated: bool = False
    person: bool = False  # the answer names a person
    folded: str = ""  # text + answer, squashed once at build time
    head: str = ""  # a pair's question, squashed once at build time
    answer_folded: str = ""  # the answer, squashed once at build time
