"""A follow-up: a question a member asks right after an answer, about the same article, without
naming what that article is about (几点开门, 自己要掏钱吗, 一共来了多少人).

Read alone, such a question fits many articles and is refused. Read as a follow-up (:func:`follow`), the
index is searched with the key words of the previous answer's title before it (:func:`lead`), which
brings that article's sentences; those alone are kept and judged by the question's own words (with the
title's words, the article's lead sentence, which holds them, looked like an answer to anything). The
model's follow-up decider (``follow`` in ``model.json``, fitted on union stories' questions asked after
their story, after another story, and the questions a story leaves open asked after it) says how likely
the answer it gives is right.
``benchmarks/followup.py`` and ``benchmarks/dialogues.py`` measure it.
"""

from __future__ import annotations

from bot.answer.look import Look, within
from bot.answer.model import Model
from bot.answer.reading import read_query
from bot.answer.tuning import FOLLOW_WORDS, MAX_ANALYSED
from bot.index.cache import Built
from bot.nlp.segment import Segmenter


def lead(built: Built, segmenter: Segmenter, article_id: str) -> str:
    """The FOLLOW_WORDS weightiest words of the article's title, in the title's order ("" when the
    knowledge has no such article)."""
    article = built.knowledge.articles.get(article_id)
    if article is None:
        return ""
    title = read_query(article.title[:MAX_ANALYSED], built.lexicon, segmenter)
    return "".join(title.content[i] for i in title.heaviest(FOLLOW_WORDS))


def follow(built: Built, model: Model, segmenter: Segmenter, question: str, article_id: str, words: str) -> Look:
    """What the engine finds for ``question`` in the article: its sentences the index proposes for the
    question read after ``words`` (the article's :func:`lead`), judged by the question's own words; what
    the follow-up decider decides on."""
    return within(built, model, segmenter, question, article_id, led=f"{words} {question}")
