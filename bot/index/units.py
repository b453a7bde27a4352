"""The units the engine answers with, made from the knowledge: every pair, and every sentence of
every article (with what a sentence needs to be found: its speaker, the person a 他/她 stands for).

:func:`read_units` makes them, :func:`with_people` adds the people the question generator found to
the lexicon, and :func:`finish_units` folds each unit once and marks the answers that name a person.
They are the first step of :func:`bot.index.cache.build`, kept apart from the cache's files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.core.model import Knowledge, Unit
from bot.nlp.lexicon import Lexicon
from bot.nlp.text import squash, unclosed


def read_units(knowledge: Knowledge) -> list[Unit]:
    """Every pair (its question and alternatives as its text), then every sentence of every article in
    article order, headings aside: an article's sentences are contiguous (bot.index.cache relies on it)."""
    units = [Unit(kind="pair", pair=i, article=p.source.article, paragraph=p.source.paragraph,
                  sentence=p.source.sentence or 0, text="\n".join((p.question, *p.alternatives)), answer=p.answer,
                  curated=p.origin == "curated")
             for i, p in enumerate(knowledge.pairs)]
    for article in knowledge.articles.values():
        texts = with_answers([None if para.kind == "heading" else with_speakers(para.sentences)
                              for para in article.paragraphs])
        for para, sentences in zip(article.paragraphs, texts, strict=True):
            units.extend(Unit(kind="sentence", pair=-1, article=article.id, paragraph=para.number, sentence=n,
                              text=s, answer=s)
                         for n, s in enumerate(sentences, 1) if s)
    return units


# A sentence that names who spoke: "路桥区总工会主席应仲友说道。", "许炳感慨道,几天下来…".
_SPEAKER = re.compile(r"(?:说|说道|表示|介绍|感慨道|感叹道|坦言|指出|笑道)[。！!]?$"
                      r"|^[^“”，,。]{2,40}?(?:说|说道|表示|介绍说|感慨道|感叹道|坦言|指出)[，,]")
# ... and says nothing else: "戚仕张说道。"
_BARE_SPEAKER = re.compile(r"[^，,。“”]{1,30}(?:说|说道|表示|介绍|感慨道|感叹道|坦言|指出|笑道)[。！!]?")


def with_speakers(sentences: Sequence[str]) -> list[str]:
    """Each sentence, a whole quotation joined to the next sentence when that one names the speaker.

    News puts the speaker after the quote ("“…”" / "应仲友说道。"): alone, the quote does not say
    who speaks and the attribution says nothing, so "应仲友说要做什么" matched neither. A bare
    attribution joined so is left out ("" in its place, to keep the numbering): it answers nothing.
    """
    out = list(sentences)
    for i, sentence in enumerate(sentences[:-1]):
        after = sentences[i + 1]
        if sentence.startswith("“") and sentence.endswith("”") and not after.startswith("“") \
                and _SPEAKER.search(after):
            out[i] = sentence + after
            if _BARE_SPEAKER.fullmatch(after):
                out[i + 1] = ""
    return out


def asks(sentence: str) -> bool:
    """Whether ``sentence`` is a question (closing quotes and brackets after its mark allowed)."""
    return unclosed(sentence).endswith(("？", "?"))


def with_answers(paragraphs: Sequence[Sequence[str] | None]) -> list[list[str]]:
    """Each paragraph's sentences, a question the article asks joined to the sentence that answers it.

    Union sites explain a policy as questions and answers ("问：交多少钱？" / "答：每人每年交纳60元…",
    "记者：…？" / "祁永福：…"): alone, the question holds the words a member asks with and says
    nothing, and the answer lacks them. A run of questions is joined to the first sentence after it,
    in its paragraph or, when the questions are a paragraph of their own, the next one; the joined
    text takes the answer's place and the questions' places are left "" (the numbering is kept).
    A heading (``None``) ends a run.
    """
    out = [list(p) if p is not None else None for p in paragraphs]
    run: list[tuple[int, int]] = []  # (paragraph, sentence) of the questions waiting for their answer
    for p, sentences in enumerate(out):
        if sentences is None:
            run = []
            continue
        for s, sentence in enumerate(sentences):
            if not sentence:
                continue
            if asks(sentence):
                run.append((p, s))
            elif run:
                sentences[s] = "".join(_take(out, at) for at in run) + sentence
                run = []
        if run and any(sentence and (p, s) not in run for s, sentence in enumerate(sentences)):
            run = []  # questions that end a paragraph of prose: rhetorical, the next paragraph moves on
    return [p if p is not None else [] for p in out]


