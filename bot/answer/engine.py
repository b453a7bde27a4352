"""The answering engine: one object that ``ask``, ``chat`` and the Telegram bot all share.

``Engine.load`` gets the knowledge in its built form from :mod:`bot.index.cache` (from the cache
when the knowledge has not changed) and answers with :meth:`Engine.ask`, a pure function of the
question, the loaded knowledge and the fitted model (:mod:`bot.answer.model`):

1. a question asked exactly as a Q&A pair states it is that pair (a generated pair only when the
   ranker's first sentence is of its article, see step 2);
2. :func:`bot.answer.look.look` reads the question, gathers candidate sentences with their evidence
   and ranks them by the model's ranker, and scores the curated pairs among the index's units;
3. a curated pair the model finds to be the question asked is answered as the operator wrote it;
4. otherwise the decider gives the probability that the best sentence is right (quoted with the
   runner-up when the ranker can hardly tell them apart and both come from one article): at or above
   the threshold it is the answer; below it the bot says it does not know, offering questions it can
   answer, or, for a broad question several articles answer (or one their generated pairs all ask),
   those articles to choose from;
5. a question refused when read alone, asked right after an answer, is read again as a follow-up
   about that answer's article (:mod:`bot.answer.followup`).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import replace
from pathlib import Path

from bot.answer.followup import follow, lead
from bot.answer.look import Look, look
from bot.answer.model import Model, default_model
from bot.answer.offers import Offers
from bot.answer.tuning import CARD_FLOOR, MAX_QUESTION, SUGGEST_FLOOR
from bot.answer.vetoes import vetoed
from bot.core.answers import Answer, Citation
from bot.core.cachedir import cache_dirs
from bot.core.model import Article, Unit
from bot.index.cache import Built, load_built
from bot.index.units import pair_question
from bot.knowledge.load import fingerprint
from bot.nlp.orgs import names_union_first
from bot.nlp.segment import Dictionary, Segmenter
from bot.nlp.text import init_nlp, member_like, squash

_CHITCHAT = re.compile(
    r"^(你好|您好|hi|hello|hey|哈喽|嗨|在吗|在不在|谢谢|多谢|感谢|再见|拜拜|早上好|中午好|晚上好|晚安|你是谁|"
    r"你叫什么|你是什么|你能做什么|你会什么|你好吗|ok|好的|嗯|哈)+[你您啦呀了哈啊呢哦]*$")


class Engine:
    """Answers questions from one loaded version of the knowledge base."""

    def __init__(self, built: Built, *, threshold: float | None = None, model: Model | None = None,
                 dictionary: Dictionary | None = None) -> None:
        """The engine over ``built``: ``model`` the fitted model (default: the package's,
        :func:`bot.answer.model.default_model`), ``threshold`` the probability needed to answer (default:
        the model's), ``dictionary`` jieba's, as :func:`bot.nlp.text.init_nlp` loads it (loaded here
        when not given: constructing an engine is the start-up)."""
        self.source = ""  # the fingerprint of the directory it was loaded from (see Engine.load)
        self.knowledge = built.knowledge
        self.units = built.units
        self.index = built.index
        self.lexicon = built.lexicon
        self.model = model or default_model()
        self.threshold = self.model.threshold if threshold is None else threshold
        self._built = built
        self.offers = Offers(built)
        self._leads: dict[str, str] = {}  # article id -> its title's words a follow-up is read with
        # Its own copy of jieba's dictionary, which knows the knowledge base's names: no other
        # engine (nor a build) in this process cuts a text differently because of it.
        names = ((name, "nz") for name in sorted(self.lexicon.names))
        self.segmenter = Segmenter(dictionary or init_nlp(), names=names)

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

    def ask(self, question: str, *, related: bool = True, vetoes: bool = True, after: str | None = None) -> Answer:
        """The best cited answer to ``question``, or an honest refusal with suggestions.

        ``related=False`` leaves out the other questions offered beside an answer (the Telegram
        bot shows none): a question asked exactly as a curated pair states it is then a lookup.
        ``vetoes=False`` answers without :mod:`bot.answer.vetoes` (``benchmarks/vetoes.py`` measures what
        they kill and prevent). ``after``: the article id of the answer the member was given just before;
        a question refused when read alone is then read as a follow-up about that article
        (:mod:`bot.answer.followup`), and answered so when the model's follow-up decider is sure enough.
        """
        answer = self._ask(question[:MAX_QUESTION], related=related, vetoes=vetoes)
        # (An empty question or one of digits has no words; a greeting is no question about an article.)
        if answer.answered or after is None or answer.reason == "chitchat" or not _words(answer.question):
            return answer
        seen = self.look_after(answer.question, after)
        if seen is None:
            return answer  # no such article (any more): no thread
        score = self.decide(seen, follow=True)
        if score < self.threshold or (vetoes and _unanswered(seen)):
            return answer
        followed = self._sentence_answer(seen, answer.question, score)
        if related:
            followed = replace(followed, suggestions=self.offers.suggest(seen, skip=seen.shown[0].unit))
        return replace(followed, follows=after)

    def look_after(self, question: str, article_id: str) -> Look | None:
        """What the engine finds for ``question`` read as a follow-up about the article
        (:func:`bot.answer.followup.follow`), or None when the knowledge has no such article. The
        article's title words are worked out once an article."""
        words = self._leads.get(article_id)
        if words is None:
            words = self._leads[article_id] = lead(self._built, self.segmenter, article_id)
        return follow(self._built, self.model, self.segmenter, question, article_id, words) if words else None

    def _ask(self, question: str, *, related: bool, vetoes: bool) -> Answer:
        """:meth:`ask` of a question read alone."""
        folded = squash(question)
        if not folded:
            return Answer(question=question, answered=False, reason="empty")
        if _CHITCHAT.match(folded):
            return Answer(question=question, answered=False, reason="chitchat")
        if not _words(folded):  # only digits: nothing to look up
            return Answer(question=question, answered=False, reason="not_covered")
        exact = self.offers.exact(folded)
        if exact is not None and exact.curated and not related:
            return self._pair_answer(exact, question, 1.0)
        seen = self.look(question)
        exact = exact or self.offers.exact(seen.query.folded)  # as a pair asks it, once its typos are repaired
        if exact is not None and (exact.curated or _confirmed(seen, exact)):
            answer = self._pair_answer(exact, question, 1.0)
            return replace(answer, suggestions=self.offers.suggest(seen, skip=exact)) if related else answer
        if seen.curated and seen.curated[0][0] >= self.model.pair_threshold:
            score, unit = seen.curated[0]
            answer = self._pair_answer(unit, question, score)
            return replace(answer, suggestions=self.offers.suggest(seen, skip=unit)) if related else answer
        if not seen.ranked:
            return Answer(question=question, answered=False, reason="not_covered")
        score = self.decide(seen)
        # A question the sentences leave unanswered by one of bot.answer.vetoes (another time of the event,
        # a list or a telephone number they do not give) is refused as an unsure one is, with the same offers.
        if score < self.threshold or (vetoes and _unanswered(seen)):
            offers = self.offers
            choices = offers.shared(seen, folded) or offers.shared(seen, seen.query.folded) or offers.broad(seen)
            if choices:
                return Answer(question=question, answered=False, score=score, reason="broad", suggestions=choices)
            # Sentences near a hopeless match are noise: then only the topics are offered (not_covered).
            hopeful = score >= SUGGEST_FLOOR
            near = self.offers.suggest(seen, skip=None, sentences=hopeful)
            passage = self._passage(seen) if hopeful else None
            return Answer(question=question, answered=False, score=score,
                          reason="unsure" if near or passage else "not_covered", suggestions=near, passage=passage)
        answer = self._sentence_answer(seen, question, score)
        return replace(answer, suggestions=self.offers.suggest(seen, skip=seen.shown[0].unit)) if related else answer

    def look(self, question: str) -> Look:
        """What the engine finds for ``question`` before it decides (see :mod:`bot.answer.look`)."""
        return look(self._built, self.model, self.segmenter, question)

    def decide(self, seen: Look, *, follow: bool = False) -> float:
        """The probability that the answer ``seen`` would give is right (``follow``: ``seen`` is a
        follow-up's, :meth:`look_after`, judged by the model's follow-up decider)."""
        if not seen.decision:
            return 0.0
        return self.model.probabilities(self.model.follow if follow else self.model.decider, [seen.decision])[0]

    def search(self, question: str, *, limit: int = 5) -> list[Answer]:
        """Up to ``limit`` cited sentences from different paragraphs, best first (inline mode, where a member
        browses): when the best is likely enough (CARD_FLOOR), those the ranker puts within the model's
        ``second_margin`` of it, each scored as sure as the best less what the ranker puts between them."""
        seen = self.look(question)
        out: list[Answer] = []
        if seen.curated and seen.curated[0][0] >= self.model.pair_threshold:
            out.append(self._pair_answer(seen.curated[0][1], question, seen.curated[0][0]))
        best = self.decide(seen)
        # a broad query ("劳模") browses the articles that hold its words alike, as one ask refuses by a veto does
        if best < CARD_FLOOR or _unanswered(seen):
            broad = [self._pair_answer(u, question, best) for u in self.offers.broad_units(seen, limit=limit)]
            return (out + broad)[:limit]
        top = seen.ranked[0][0]
        places: set[tuple[str, int]] = set()
        for score, candidate in seen.ranked:
            unit = candidate.unit
            if len(out) == limit or top - score > self.model.second_margin:
                break
            if (unit.article, unit.paragraph) not in places:
                places.add((unit.article, unit.paragraph))
                out.append(self._cited(question, (unit,), best * math.exp(score - top)))
        return out

    def answer_id(self, suggestion_id: str, *, question: str | None = None) -> Answer | None:
        """The answer behind a suggestion button, or None when the id is unknown (e.g. after reload).

        ``question``: the broad question the button was offered for, as one of the articles to choose
        from; it is answered about the article chosen (a follow-up, see :meth:`ask`) when that reading
        holds, else the button's own pair is."""
        row = self._built.by_id.get(suggestion_id)
        unit = self.units[row] if row is not None else None
        if unit is None or self.offers.sid(unit) != suggestion_id:
            return None  # unknown (e.g. made before a reload), or another id's hash
        if question:
            followed = self.ask(question, related=False, after=unit.article)
            if followed.follows:
                return followed
        return self._pair_answer(unit, pair_question(unit), 1.0)

    def examples(self, count: int = 3) -> list[str]:
        """Example questions a member would ask, one per article first: what /start offers as buttons.
        Of an article's, one that names its union first is preferred (南湖区总工会协助了多少把…, rather
        than a question whose subject the sentence kept: 首批12名工会机关干部分多少个小组…)."""
        picks: list[str] = []
        for kind in ("quantity", "person", "programme", "summary"):
            for article in self.articles:
                question = self._example(article, kind)
                if question and question not in picks:
                    picks.append(question)
                if len(picks) >= count:
                    return picks
        return picks

    def _example(self, article: Article, kind: str) -> str | None:
        """The article's first question of ``kind`` that reads as a member's, or a later one that names
        its union first. Lazily: the pairs are read only until one is found that names its union."""
        shown = (p.question for p in self.knowledge.pairs
                 if p.source.article == article.id and p.kind == kind and member_like(p.question))
        first = next(shown, None)
        if first is None or names_union_first(first):
            return first
        return next((q for q in shown if names_union_first(q)), first)

    def _sentence_answer(self, seen: Look, question: str, score: float) -> Answer:
        units = tuple(sorted((c.unit for c in seen.shown), key=lambda u: (u.paragraph, u.sentence)))
        return self._cited(question, units, score, first=seen.shown[0].unit)

    def _cited(self, question: str, units: tuple[Unit, ...], score: float, *, first: Unit | None = None) -> Answer:
        """An answer quoting ``units`` (sentences of one article, in order), cited at ``first``'s paragraph."""
        first = first or units[0]
        article = self.knowledge.articles[first.article]
        para = article.paragraph(first.paragraph)
        return Answer(question=question, answered=True, text=_joined([u.answer for u in units]),
                      source=self._citation(article, first.paragraph), score=score, matched=first.text,
                      pair_id=f"{first.article}#p{first.paragraph}", paragraph_text=para.text if para else "",
                      truncated=any(_cut_off(article, u) for u in units))

    def _pair_answer(self, unit: Unit, question: str, score: float) -> Answer:
        article = self.knowledge.articles[unit.article]
        para = article.paragraph(unit.paragraph)
        return Answer(question=question, answered=True, text=unit.answer,
                      source=self._citation(article, unit.paragraph), score=score, matched=pair_question(unit),
                      pair_id=self.offers.sid(unit), paragraph_text=para.text if para else "",
                      truncated=_cut_off(article, unit))

    def _passage(self, seen: Look) -> Citation:
        """The paragraph of the likeliest sentence of a refused question: the member may read it."""
        unit = seen.ranked[0][1].unit
        return self._citation(self.knowledge.articles[unit.article], unit.paragraph)

    @staticmethod
    def _citation(article: Article, paragraph: int) -> Citation:
        return Citation(title=article.full_title, byline=article.byline, article=article.id, paragraph=paragraph,
                        file=article.file)


def _words(text: str) -> bool:
    """Whether ``text`` holds a letter or an ideograph (not only digits and signs)."""
    return re.search(r"[^\W\d_]", text) is not None


def _confirmed(seen: Look, pair: Unit) -> bool:
    """Whether the ranker's first sentence is of the generated ``pair``'s article: a question made
    from a story without its place (a role "of the city union") also fits other stories' sentences."""
    return bool(seen.ranked) and seen.ranked[0][1].unit.article == pair.article


def _joined(answers: list[str]) -> str:
    """The answers in order, each said once: a quotation joined to the sentence naming its speaker
    (bot.index.units.with_speakers) holds that sentence, which may be the runner-up quoted beside it."""
    return "".join(a for i, a in enumerate(answers)
                   if not any(a in b and (a != b or j < i) for j, b in enumerate(answers) if j != i))


def _cut_off(article: Article, unit: Unit) -> bool:
    """Whether ``unit`` quotes the last sentence of a paragraph the print cut off (marked truncated)."""
    para = article.paragraph(unit.paragraph)
    return bool(para and para.truncated and para.sentences and unit.answer.endswith(para.sentences[-1]))


def _unanswered(seen: Look) -> bool:
    """Whether the sentences ``seen`` would quote leave its question unanswered (:mod:`bot.answer.vetoes`)."""
    return vetoed(seen.query, "".join(c.unit.answer for c in seen.shown))
