"""What became of every character of an input: in an article, or set aside with a reason.

A *character* here is a non-whitespace character (``not str.isspace()``) of the document text after
decoding: a ``.txt`` / ``.md`` file's text without its byte-order mark (and, for ``.md``, without the
Markdown marks ``#``, ``>``, ``**``); a ``.docx`` file's paragraphs and table cells; a ``.html`` page's
title and main text as trafilatura extracts it, plus the rest of its visible text (menus, links,
footers), which is set aside as a whole. Whitespace is left out because the repairs rejoin lines
and strip blank space by design; every other character is counted, punctuation included.

The account holds when the characters of the articles (title block, byline, paragraphs) plus
those of the set-aside pieces are, as a multiset, exactly the characters of the input.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.core.model import Article


@dataclass(frozen=True)
class SetAside:
    """A piece of the input that is in no article, and why; ``line`` 0: not tied to one line."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True)
class Doubt:
    """A place where the split into articles may be wrong, for the operator to look at."""

    line: int
    message: str


@dataclass(frozen=True)
class Reading:
    """How one input file was read: its articles, what was set aside, and the doubtful places."""

    file: str
    text: str  # the document text that was split into articles (line numbers refer to it), a PDF's radicals read
    outside: str  # input text that was not part of the document (a web page's menus); set aside too
    articles: tuple[Article, ...]
    starts: tuple[int, ...]  # the line where each article's title block starts
    set_aside: tuple[SetAside, ...]
    doubts: tuple[Doubt, ...]


@dataclass(frozen=True)
class Account:
    """Characters of the input, in articles and set aside; ``missing``/``extra`` are the differences."""

    total: int
    in_articles: int
    set_aside: int
    missing: Counter[str]  # in the input, in no article and not set aside
    extra: Counter[str]  # in an article or set aside, but not in the input

    @property
    def complete(self) -> bool:
        return not self.missing and not self.extra


def characters(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def article_characters(article: Article) -> Counter[str]:
    parts = [article.full_title, article.byline, *(p.text for p in article.paragraphs)]
    return characters("".join(parts))


def account(reading: Reading) -> Account:
    """Check that every character of ``reading``'s input is in an article or set aside."""
    source = characters(reading.text) + characters(reading.outside)
    in_articles: Counter[str] = Counter()
    for article in reading.articles:
        in_articles += article_characters(article)
    aside = characters("".join(piece.text for piece in reading.set_aside))
    found = in_articles + aside
    return Account(total=source.total(), in_articles=in_articles.total(), set_aside=aside.total(),
                   missing=source - found, extra=found - source)