def _take(paragraphs: list[list[str] | None], at: tuple[int, int]) -> str:
    sentences = paragraphs[at[0]]
    assert sentences is not None
    text, sentences[at[1]] = sentences[at[1]], ""
    return text


def pair_question(pair: Unit) -> str:
    return pair.text.split("\n", 1)[0]  # a pair unit's text is its question, then its alternatives


def sentence_key(unit: Unit) -> str:
    return f"{unit.article}#{unit.paragraph}.{unit.sentence}"


_WHO_IS = re.compile(r"([\u4e00-\u9fff]{2,4})是谁？")


def with_people(lexicon: Lexicon, knowledge: Knowledge) -> Lexicon:
    """The people the question generator found ("洪银花是谁？"), as names and as the persons.

    jieba's guesses miss some names (洪银花 is cut into 洪 / 银花) and take words for people
    (文明, 洪水, 区恒立 of 奉化区恒立计时); the generator accepts a name only after a role word, a
    nickname or an election, and a name is usually introduced so once in a story.
    """
    people = frozenset(m.group(1) for p in knowledge.pairs
                       if p.kind == "person" and (m := _WHO_IS.fullmatch(p.question)))
    return replace(lexicon, names=lexicon.names | people, persons=people)


def finish_units(units: list[Unit], articles: dict[str, str], lexicon: Lexicon) -> list[Unit]:
    """Fold each unit's text once, and note which answers name a person (for who-questions)."""
    find = functools.partial(named, people=lexicon.persons,
                             sizes=tuple(sorted({len(n) for n in lexicon.persons}, reverse=True)))
    in_article = {aid: set(find(text)) for aid, text in articles.items()}
    meant = _antecedents(units, find)
    out = []
    for i, u in enumerate(units):
        answer = squash(u.answer)
        pair = u.kind == "pair"
        out.append(u._replace(person=any(p in u.answer for p in in_article.get(u.article, ())),
                              folded=squash(u.text + u.answer) if pair else answer + squash(meant.get(i, "")),
                              head=squash(u.text.split("\n")[0]) if pair else "", answer_folded=answer))
    return out


_HE_SHE = re.compile(r"(?<![其吉利])[他她](?!们|人)")


def named(text: str, *, people: frozenset[str], sizes: tuple[int, ...]) -> list[str]:
    """The people named in ``text``, left to right, the longest name where several start at one place.

    What a regex alternation of the names finds, in time linear in the text: an alternation of the
    tens of thousands of names in a large knowledge base is tried name by name at every character.
    """
    found: list[str] = []
    i = 0
    while i < len(text):
        for size in sizes:
            if text[i:i + size] in people:
                found.append(text[i:i + size])
                i += size
                break
        else:
            i += 1
    return found


def _antecedents(units: list[Unit], find: Callable[[str], list[str]]) -> dict[int, str]:
    """Who "他"/"她" is in a sentence that names nobody: the last person named before it in the article.

    "作为首批第二小组成员，他…被分配到…包装岗位上" follows "副主席许炳感慨道…": asked "许炳被分配到
    什么岗位", the sentence must count as naming 许炳 (only for matching: the answer stays verbatim).
    """
    out: dict[int, str] = {}
    last: dict[str, str] = {}
    for i, unit in enumerate(units):
        if unit.kind != "sentence":
            continue
        named = find(unit.text)
        if named:
            last[unit.article] = named[-1]
        elif unit.article in last and _HE_SHE.search(unit.text):
            out[i] = last[unit.article]
    return out
