"""The knowledge in the form the engine answers from, built once and kept in a cache.

Building it (candidate units, the BM25 index, the lexicon, folded texts and lookups) takes seconds
at scale, and neither a question nor a restart should pay for it again: :func:`build` does all of
it once, and :func:`load_built` keeps the result as a pickle named by the knowledge's fingerprint
(:func:`bot.knowledge.load.fingerprint`), so unchanged knowledge is only unpickled. It lives apart
from :mod:`bot.answer.engine`, which only answers from it: the engine is about questions, this
module about files and start-up.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import math
import os
import pickle
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from bot.core.model import Article, Knowledge, Unit
from bot.index.bm25 import Bm25Index
from bot.index.store import LazyArticles, Lookup, PairTable, Strings, UnitTable
from bot.index.units import finish_units, pair_question, read_units, sentence_key, with_people
from bot.knowledge.load import load_knowledge
from bot.nlp.kinds import marks
from bot.nlp.lexicon import Lexicon
from bot.nlp.orgs import article_context
from bot.nlp.segment import plain
from bot.nlp.text import member_like, squash

# The first line of a cache file. Raise the number whenever what is pickled changes shape: a file of
# another format is rebuilt, never unpickled (12: Unit moved to bot.core.model, Knowledge lost its fingerprint;
# 16: asked_like; 17: Strings hold a str, not UTF-8; 18: articles carry their kickers; 19: asked_like
# no longer marks a sentence with a hole; 20: a question the article asks is read with its answer, and no
# exact lookup of a question several articles' pairs ask).
_FORMAT = 20  # 15: every pair of a sentence (next_pair); 14: sentence rows, spans, weights, summaries, marks
_HEADER = b"unionbot engine cache, format %d\n" % _FORMAT


@dataclass
class Built:
    """What the cache holds, in the compact forms of :mod:`bot.index.store` (loading it is the start-up)."""

    knowledge: Knowledge
    pairs: PairTable  # the same table as knowledge.pairs
    units: UnitTable
    index: Bm25Index
    lexicon: Lexicon
    # Folded (squashed) texts, computed once when the index is built so questions never pay for it:
    articles: dict[str, str]  # article id -> title and all paragraphs
    titles: dict[str, str]  # article id -> its title and the union or place it is about, folded
    paragraphs: Strings  # per paragraph, in article order: that paragraph and the one before
    first_paragraph: dict[str, int]  # article id -> its first paragraph's row in ``paragraphs``
    exact: Lookup  # a pair's phrasing, folded -> its unit (curated pairs first), or SHARED
    by_sentence: Lookup  # "article#p.s" -> the first pair made from that sentence
    next_pair: array[int]  # a pair's unit -> the next pair made from the same sentence (-1: none)
    by_id: Lookup  # suggestion id -> its pair's unit
    sentence_rows: Lookup  # "article#p.s" -> that sentence's unit
    spans: dict[str, tuple[int, int]]  # article id -> (its first sentence's unit, how many sentences)
    char_idf: dict[str, float]  # how rare each character is among the units' texts
    summaries: dict[str, int]  # article id -> the unit of its "what is it about" pair
    marks: bytes  # per unit: the kinds of thing a sentence holds (bot.nlp.kinds.MARKS bits; 0 for pairs)
    # Per unit: 1 when it is a pair whose question reads as a member would ask it (member_like), so that
    # suggesting one of a sentence's pairs folds none of their questions (that took 7 % of a question).
    asked_like: bytes


def build(knowledge: Knowledge) -> Built:
    units = read_units(knowledge)
    titles = {a.id: _context(a) for a in knowledge.articles.values()}
    # A sentence rarely repeats its article's subject (金华, 南湖工会); its title carries it.
    index = Bm25Index.build([u.text if u.kind == "pair" else f"{u.text}\n{titles.get(u.article, '')}"
                             for u in units])
    texts: list[str] = [a.full_title for a in knowledge.articles.values()]
    texts += [s for a in knowledge.articles.values() for p in a.paragraphs for s in p.sentences]
    texts += [u.text for u in units if u.kind == "pair"]
    lexicon = Lexicon.build(texts, segmenter=plain(), synonyms=knowledge.synonyms, bigrams=index.vocabulary)
    lexicon = with_people(lexicon, knowledge)
    articles = {aid: squash(a.full_title + "".join(p.text for p in a.paragraphs))
                for aid, a in knowledge.articles.items()}
    units = finish_units(units, articles, lexicon)
    titles = {aid: squash(context) for aid, context in titles.items()}
    pairs = PairTable(knowledge.pairs)
    compact = replace(knowledge, articles=LazyArticles(knowledge.articles), pairs=pairs)
    paragraphs, first_paragraph = _paragraphs(knowledge)
    exact, by_sentence, next_pair, by_id = _lookups(knowledge, units)
    sentence_rows, spans = _sentences(units)
    return Built(knowledge=compact, pairs=pairs, units=UnitTable(units), index=index, lexicon=lexicon,
                 articles=articles, titles=titles, paragraphs=paragraphs, first_paragraph=first_paragraph,
                 exact=exact, by_sentence=by_sentence, next_pair=next_pair, by_id=by_id,
                 sentence_rows=sentence_rows, spans=spans,
                 char_idf=_char_idf(units), summaries=_summaries(knowledge, units),
                 marks=bytes(marks(u.answer, u.answer_folded, person=u.person) if u.kind == "sentence" else 0
                             for u in units),
                 asked_like=bytes(u.kind == "pair" and member_like(pair_question(u)) for u in units))


def _summaries(knowledge: Knowledge, units: list[Unit]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, unit in enumerate(units):
        if unit.kind == "pair" and knowledge.pairs[unit.pair].kind == "summary":
            out.setdefault(unit.article, i)
    return out


def _sentences(units: list[Unit]) -> tuple[Lookup, dict[str, tuple[int, int]]]:
    """Each sentence's unit by its key, and where each article's sentences are (they are contiguous)."""
    rows: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for i, unit in enumerate(units):
        if unit.kind == "sentence":
            rows[sentence_key(unit)] = i
            first, count = spans.get(unit.article, (i, 0))
            spans[unit.article] = (first, count + 1)
    return Lookup(rows), spans


def _char_idf(units: list[Unit]) -> dict[str, float]:
    """BM25's idf of each character over the units (sentences and pairs' questions)."""
    df: dict[str, int] = {}
    for unit in units:
        for ch in set(unit.answer_folded if unit.kind == "sentence" else unit.head):
            df[ch] = df.get(ch, 0) + 1
    n = len(units)
    return {ch: math.log(1 + (n - d + 0.5) / (d + 0.5)) for ch, d in df.items()}


def _paragraphs(knowledge: Knowledge) -> tuple[Strings, dict[str, int]]:
    folded: list[str] = []
    first: dict[str, int] = {}
    for aid, article in knowledge.articles.items():
        first[aid] = len(folded)
        folded.extend(_nearby(article, p.number) for p in article.paragraphs)
    return Strings(folded), first


SHARED = -1  # in Built.exact: a phrasing that generated pairs of several articles ask


def _lookups(knowledge: Knowledge, units: list[Unit]) -> tuple[Lookup, Lookup, array[int], Lookup]:
    """exact, by_sentence, next_pair and by_id (see :class:`Built`). A sentence yields several questions
    (王阿姨是谁？, 什么是金华工会？): by_sentence finds its first, next_pair chains the others, so that a
    suggestion can be the one nearest the member's question."""
    exact: dict[str, int] = {}
    by_sentence: dict[str, int] = {}
    by_id: dict[str, int] = {}
    next_pair = array("i", [-1]) * len(units)
    last: dict[str, int] = {}  # sentence key -> the latest pair made from it
    pairs = sorted((i for i, u in enumerate(units) if u.kind == "pair"), key=lambda i: not units[i].curated)
    shared: set[str] = set()
    for i in pairs:
        for phrasing in units[i].text.split("\n"):
            first = units[exact.setdefault(key := squash(phrasing), i)]
            if not first.curated and first.article != units[i].article:
                shared.add(key)
    for key in shared:  # "公司工会主席是谁？" made from several stories: which one is meant is the model's to judge
        exact[key] = SHARED
    for i, unit in enumerate(units):
        if unit.kind == "pair":
            key = sentence_key(unit)
            if key in last:
                next_pair[last[key]] = i
            else:
                by_sentence[key] = i
            last[key] = i
            by_id[button_id(knowledge.pairs[unit.pair].id)] = i
    return Lookup(exact), Lookup(by_sentence), next_pair, Lookup(by_id)


