"""The answering engine: one object that ``ask``, ``chat`` and the Telegram bot all share.

``Engine.load`` gets the knowledge in its built form from :mod:`bot.index.cache` (from the cache when
the knowledge has not changed) and answers questions with :meth:`Engine.ask`, a pure function of
the question and the loaded knowledge. Only the answering is here: ranking the matcher's
candidates, the second stage of the confidence model (:func:`decide`: is the best candidate sure
enough?) and trimming a long sentence to the clauses that answer.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from bot.answer.matcher import Evidence, Look, Surroundings, confidence, credits, first_look, surroundings, weigh
from bot.answer.model import Model, default_model
from bot.answer.question import Query, compile_slots, read_query
from bot.answer.tuning import (
    CANDIDATES,
    CARD_FLOOR,
    CURATED_BONUS,
    MAX_ANALYSED,
    MAX_QUESTION,
    POSTINGS,
    SUGGEST_FLOOR,
    TRIM_AT,
    WEIGHED,
)
from bot.core.answers import Answer, Citation, Suggestion
from bot.core.cachedir import cache_dirs
from bot.core.model import Article, Unit
from bot.index.cache import Built, button_id, load_built, pair_question, sentence_key
from bot.knowledge.load import fingerprint
from bot.nlp.lexicon import Lexicon
from bot.nlp.segment import Dictionary, Segmenter
from bot.nlp.text import init_nlp, squash, terms

_CHITCHAT = re.compile(
    r"^(你好|您好|hi|hello|hey|哈喽|嗨|在吗|在不在|谢谢|多谢|感谢|再见|拜拜|早上好|中午好|晚上好|晚安|你是谁|"
    r"你叫什么|你是什么|你能做什么|你会什么|你好吗|ok|好的|嗯|哈)+[你您啦呀了哈啊呢哦]*$")


def decision_features(ranked: list[tuple[float, Unit]]) -> dict[str, float]:
    """The second stage of the confidence model works at the level of a whole question: the best
    candidate's confidence, raised when another candidate cites the same sentence (a generated pair
    and its source sentence agree) and lowered when a candidate from another paragraph is nearly as
    good (the question is ambiguous)."""
    top, unit = ranked[0]
    key = (unit.article, unit.paragraph, unit.sentence)
    agree = max((s for s, u in ranked[1:] if unit.sentence and (u.article, u.paragraph, u.sentence) == key),
                default=0.0)
    rival = max((s for s, u in ranked[1:] if (u.article, u.paragraph) != (unit.article, unit.paragraph)),
                default=0.0)
    top = min(max(top, 1e-6), 1 - 1e-6)
    return {"bias": 1.0, "top": math.log(top / (1 - top)), "agree": agree, "rival": rival}


def decide(ranked: list[tuple[float, Unit]], weights: Mapping[str, float]) -> float:
    """Probability that the best candidate is a right answer to the question (``weights``: the fitted
    model's stage 2, :attr:`bot.answer.model.Model.decision`)."""
    if ranked[0][0] <= 0.0:
        return 0.0
    z = sum(weights[name] * value for name, value in decision_features(ranked).items())
    return 1.0 / (1.0 + math.exp(-z))


class Engine:
    """Answers questions from one loaded version of the knowledge base."""

    def __init__(self, built: Built, *, threshold: float | None = None, model: Model | None = None,
                 dictionary: Dictionary | None = None) -> None:
        """The engine over ``built``: ``model`` the fitted confidence model (default: the package's,
        :func:`bot.answer.model.default_model`), ``threshold`` the confidence needed to answer (default:
        the model's), ``dictionary`` jieba's, as :func:`bot.nlp.text.init_nlp` loads it (loaded here
        when not given: constructing an engine is the start-up)."""
        self.source = ""  # the fingerprint of the directory it was loaded from (see Engine.load)
        self.knowledge = built.knowledge
        self.units = built.units
        self.index = built.index
        self.lexicon = built.lexicon
        self.folded_articles = built.articles
        self.contexts = built.titles  # what each article is about (title and union), folded
        self.model = model or default_model()
        self.threshold = self.model.threshold if threshold is None else threshold
        self._built = built
        # Its own copy of jieba's dictionary, which knows the knowledge base's names: no other
        # engine (nor a build) in this process cuts a text differently because of it.
        names = ((name, "nz") for name in sorted(self.lexicon.names))
        self.segmenter = Segmenter(dictionary or init_nlp(), names=names)
        compile_slots()

    @classmethod
    def load(cls, directory: Path, *, threshold: float | None = None, cache_dir: Path | None = None) -> Engine:
        """Load ``directory`` (raises KnowledgeError with check's messages when it is invalid, ModelError
        when the model file is broken); ``cache_dir``: see :func:`bot.core.cachedir.cache_dirs`."""
        places = cache_dirs(cache_dir)
        dictionary = init_nlp(places)
        key = fingerprint(directory)
        engine = cls(load_built(directory, key, places), threshold=threshold, dictionary=dictionary)
        engine.source = key
        return engine

    @functools.cached_property
    def articles(self) -> list[Article]:
        """Every article, in knowledge order (listed in every refusal: built once)."""
        return list(self.knowledge.articles.values())

    def ask(self, question: str, *, related: bool = True) -> Answer:
        """The best cited answer to ``question``, or an honest refusal with suggestions.

        ``related=False`` leaves out the other questions offered beside an answer (the Telegram
        bot shows none): a question asked exactly as a pair states it is then a lookup.
        """
        question = question[:MAX_QUESTION]
        folded = squash(question)
        if not folded:
            return Answer(question=question, answered=False, reason="empty")
        if _CHITCHAT.match(folded):
            return Answer(question=question, answered=False, reason="chitchat")
        if not re.search(r"[^\W\d_]", folded):
            return Answer(question=question, answered=False, reason="not_covered")  # only digits: nothing to look up
        exact = self._exact(folded)
        if exact is not None:
            answer = self._answer(exact, question, 1.0, None)
            if not related:
                return answer
            ranked = self._rank(self.read(question))
            return replace(answer, suggestions=self._suggest(ranked, skip=exact))
        query = self.read(question)
        ranked = self._rank(query)
        if not ranked or ranked[0][0] <= 0.0:
            return Answer(question=question, answered=False, reason="not_covered")
        unit = ranked[0][1]
        score = decide(ranked, self.model.decision)
        if score < self.threshold:
            return Answer(question=question, answered=False, score=score, reason="unsure",
                          suggestions=self._suggest(ranked, skip=None))
        answer = self._answer(unit, question, score, query)
        return replace(answer, suggestions=self._suggest(ranked[1:], skip=unit)) if related else answer

    def search(self, question: str, *, limit: int = 5) -> list[Answer]:
        """Up to ``limit`` answers above the threshold, best first (inline mode)."""
        query = self.read(question)
        seen: set[tuple[str, int]] = set()
        out: list[Answer] = []
        for score, unit in self._rank(query, weighed=CANDIDATES):  # cards from several paragraphs: weigh all
            if score < CARD_FLOOR or (unit.article, unit.paragraph) in seen:
                continue
            seen.add((unit.article, unit.paragraph))
            out.append(self._answer(unit, question, score, query))
            if len(out) == limit:
                break
        return out

    def read(self, question: str) -> Query:
        """The question as the engine reads it (its beginning, when it is very long)."""
        return read_query(question[:MAX_ANALYSED], self.lexicon, self.segmenter)

    def answer_id(self, suggestion_id: str) -> Answer | None:
        """The answer behind a suggestion button, or None when the id is unknown (e.g. after reload)."""
        row = self._built.by_id.get(suggestion_id)
        unit = self.units[row] if row is not None else None
        if unit is None or button_id(self._built.pairs.pair_id(unit.pair)) != suggestion_id:
            return None  # unknown (e.g. made before a reload), or another id's hash
        question = pair_question(unit)
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

    def evidence(self, query: Query, *, weighed: int | None = None) -> list[tuple[Evidence, Unit]]:
        """The index's best candidates for ``query`` by a first look (``weighed`` of them), each with the
        evidence that it answers it."""
        query_terms = terms(query.text) + [t for w in self.lexicon.expand(query.text) for t in terms(w)]
        hits = self.index.search(self.index.selective(query_terms, budget=POSTINGS), limit=CANDIDATES)
        best = hits[0][1] if hits else 1.0
        # Weighing a candidate in full costs far more than this first look at its words and its title's.
        titled: dict[str, tuple[float, ...]] = {}  # article -> the question's words in its title
        looks: list[tuple[Look, Unit, float]] = []
        for doc, bm25 in hits:
            unit = self.units[doc]
            if unit.article not in titled:
                title = self.contexts.get(unit.article)
                if title is None:
                    continue
                titled[unit.article] = credits(query, title)
            looks.append((first_look(query, unit, titled[unit.article], bm25 / best, self.model.candidate), unit, bm25))
        looks.sort(key=lambda seen: -seen[0].logit)
        around: dict[tuple[str, int], Surroundings] = {}
        out: list[tuple[Evidence, Unit]] = []
        for look, unit, bm25 in looks[:weighed or WEIGHED]:
            key = (unit.article, unit.paragraph)
            if key not in around:
                around[key] = surroundings(query, context=self.contexts[unit.article], paragraph=self._nearby(*key),
                                           article_text=self.folded_articles.get(unit.article, ""),
                                           context_credits=titled[unit.article])
            out.append((weigh(query, unit, around[key], lexicon=self.lexicon, retrieval=bm25 / best, look=look), unit))
        return out

    def _rank(self, query: Query, *, weighed: int | None = None) -> list[tuple[float, Unit]]:
        scored: list[tuple[float, Unit]] = []
        for evidence, unit in self.evidence(query, weighed=weighed):
            score = confidence(evidence, self.model.candidate)
            scored.append((score + (CURATED_BONUS if unit.curated and score > 0 else 0.0), unit))
        scored.sort(key=lambda su: (-su[0], su[1].kind != "pair"))
        return [(min(s, 1.0), u) for s, u in scored]

    def _answer(self, unit: Unit, question: str, score: float, query: Query | None) -> Answer:
        article = self.knowledge.articles[unit.article]
        para = article.paragraph(unit.paragraph)
        text = unit.answer if unit.kind == "pair" or query is None else trim(unit.answer, query, self.lexicon)
        truncated = bool(para and para.truncated and para.sentences and unit.answer == para.sentences[-1])
        citation = Citation(title=article.full_title, byline=article.byline, article=article.id,
                            paragraph=unit.paragraph, file=article.file)
        return Answer(question=question, answered=True, text=text, source=citation, score=score,
                      matched=pair_question(unit) if unit.kind == "pair" else unit.text,
                      pair_id=self._sid(unit) if unit.kind == "pair" else f"{unit.article}#p{unit.paragraph}",
                      paragraph_text=para.text if para else "", truncated=truncated)

    def _suggest(self, ranked: Iterable[tuple[float, Unit]], *, skip: Unit | None) -> tuple[Suggestion, ...]:
        out: dict[str, Suggestion] = {}
        for score, unit in ranked:
            if score < SUGGEST_FLOOR or len(out) == 3:
                break
            pair_unit = unit if unit.kind == "pair" else self._pair_of(unit)
            if pair_unit is None or pair_unit == skip:
                continue
            question = pair_question(pair_unit)
            out.setdefault(question, Suggestion(id=self._sid(pair_unit), question=question))
        return tuple(out.values())

    def _sid(self, unit: Unit) -> str:
        return button_id(self._built.pairs.pair_id(unit.pair))

    def _exact(self, folded: str) -> Unit | None:
        """The pair one of whose phrasings is exactly the question."""
        row = self._built.exact.get(folded)
        unit = self.units[row] if row is not None else None
        if unit is None or folded not in (squash(p) for p in unit.text.split("\n")):
            return None
        return unit

    def _pair_of(self, sentence: Unit) -> Unit | None:
        """The first pair made from ``sentence``, if any."""
        row = self._built.by_sentence.get(sentence_key(sentence))
        unit = self.units[row] if row is not None else None
        if unit is None or sentence_key(unit) != sentence_key(sentence):
            return None
        return unit

    def _nearby(self, article: str, paragraph: int) -> str:
        first = self._built.first_paragraph.get(article)
        return self._built.paragraphs[first + paragraph - 1] if first is not None and paragraph >= 1 else ""


_SHOWN_SLOTS = frozenset({"quantity", "date", "person", "role", "duration", "colour"})
_CLAUSE = re.compile(r"[^,，;；:：]+[,，;；:：]?")


def trim(sentence: str, query: Query, lexicon: Lexicon) -> str:
    """The clauses of a long sentence that answer the question, verbatim, with … where cut."""
    if len(sentence) <= TRIM_AT:
        return sentence
    clauses = _CLAUSE.findall(sentence)
    weights = [sum(w for word, w in query.content if any(v in squash(c) for v in lexicon.variants(word)))
               for c in clauses]
    # The clause that can hold the kind of answer asked for (a number with 位, an office) must be shown:
    # "桃花源生态农场的负责人是谁" is answered by "…有限公司总经理、…陈慧春", not by the clause naming the farm.
    # (A place can stand in too many clauses for this to tell them apart.)
    if query.slot is not None and query.qtype in _SHOWN_SLOTS:
        bonus = max((w for _, w in query.content), default=0.0)
        weights = [w + (bonus if query.slot.search(c) else 0.0) for w, c in zip(weights, clauses, strict=True)]
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
