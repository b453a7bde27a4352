"""The answering engine: one object that ``ask``, ``chat`` and the Telegram bot all share.

``Engine.load`` gets the knowledge in its built form from :mod:`bot.index.cache` (from the cache
when the knowledge has not changed) and answers with :meth:`Engine.ask`, a pure function of the
question, the loaded knowledge and the fitted model (:mod:`bot.answer.model`):

1. a question asked exactly as a Q&A pair states it is that pair;
2. the index proposes units; :mod:`bot.answer.candidates` turns them into candidate sentences with
   their evidence, and the model's ranker orders them;
3. a curated pair the model finds to be the question asked is answered as the operator wrote it;
4. otherwise the decider gives the probability that the best sentence is right: at or above the
   threshold it is the answer (with the runner-up when the ranker can hardly tell them apart and both
   come from one article), below it the bot says it does not know and suggests questions it can answer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path

from bot.answer.candidates import Candidate, gather
from bot.answer.features import DECISION, SENTENCE, Asked, asked
from bot.answer.matcher import Unit
from bot.answer.model import Model, load_model
from bot.answer.pairs import closest, pair_row
from bot.answer.reading import KINDS, Query, read_query
from bot.core.answers import Answer, Citation, Suggestion
from bot.core.model import Article
from bot.index.cache import Built, button_id, fingerprint, load_built, pair_question, sentence_key
from bot.nlp.segment import add_words, init_jieba
from bot.nlp.text import squash, terms

SUGGEST_FLOOR = 0.12  # probability for a "did you mean" suggestion
CARD_FLOOR = 0.4  # probability for an inline-mode card (several are shown, each cited)
CANDIDATES = 24  # units proposed by the index
POSTINGS = 5000  # postings the index may score per question (its commonest terms are left out)
MAX_QUESTION = 4096
MAX_ANALYSED = 300  # a question longer than this is read by its beginning (tagging is linear but slow)
TWO_SENTENCES = 220  # characters: a runner-up sentence is quoted too only while the answer stays this short
_CHITCHAT = re.compile(
    r"^(你好|您好|hi|hello|hey|哈喽|嗨|在吗|在不在|谢谢|多谢|感谢|再见|拜拜|早上好|中午好|晚上好|晚安|你是谁|"
    r"你叫什么|你是什么|你能做什么|你会什么|你好吗|ok|好的|嗯|哈)+[你您啦呀了哈啊呢哦]*$")


@dataclass(frozen=True)
class Look:
    """Everything the engine found for one question (what ``ask`` decides on, and what fitting reads)."""

    query: Query
    asked: Asked
    ranked: list[tuple[float, Candidate]]  # by the ranker, best first
    curated: list[tuple[float, Unit]]  # curated pairs with their probability, best first
    pair_rows: list[tuple[list[float], Unit]]  # the PAIR features of each curated candidate
    decision: list[float]  # the DECISION features of the best candidate ([] when there is none)
    shown: tuple[Candidate, ...]  # the sentence(s) an answer would quote


class Engine:
    """Answers questions from one loaded version of the knowledge base."""

    def __init__(self, built: Built, *, threshold: float | None = None, model: Model | None = None) -> None:
        self.source = ""  # the fingerprint of the directory it was loaded from (see Engine.load)
        self.knowledge = built.knowledge
        self.units = built.units
        self.index = built.index
        self.lexicon = built.lexicon
        self.model = model or load_model()
        self.threshold = self.model.threshold if threshold is None else threshold
        self._built = built
        add_words((name, "nz") for name in self.lexicon.names)

    @classmethod
    def load(cls, directory: Path, *, threshold: float | None = None, cache_dir: Path | None = None) -> Engine:
        """Load ``directory`` (raises KnowledgeError with check's messages when it is invalid)."""
        init_jieba(cache_dir)
        key = fingerprint(directory)
        engine = cls(load_built(directory, cache_dir, key), threshold=threshold)
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
            return Answer(question, False, reason="empty")
        if _CHITCHAT.match(folded):
            return Answer(question, False, reason="chitchat")
        if not re.search(r"[^\W\d_]", folded):
            return Answer(question, False, reason="not_covered")  # only digits: nothing to look up
        exact = self._exact(folded)
        if exact is not None:
            answer = self._pair_answer(exact, question, 1.0)
            return replace(answer, suggestions=self._suggest(self.look(question), skip=exact)) if related else answer
        look = self.look(question)
        if look.curated and look.curated[0][0] >= self.model.pair_threshold:
            score, unit = look.curated[0]
            answer = self._pair_answer(unit, question, score)
            return replace(answer, suggestions=self._suggest(look, skip=unit)) if related else answer
        if not look.ranked:
            return Answer(question, False, reason="not_covered")
        score = self.decide(look)
        if score < self.threshold:
            return Answer(question, False, score=score, reason="unsure", suggestions=self._suggest(look, skip=None))
        answer = self._sentence_answer(look.shown, question, score)
        return replace(answer, suggestions=self._suggest(look, skip=look.shown[0].unit)) if related else answer

    def look(self, question: str) -> Look:
        """Read ``question``, gather its candidates and rank them (no decision yet)."""
        query = read_query(question[:MAX_ANALYSED], self.lexicon)
        a = asked(query, self.lexicon, self._built.char_idf)
        query_terms = terms(query.text) + [t for w in self.lexicon.expand(query.text) for t in terms(w)]
        hits = self.index.search(self.index.selective(query_terms, budget=POSTINGS), limit=CANDIDATES)
        candidates = gather(self._built, query, a, hits)
        ranked: list[tuple[float, Candidate]] = []
        if candidates:
            scores = self.model.ranker.score([c.features for c in candidates]).tolist()
            ranked = sorted(zip(scores, candidates, strict=True), key=lambda sc: (-sc[0], sc[1].row))
        shown = _shown(ranked, self.model.second_margin)
        pair_rows = self._pair_rows(query, a, hits)
        curated: list[tuple[float, Unit]] = []
        if pair_rows:
            probabilities = self.model.probability(self.model.pairs, [row for row, _ in pair_rows])
            curated = sorted(zip(probabilities, (unit for _, unit in pair_rows), strict=True), key=lambda pu: -pu[0])
        return Look(query, a, ranked, curated, pair_rows, _decision(ranked, a), shown)

    def decide(self, look: Look) -> float:
        """The probability that the answer ``look`` would give is right."""
        if not look.decision:
            return 0.0
        return self.model.probability(self.model.decider, [look.decision])[0]

    def search(self, question: str, *, limit: int = 5) -> list[Answer]:
        """Up to ``limit`` cited answers from different paragraphs, best first (inline mode)."""
        look = self.look(question)
        out: list[Answer] = []
        if look.curated and look.curated[0][0] >= self.model.pair_threshold:
            out.append(self._pair_answer(look.curated[0][1], question, look.curated[0][0]))
        best = self.decide(look)
        seen: set[tuple[str, int]] = set()
        for score, candidate in look.ranked:
            unit = candidate.unit
            if (unit.article, unit.paragraph) in seen:
                continue
            seen.add((unit.article, unit.paragraph))
            # Cards after the first are as sure as the first, less what the ranker puts between them.
            probability = best if not out else best * min(1.0, 2.0 ** (score - look.ranked[0][0]))
            if probability < CARD_FLOOR or len(out) == limit:
                break
            out.append(self._sentence_answer((candidate,), question, probability))
        return out

    def answer_id(self, suggestion_id: str) -> Answer | None:
        """The answer behind a suggestion button, or None when the id is unknown (e.g. after reload)."""
        row = self._built.by_id.get(suggestion_id)
        unit = self.units[row] if row is not None else None
        if unit is None or button_id(self._built.pairs.pair_id(unit.pair)) != suggestion_id:
            return None  # unknown (e.g. made before a reload), or another id's hash
        return self._pair_answer(unit, pair_question(unit), 1.0)

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

    def _pair_rows(self, query: Query, a: Asked, hits: list[tuple[int, float]]) -> list[tuple[list[float], Unit]]:
        found = [(rank, score, self.units[row]) for rank, (row, score) in enumerate(hits)]
        found = [(rank, score, unit) for rank, score, unit in found if unit.kind == "pair" and unit.curated]
        if not found:
            return []
        best = hits[0][1] or 1.0
        phrasings = [[squash(p) for p in unit.text.split("\n")] for _, _, unit in found]
        nearest = [closest(query, p) for p in phrasings]
        top = max(n[0] for n in nearest)
        return [(pair_row(query, a, p, retrieval=score / best, rank=rank, nearest=n, best_ratio=top), unit)
                for (rank, score, unit), p, n in zip(found, phrasings, nearest, strict=True)]

    def _sentence_answer(self, shown: tuple[Candidate, ...], question: str, score: float) -> Answer:
        first = shown[0].unit
        article = self.knowledge.articles[first.article]
        para = article.paragraph(first.paragraph)
        units = sorted((c.unit for c in shown), key=lambda u: (u.paragraph, u.sentence))
        text = "".join(u.answer for u in units)
        truncated = any(p is not None and p.truncated and p.sentences and u.answer == p.sentences[-1]
                        for u in units for p in (article.paragraph(u.paragraph),))
        citation = Citation(article.full_title, article.byline, article.id, first.paragraph, article.file)
        return Answer(question, True, text, citation, score, first.text, (), f"{first.article}#p{first.paragraph}",
                      para.text if para else "", truncated)

    def _pair_answer(self, unit: Unit, question: str, score: float) -> Answer:
        article = self.knowledge.articles[unit.article]
        para = article.paragraph(unit.paragraph)
        truncated = bool(para and para.truncated and para.sentences and unit.answer == para.sentences[-1])
        citation = Citation(article.full_title, article.byline, article.id, unit.paragraph, article.file)
        return Answer(question, True, unit.answer, citation, score, pair_question(unit), (), self._sid(unit),
                      para.text if para else "", truncated)

    def _suggest(self, look: Look, *, skip: Unit | None) -> tuple[Suggestion, ...]:
        out: dict[str, Suggestion] = {}
        probable = [(p, unit) for p, unit in look.curated if p >= SUGGEST_FLOOR]
        probable += [(0.0, self._pair_of(c.unit)) for _, c in look.ranked[:6]]
        for _, unit in probable:
            if unit is None or unit == skip or (skip is not None and sentence_key(unit) == sentence_key(skip)):
                continue
            question = pair_question(unit)
            out.setdefault(question, Suggestion(self._sid(unit), question))
            if len(out) == 3:
                break
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


def _shown(ranked: list[tuple[float, Candidate]], margin: float) -> tuple[Candidate, ...]:
    """The best candidate, and the runner-up when it is from the same article, nearly as good, and short."""
    if not ranked:
        return ()
    (top, first), rest = ranked[0], ranked[1:]
    if rest:
        score, second = rest[0]
        if (second.unit.article == first.unit.article and top - score <= margin
                and len(first.unit.answer) + len(second.unit.answer) <= TWO_SENTENCES):
            return first, second
    return (first,)


def _decision(ranked: list[tuple[float, Candidate]], a: Asked) -> list[float]:
    """The :data:`~bot.answer.features.DECISION` features of a ranked list."""
    if not ranked:
        return []
    top, best = ranked[0]
    second = ranked[1][0] if len(ranked) > 1 else top - 10.0
    same = float(len(ranked) > 1 and ranked[1][1].unit.article == best.unit.article)
    articles = float(len({c.unit.article for _, c in ranked[:5]}))
    f = best.features
    return [top, top - second, second, same, articles, *(f[i] for i in _PICKED), *a.kind]


# The best candidate's own features that the decider reads (DECISION between the ranks and the kinds).
_PICKED = tuple(SENTENCE.index(name) for name in DECISION[5:-len(KINDS)])
