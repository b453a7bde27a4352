"""The answering engine: one object that ``ask``, ``chat`` and the Telegram bot all share.

``Engine.load`` reads and validates ``knowledge/``, builds the index (or loads it from the cache
when the knowledge has not changed) and answers questions with :meth:`Engine.ask`, a pure
function of the question and the loaded knowledge.
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from bot import __version__
from bot.answers import Answer, Citation, Suggestion
from bot.index import Bm25Index
from bot.knowledge import load_knowledge
from bot.lexicon import Lexicon
from bot.matcher import Evidence, Query, Surroundings, Unit, confidence, first_look, read_query, surroundings, weigh
from bot.model import Article, Knowledge
from bot.text import add_words, init_jieba, squash, terms

DEFAULT_THRESHOLD = 0.65
SUGGEST_FLOOR = 0.12  # candidate confidence for a "did you mean" suggestion
CARD_FLOOR = 0.4  # candidate confidence for an inline-mode card (several are shown, each cited)
CANDIDATES = 40  # proposed by the index
WEIGHED = 16  # of those, weighed in full
MAX_QUESTION = 4096
MAX_ANALYSED = 300  # a question longer than this is read by its beginning (POS tagging is linear but slow)
_CHITCHAT = re.compile(
    r"^(你好|您好|hi|hello|hey|哈喽|嗨|在吗|在不在|谢谢|多谢|感谢|再见|拜拜|早上好|中午好|晚上好|晚安|你是谁|"
    r"你叫什么|你是什么|你能做什么|你会什么|你好吗|ok|好的|嗯|哈)+[你您啦呀了哈啊呢哦]*$")
_CACHE_FORMAT = 4


@dataclass
class _Built:
    knowledge: Knowledge
    units: list[Unit]
    index: Bm25Index
    lexicon: Lexicon
    # Folded (squashed) texts, computed once when the index is built so questions never pay for it:
    articles: dict[str, str]  # article id -> title and all paragraphs
    paragraphs: dict[tuple[str, int], str]  # (article, paragraph) -> that paragraph and the one before


def _units(knowledge: Knowledge) -> list[Unit]:
    units = [Unit("pair", i, p.source.article, p.source.paragraph, p.source.sentence or 0,
                  "\n".join((p.question, *p.alternatives)), p.answer, p.origin == "curated")
             for i, p in enumerate(knowledge.pairs)]
    for article in knowledge.articles.values():
        for para in article.paragraphs:
            if para.kind == "heading":
                continue
            units.extend(Unit("sentence", -1, article.id, para.number, n, s, s)
                         for n, s in enumerate(para.sentences, 1))
    return units


def build(knowledge: Knowledge) -> _Built:
    units = _units(knowledge)
    titles = {a.id: a.full_title for a in knowledge.articles.values()}
    # A sentence rarely repeats its article's subject (金华, 南湖工会); its title carries it.
    index = Bm25Index.build([u.text if u.kind == "pair" else f"{u.text}\n{titles.get(u.article, '')}"
                             for u in units])
    texts: list[str] = [a.full_title for a in knowledge.articles.values()]
    texts += [s for a in knowledge.articles.values() for p in a.paragraphs for s in p.sentences]
    texts += [u.text for u in units if u.kind == "pair"]
    lexicon = Lexicon.build(texts, synonyms=knowledge.synonyms, bigrams=index.vocabulary)
    articles = {aid: squash(a.full_title + "".join(p.text for p in a.paragraphs))
                for aid, a in knowledge.articles.items()}
    paragraphs = {(aid, p.number): _nearby(a, p.number) for aid, a in knowledge.articles.items() for p in a.paragraphs}
    return _Built(knowledge, _finish_units(units, articles, lexicon), index, lexicon, articles, paragraphs)


def _nearby(article: Article, number: int) -> str:
    # The previous paragraph often names who and where this one is about.
    return squash("".join(p.text for p in (article.paragraph(number - 1), article.paragraph(number)) if p))


def _finish_units(units: list[Unit], articles: dict[str, str], lexicon: Lexicon) -> list[Unit]:
    """Fold each unit's text once, and note which answers name a person (for who-questions)."""
    names = sorted(lexicon.persons, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, names))) if names else None
    in_article = {aid: set(pattern.findall(text)) if pattern else set() for aid, text in articles.items()}
    return [replace(u, person=any(p in u.answer for p in in_article.get(u.article, ())),
                    folded=squash(u.text + u.answer), head=squash(u.text.split("\n")[0]),
                    answer_folded=squash(u.answer)) for u in units]