def button_id(pair_id: str) -> str:
    """A suggestion button's id: the pair's id, or a short hash of it when too long for callback_data."""
    if pair_id.isascii() and len(pair_id) <= 40:
        return pair_id
    return "h" + hashlib.sha1(pair_id.encode()).hexdigest()[:12]


def _context(article: Article) -> str:
    """What every sentence of an article is about: its title, and the union (or place) the story is
    about when the title does not name it ("灾后自救战 泛起“工会蓝”" is about 建德市总工会)."""
    subject = article_context(article).subject()
    return article.full_title if subject in article.full_title else f"{article.full_title} {subject}"


def _nearby(article: Article, number: int) -> str:
    # The previous paragraph often names who and where this one is about.
    return squash("".join(p.text for p in (article.paragraph(number - 1), article.paragraph(number)) if p))


def _unpickle(fh: BinaryIO) -> object:
    # Unpickling allocates millions of small objects; the cyclic collector only slows it down.
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        gc.enable()


def cache_file(directory: Path, key: str) -> Path:
    """Where the built form of the knowledge with fingerprint ``key`` is kept in a cache directory."""
    return directory / f"kb-{key}.pickle"


def load_built(directory: Path, key: str, places: Sequence[Path]) -> Built:
    """The built knowledge of ``directory`` (whose fingerprint is ``key``): from the first of ``places``
    (safe cache directories, see bot.core.cachedir) that holds it in this format, else built and
    written to the first that takes it."""
    for place in places:
        built = _read(cache_file(place, key))
        if built is not None:
            return built
    built = build(load_knowledge(directory))
    for place in places:
        if _write(cache_file(place, key), built):
            break
    return built


def _read(path: Path) -> Built | None:
    try:
        with path.open("rb") as fh:
            # A file of another format (or not ours at all) is never unpickled: it is rebuilt.
            if fh.readline(len(_HEADER) + 1) != _HEADER:
                return None
            built = _unpickle(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # no usable cache here
    return built if isinstance(built, Built) else None


def _write(path: Path, built: Built) -> bool:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(_HEADER)
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False  # read-only: the next place, or answer without a cache
    return True
