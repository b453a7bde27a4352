"""What the engine offers besides an answer: the pair a question states exactly, the questions near a
refused one ("did you mean"), and the articles to choose from when several answer it alike.

Everything here reads the built knowledge only (no model): :class:`bot.answer.engine.Engine` decides
when to offer what.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bot.answer.features import SENTENCE
from bot.answer.look import Look
from bot.answer.reading import Query
from bot.answer.tuning import SUGGEST_FLOOR, SUGGESTIONS
from bot.core.answers import Suggestion
from bot.core.model import Unit
from bot.index.cache import SHARED, Built, button_id
from bot.index.units import pair_question, sentence_key
from bot.nlp.text import member_like, squash

_IN_ARTICLE = SENTENCE.index("cov_article")
_BROAD_WORDS = 3  # a question of at most this many key words, all found in several articles, is broad


class Offers:
    """Pairs and articles to offer, over one built knowledge base."""

    def __init__(self, built: Built) -> None:
        self.built = built
        self.units = built.units

    def exact(self, folded: str) -> Unit | None:
        """The pair one of whose phrasings is exactly the question."""
        row = self.built.exact.get(folded)
        unit = self.units[row] if row is not None and row != SHARED else None
        return unit if unit is not None and _asks(unit, folded) else None  # a hash's other key: not it

    def shared(self, seen: Look, folded: str) -> tuple[Suggestion, ...]:
        """For a question that several articles' generated pairs ask word for word ("公司工会主席是谁？",
        not looked up for that reason: bot.index.cache._lookups), those articles' "what is it about"
        questions, to choose from (none when fewer than two of the candidates' articles ask it)."""
        if self.built.exact.get(folded) != SHARED:
            return ()
        articles = list(dict.fromkeys(c.unit.article for _, c in seen.ranked
                                      if any(_asks(u, folded) for u in self.pairs(c.unit))))
        units = self._summaries(articles)
        return self._choices(units[:SUGGESTIONS]) if len(units) > 1 else ()

    def broad(self, seen: Look) -> tuple[Suggestion, ...]:
        """For a short question whose words several articles hold alike ("工会有什么活动"): those
        articles' own "what is it about" questions, to choose from (none when it is not so)."""
        return self._choices(self.broad_units(seen, limit=SUGGESTIONS))

    def broad_units(self, seen: Look, *, limit: int) -> list[Unit]:
        """The summary pairs of the articles that hold all of a short question's key words, best first."""
        if not 0 < len(seen.query.content) <= _BROAD_WORDS:
            return []
        articles = list(dict.fromkeys(c.unit.article for _, c in seen.ranked if c.features[_IN_ARTICLE] >= 1.0))
        if len(articles) < 2:
            return []
        return self._summaries(articles)[:limit]

    def _choices(self, units: list[Unit]) -> tuple[Suggestion, ...]:
        """``units`` as suggestions, each under its own question."""
        return tuple(Suggestion(id=self.sid(u), question=pair_question(u)) for u in units)

    def _summaries(self, articles: list[str]) -> list[Unit]:
        """The "what is it about" pair of each of ``articles`` that has one, in their order."""
        return [self.units[row] for a in articles if (row := self.built.summaries.get(a)) is not None]

    def suggest(self, seen: Look, *, skip: Unit | None, sentences: bool = True) -> tuple[Suggestion, ...]:
        """Questions the knowledge answers that are near this one, worded as a member would ask them:
        curated pairs likely enough (SUGGEST_FLOOR), then, with ``sentences``, those of the likeliest sentences."""
        out: dict[str, Suggestion] = {}
        # Lazily: a sentence's pairs are read only while suggestions are still wanted (and pair_of
        # gives only those that read as a member would ask).
        near = itertools.chain((unit for p, unit in seen.curated if p >= SUGGEST_FLOOR
                                and member_like(pair_question(unit))),
                               (self.pair_of(c.unit, seen.query) for _, c in seen.ranked[:6] if sentences))
        for unit in near:
            if unit is None or (skip is not None and sentence_key(unit) == sentence_key(skip)):
                continue
            question = pair_question(unit)
            out.setdefault(question, Suggestion(id=self.sid(unit), question=question))
            if len(out) == SUGGESTIONS:
                break
        return tuple(out.values())

    def pair_of(self, sentence: Unit, query: Query) -> Unit | None:
        """Of the pairs made from ``sentence`` that read as a member would ask, the one whose question
        holds most of the weight of ``query``'s words (the first on a tie), if any."""
        best: tuple[float, Unit] | None = None
        for unit in self.pairs(sentence, asked_like=True):
            question = pair_question(unit)
            held = sum(w for word, w in zip(query.content, query.weights, strict=True) if word in question)
            if best is None or held > best[0]:
                best = (held, unit)
        return best[1] if best else None

    def pairs(self, sentence: Unit, *, asked_like: bool = False) -> Iterator[Unit]:
        """The pairs made from ``sentence``, in order (with ``asked_like``, only those that read as a
        member would ask: most others are sentences with a hole)."""
        key = sentence_key(sentence)
        row = self.built.by_sentence.get(key)
        if row is None or sentence_key(self.units[row]) != key:  # another key's hash: no pair of this sentence
            return
        while row >= 0:  # the rest of the chain is this sentence's, by construction (cache._lookups)
            if not asked_like or self.built.asked_like[row]:
                yield self.units[row]
            row = self.built.next_pair[row]

    def sid(self, unit: Unit) -> str:
        """The id of ``unit``'s pair on a button (bot.index.cache.button_id)."""
        return button_id(self.built.pairs.pair_id(unit.pair))


def _asks(pair: Unit, folded: str) -> bool:
    """Whether one of ``pair``'s phrasings (its question, then its alternatives), folded, is ``folded``."""
    return folded in map(squash, pair.text.split("\n"))