def fingerprint(directory: Path) -> str:
    """Identifies this version of the knowledge (and of the code that indexes it)."""
    digest = hashlib.sha256(f"{__version__}/{_CACHE_FORMAT}".encode())
    for path in sorted(directory.rglob("*.yaml")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        digest.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _unpickle(fh: BinaryIO) -> object:
    # Unpickling allocates millions of small objects; the cyclic collector only slows it down.
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        gc.enable()


def _cache_dir() -> Path:
    return Path(os.environ.get("UNIONBOT_CACHE_DIR", Path.home() / ".cache" / "unionbot"))


def _load_built(directory: Path, cache: Path | None) -> _Built:
    key = fingerprint(directory)
    # The image's cache dir is read-only; an edited knowledge base is then cached in $TMPDIR.
    places = [(cache or _cache_dir()) / f"kb-{key}.pickle", Path(tempfile.gettempdir()) / f"unionbot-kb-{key}.pickle"]
    for path in places:
        try:
            with path.open("rb") as fh:
                built = _unpickle(fh)
            if isinstance(built, _Built):
                return built
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            continue  # no usable cache here
    built = build(load_knowledge(directory))
    for path in places:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            break
        except OSError:
            continue  # read-only: try the next place, or answer without a cache
    return built


# Second stage of the confidence model, fitted by benchmarks/calibrate.py at the level of a whole
# question: the best candidate's confidence, raised when another candidate cites the same sentence
# (a generated pair and its source sentence agree) and lowered when a candidate from another
# paragraph is nearly as good (the question is ambiguous).
DECISION = {
    "bias": 1.13,
    "top": 1.43,
    "agree": 0.89,
    "rival": -1.02,
}


def decision_features(ranked: list[tuple[float, Unit]]) -> dict[str, float]:
    top, unit = ranked[0]
    key = (unit.article, unit.paragraph, unit.sentence)
    agree = max((s for s, u in ranked[1:] if unit.sentence and (u.article, u.paragraph, u.sentence) == key),
                default=0.0)
    rival = max((s for s, u in ranked[1:] if (u.article, u.paragraph) != (unit.article, unit.paragraph)),
                default=0.0)
    top = min(max(top, 1e-6), 1 - 1e-6)
    return {"bias": 1.0, "top": math.log(top / (1 - top)), "agree": agree, "rival": rival}


def decide(ranked: list[tuple[float, Unit]]) -> float:
    """Probability that the best candidate is a right answer to the question."""
    if ranked[0][0] <= 0.0:
        return 0.0
    z = sum(DECISION[name] * value for name, value in decision_features(ranked).items())
    return 1.0 / (1.0 + math.exp(-z))


class Engine:
    """Answers questions from one loaded version of the knowledge base."""

    def __init__(self, built: _Built, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.knowledge = built.knowledge
        self.units = built.units
        self.index = built.index
        self.lexicon = built.lexicon
        self.folded_articles = built.articles
        self.folded_paragraphs = built.paragraphs
        self.threshold = threshold
        self._by_sentence = {(u.article, u.paragraph, u.sentence): u for u in reversed(self.units)
                             if u.kind == "pair"}
        self._suggestion_ids = {self._sid(u): u for u in self.units if u.kind == "pair"}
        # A question asked exactly as a pair states it is that pair (curated ones first).
        self._exact: dict[str, Unit] = {}
        for unit in sorted((u for u in self.units if u.kind == "pair"), key=lambda u: not u.curated):
            for phrasing in unit.text.split("\n"):
                self._exact.setdefault(squash(phrasing), unit)
        add_words((name, "nz") for name in self.lexicon.names)

    @classmethod
    def load(cls, directory: Path, *, threshold: float = DEFAULT_THRESHOLD,
             cache_dir: Path | None = None) -> Engine:
        """Load ``directory`` (raises KnowledgeError with check's messages when it is invalid)."""
        init_jieba(cache_dir)
        return cls(_load_built(directory, cache_dir), threshold=threshold)

    @property
    def articles(self) -> list[Article]:
        return list(self.knowledge.articles.values())

    def ask(self, question: str) -> Answer:
        """The best cited answer to ``question``, or an honest refusal with suggestions."""
        question = question[:MAX_QUESTION]
        if not squash(question):
            return Answer(question, False, reason="empty")
        if _CHITCHAT.match(squash(question)):
            return Answer(question, False, reason="chitchat")
        if not re.search(r"[^\W\d_]", squash(question)):
            return Answer(question, False, reason="not_covered")  # only digits: nothing to look up
        query = read_query(question[:MAX_ANALYSED], self.lexicon)
        exact = self._exact.get(squash(question))
        if exact is not None:
            answer = self._answer(exact, question, 1.0, query)
            return replace(answer, suggestions=self._suggest(self._rank(query), skip=exact))
        ranked = self._rank(query)
        if not ranked or ranked[0][0] <= 0.0:
            return Answer(question, False, reason="not_covered")
        unit = ranked[0][1]
        score = decide(ranked)
        if score < self.threshold:
            return Answer(question, False, score=score, reason="unsure",
                          suggestions=self._suggest(ranked, skip=None))
        answer = self._answer(unit, question, score, query)
        return replace(answer, suggestions=self._suggest(ranked[1:], skip=unit))

    def search(self, question: str, *, limit: int = 5) -> list[Answer]:
        """Up to ``limit`` answers above the threshold, best first (inline mode)."""
        query = read_query(question[:MAX_ANALYSED], self.lexicon)
        seen: set[tuple[str, int]] = set()
        out: list[Answer] = []
        for score, unit in self._rank(query):
            if score < CARD_FLOOR or (unit.article, unit.paragraph) in seen:
                continue
            seen.add((unit.article, unit.paragraph))
            out.append(self._answer(unit, question, score, query))
            if len(out) == limit:
                break
        return out

    def answer_id(self, suggestion_id: str) -> Answer | None:
        """The answer behind a suggestion button, or None when the id is unknown (e.g. after reload)."""
        unit = self._suggestion_ids.get(suggestion_id)
        if unit is None:
            return None
        question = self.knowledge.pairs[unit.pair].question
        return self._answer(unit, question, 1.0, None)

    def examples(self, count: int = 3) -> list[str]:
        """Example questions, one per article first: what /start offers as buttons."""
        picks: list[str] = []
        for kind in ("quantity", "person", "programme", "summary"):
            for article in self.articles:
                pair = next((p for p in self.knowledge.pairs
                             if p.source.article == article.id and p.kind == kind), None)
                if pair and pair.question not in picks:
                    picks.append(pair.question)
                if len(picks) >= count:
                    return picks
        return picks

    def evidence(self, query: Query) -> list[tuple[Evidence, Unit]]:
        """The index's candidates for ``query``, each with the evidence that it answers it."""
        query_terms = terms(query.text) + [t for w in self.lexicon.expand(query.text) for t in terms(w)]
        hits = self.index.search(query_terms, limit=CANDIDATES)
        best = hits[0][1] if hits else 1.0
        # Weighing a candidate in full costs far more than this first look at its own words.
        looks = [(first_look(query, self.units[doc]), doc, bm25) for doc, bm25 in hits]
        looks.sort(key=lambda look: -(look[0][0] + 0.5 * look[2] / best))
        around: dict[tuple[str, int], Surroundings] = {}
        out: list[tuple[Evidence, Unit]] = []
        for (_, mine), doc, bm25 in looks[:WEIGHED]:
            unit = self.units[doc]
            article = self.knowledge.articles.get(unit.article)
            if article is None:
                continue
            key = (unit.article, unit.paragraph)
            if key not in around:
                around[key] = surroundings(query, context=article.full_title,
                                           paragraph=self.folded_paragraphs.get(key, ""),
                                           article_text=self.folded_articles.get(unit.article, ""))
            out.append((weigh(query, unit, around[key], lexicon=self.lexicon, retrieval=bm25 / best, mine=mine),
                        unit))
        return out

    def _rank(self, query: Query) -> list[tuple[float, Unit]]:
        scored: list[tuple[float, Unit]] = []
        for evidence, unit in self.evidence(query):
            score = confidence(evidence)
            scored.append((score + (0.05 if unit.curated and score > 0 else 0.0), unit))
        scored.sort(key=lambda su: (-su[0], su[1].kind != "pair"))
        return [(min(s, 1.0), u) for s, u in scored]

    def _answer(self, unit: Unit, question: str, score: float, query: Query | None) -> Answer:
        article = self.knowledge.articles[unit.article]
        para = article.paragraph(unit.paragraph)
        text = unit.answer if unit.kind == "pair" or query is None else trim(unit.answer, query, self.lexicon)
        truncated = bool(para and para.truncated and para.sentences and unit.answer == para.sentences[-1])
        citation = Citation(article.full_title, article.byline, article.id, unit.paragraph, article.file)
        matched = self.knowledge.pairs[unit.pair].question if unit.kind == "pair" else unit.text
        return Answer(question, True, text, citation, score, matched, (),
                      self._sid(unit) if unit.kind == "pair" else f"{unit.article}#p{unit.paragraph}",
                      para.text if para else "", truncated)

    def _suggest(self, ranked: Iterable[tuple[float, Unit]], *, skip: Unit | None) -> tuple[Suggestion, ...]:
        out: dict[str, Suggestion] = {}
        for score, unit in ranked:
            if score < SUGGEST_FLOOR or len(out) == 3:
                break
            pair_unit = unit if unit.kind == "pair" else self._by_sentence.get(
                (unit.article, unit.paragraph, unit.sentence))
            if pair_unit is None or pair_unit == skip:
                continue
            question = self.knowledge.pairs[pair_unit.pair].question
            out.setdefault(question, Suggestion(self._sid(pair_unit), question))
        return tuple(out.values())

    def _sid(self, unit: Unit) -> str:
        pid = self.knowledge.pairs[unit.pair].id
        if pid.isascii() and len(pid) <= 40:
            return pid
        return "h" + hashlib.sha1(pid.encode()).hexdigest()[:12]


_CLAUSE = re.compile(r"[^,，;；:：]+[,，;；:：]?")
TRIM_AT = 90


def trim(sentence: str, query: Query, lexicon: Lexicon) -> str:
    """The clauses of a long sentence that answer the question, verbatim, with … where cut."""
    if len(sentence) <= TRIM_AT:
        return sentence
    clauses = _CLAUSE.findall(sentence)
    weights = [sum(w for word, w in query.content if any(v in squash(c) for v in lexicon.variants(word)))
               for c in clauses]
    best = max(range(len(clauses)), key=lambda i: (weights[i], -i))
    lo = hi = best
    while True:
        options = [j for j in (lo - 1, hi + 1) if 0 <= j < len(clauses)]
        options = [j for j in options if sum(len(c) for c in clauses[min(lo, j):max(hi, j) + 1]) <= TRIM_AT]
        if not options:
            break
        j = max(options, key=lambda k: (weights[k], -abs(k - best)))
        lo, hi = min(lo, j), max(hi, j)
    text = "".join(clauses[lo:hi + 1])
    if hi < len(clauses) - 1:
        text = text.rstrip(",，;；:：") + "…"
    return ("…" if lo > 0 else "") + text
