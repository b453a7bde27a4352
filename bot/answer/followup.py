"""A follow-up: a question a member asks right after an answer, about the same article, without
naming what that article is about (几点开门, 自己要掏钱吗, 一共来了多少人).

Read alone, such a question fits many articles and is refused. Read after the key words of the
previous answer's title (:func:`lead`), it is the question the member meant. That reading is
trusted only when its answer comes from that article and the article holds the question's own key
words (:func:`holds`): the title's words alone draw the article's first sentence, which then looked
like an answer to questions it cannot answer (拿了几项专利 after a story of legal aid).
``benchmarks/followup.py`` measures both numbers of :mod:`bot.answer.tuning` it uses.
"""

from __future__ import annotations

from bot.answer.features import asked, found
from bot.answer.reading import read_query
from bot.answer.tuning import FOLLOW_HELD, FOLLOW_WORDS, MAX_ANALYSED
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


def holds(built: Built, segmenter: Segmenter, question: str, article_id: str) -> bool:
    """Whether the article (title and text) holds at least FOLLOW_HELD of the weight of the question's
    own key words (or their synonyms)."""
    text = built.articles.get(article_id)
    if text is None:
        return False
    query = read_query(question[:MAX_ANALYSED], built.lexicon, segmenter)
    a = asked(query, built.lexicon, built.char_idf)
    return a.total > 0 and a.shares[found(a, text)] >= FOLLOW_HELD
