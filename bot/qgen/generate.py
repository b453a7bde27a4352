"""Generate the questions a member would ask of an article, each with an extractive answer.

Every answer is cut verbatim from one sentence of the article (the whole sentence, or the run of
clauses around the fact when the sentence is long), so a reply can always quote and cite it. The
finders are generic patterns over union news (numbers with units, role words before names, dates,
"由…主办", quoted programme names); nothing here knows any particular page. The output depends only
on the article (and jieba's own dictionary, see bot.nlp.orgs), so a rebuild gives the same pairs with the
same ids, in any process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.model import Article, QAPair, Source, pair_id
from bot.nlp.orgs import Context, article_context, citable_sentences
from bot.qgen.facts import date_facts, organiser_facts, place_facts, quantity_facts
from bot.qgen.patterns import (
    DATE_RE,
    KIND_IN_NAME_RE,
    PROGRAMME_KIND_RE,
    QUOTE_RE,
    Fact,
    Spot,
    clause_run,
    clean_question,
    name_at,
)
from bot.qgen.people import person_facts

MAX_ALTERNATIVES = 3
_SUMMARY_MAX = 150
_QUESTION_MAX = 60
_LEAD_RE = re.compile(r"^(?:日前|近日|连日来|近年来|近期|本周|今年|昨天|昨日|上周|" + DATE_RE.pattern + ")")
_ACTIVITY_KINDS = ("活动", "行动", "计划", "行动计划", "培育工作", "讲座", "评选", "大赛", "比赛", "竞赛")
_INTRO_RE = re.compile(r"开展|启动|举办|举行|实施|组织|推出|依托|是")


def generate_pairs(article: Article) -> list[QAPair]:
    """The generated Q&A pairs of ``article``, in a fixed order, without duplicate questions."""
    ctx = article_context(article)
    pairs: list[QAPair] = []
    seen: set[str] = set()
    for fact in _facts(article, ctx):
        pair = _pair(article, fact)
        if pair is None:
            continue
        key = re.sub(r"\W+", "", pair.question)
        if key not in seen:
            seen.add(key)
            pairs.append(pair)
    return pairs


def _spots(article: Article) -> Iterator[Spot]:
    """Sentences that may answer (see :func:`bot.nlp.orgs.citable_sentences`)."""
    return (Spot(paragraph=p, sentence=n, text=text) for p, n, text in citable_sentences(article))


def _facts(article: Article, ctx: Context) -> list[Fact]:
    programmes = programme_facts(article)
    summary = _summary_fact(article, ctx, programmes)
    facts = ([summary] if summary else []) + programmes
    for spot in _spots(article):
        facts += person_facts(ctx, spot)
        facts += quantity_facts(ctx, spot)
        facts += organiser_facts(ctx, spot)
        facts += place_facts(ctx, spot)
        facts += date_facts(ctx, spot)
    return _without_ambiguous_roles(_elections_first(facts))


def _elections_first(facts: list[Fact]) -> list[Fact]:
    """"<name>是谁？" is answered by the election when there is one: it is the news of the story."""
    elected = {f.question for f in facts if f.kind == "person" and f.detail == "elected"}
    return [f for f in facts if f.kind != "person" or f.detail == "elected" or f.question not in elected]


def _without_ambiguous_roles(facts: list[Fact]) -> list[Fact]:
    """Drop "<org><role>是谁？" when two sentences name different holders of the same office.

    "奉化区总工会副主席" and "宁波奉化区总工会副主席" are the same office, so suffixes compare equal.
    """
    roles = [(f.question.removesuffix("是谁？"), f.spot) for f in facts if f.kind == "role"]
    ambiguous = {a for a, spot in roles for b, other in roles
                 if spot != other and (a.endswith(b) or b.endswith(a))}
    return [f for f in facts if f.kind != "role" or f.question.removesuffix("是谁？") not in ambiguous]


def _pair(article: Article, fact: Fact) -> QAPair | None:
    paragraph = article.paragraph(fact.spot.paragraph)
    question = clean_question(fact.question)
    whole = fact.kind == "summary"
    answer = fact.spot.text if whole else clause_run(fact.spot.text, fact.start, fact.end)
    shortest = 8 if fact.kind == "quantity" else 4  # "用几年时间？" says too little to be matched
    if paragraph is None or not answer or answer not in paragraph.text:
        return None
    if not shortest <= len(question) <= _QUESTION_MAX:
        return None
    alternatives: list[str] = []
    for text in fact.alternatives:
        alternative = clean_question(text)
        if alternative and alternative != question and alternative not in alternatives:
            alternatives.append(alternative)
    return QAPair(id=pair_id(article.id, question), question=question, answer=answer,
                  source=Source(article=article.id, paragraph=paragraph.number, sentence=fact.spot.sentence),
                  alternatives=tuple(alternatives[:MAX_ALTERNATIVES]), origin="generated", kind=fact.kind)


def programme_names(article: Article) -> list[str]:
    """Quoted names in title order then text order; nicknames before a person's name are left out."""
    names: list[str] = []
    texts = [article.title, *article.other_titles, *(spot.text for spot in _spots(article))]
    for text in texts:
        for m in QUOTE_RE.finditer(text):
            if m.group("name") not in names and not name_at(text, m.end()):
                names.append(m.group("name"))
    return names


def programme_facts(article: Article) -> list[Fact]:
    """"什么是X？" for each quoted name that some sentence introduces as an activity, plan, platform…."""
    out = []
    spots = list(_spots(article))
    for name in programme_names(article):
        best: tuple[int, Spot, int, str] | None = None
        for spot in spots:
            at, kind = _introduces(spot.text, name)
            if at < 0:
                continue
            score = (2 if kind else 0) + (1 if _INTRO_RE.search(spot.text) else 0)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, spot, at, kind)
        if best:
            _, spot, at, kind = best
            phrase = (kind or name[-2:]) if not KIND_IN_NAME_RE.search(name) else name[-2:]
            alternatives = (f"{name}是什么{phrase}？", f"{name}是什么？")
            out.append(Fact(kind="programme", question=f"什么是{name}？", spot=spot,
                            start=at, end=at + len(name), alternatives=alternatives, detail=phrase))
    return out


def _introduces(sentence: str, name: str) -> tuple[int, str]:
    """(offset of ``name`` in a quote of ``sentence``, the kind word after the quote) or (-1, "")."""
    at = sentence.find(name)
    while at >= 0:
        opened = sentence.rfind("“", 0, at + 1)
        closed = sentence.find("”", at)
        if opened >= 0 and closed >= 0 and "”" not in sentence[opened:at]:
            m = PROGRAMME_KIND_RE.match(sentence, closed + 1)
            inside = KIND_IN_NAME_RE.search(sentence[opened + 1:closed])
            return at, m.group("kind") if m else (inside.group(0) if inside else "")
        at = sentence.find(name, at + 1)
    return -1, ""


def _lead(article: Article) -> Spot | None:
    """The sentence(s) that open the story: the first dated lead in the first two paragraphs,
    else the first sentence of paragraph 1 that is not a quotation."""
    spots = [s for s in _spots(article) if not s.text.startswith(("“", "‘")) and not s.text.endswith("”")]
    early = [s for s in spots if s.paragraph <= spots[0].paragraph + 1] if spots else []
    spot = next((s for s in early if _LEAD_RE.match(s.text)), spots[0] if spots else None)
    paragraph = article.paragraph(spot.paragraph) if spot else None
    if spot is None or paragraph is None:
        return None
    text = spot.text.lstrip("”’")
    following = paragraph.sentences[spot.sentence:spot.sentence + 1]
    cut_off = paragraph.truncated and spot.sentence + 1 == len(paragraph.sentences)
    if len(text) < 40 and following and not cut_off:
        joined = text + following[0]
        text = joined if len(joined) <= _SUMMARY_MAX and joined in paragraph.text else text
    return Spot(paragraph=spot.paragraph, sentence=spot.sentence, text=text)


def _summary_fact(article: Article, ctx: Context, programmes: list[Fact]) -> Fact | None:
    spot = _lead(article)
    if spot is None:
        return None
    alternatives = [f"{sub}是怎么回事？" for sub in article.other_titles if not sub.startswith("“")]
    activity = _main_activity(article, programmes)
    if activity and ctx.subject():
        alternatives.append(f"{ctx.subject()}{activity}是怎么回事？")
    alternatives.append(f"{article.title}是怎么回事？")
    question = f"《{article.title}》讲了什么？"
    return Fact(kind="summary", question=question, spot=spot,
                start=0, end=len(spot.text), alternatives=tuple(alternatives))


def _main_activity(article: Article, programmes: list[Fact]) -> str:
    """The programme the title names, else the first activity the text introduces: "浙工缘活动"."""
    titles = article.full_title
    named = [f for f in programmes if f.question.removeprefix("什么是").removesuffix("？") in titles]
    activities = named or [f for f in programmes if f.detail in _ACTIVITY_KINDS]
    if not activities:
        return ""
    name, kind = activities[0].question.removeprefix("什么是").removesuffix("？"), activities[0].detail
    return name + (kind if kind in _ACTIVITY_KINDS and not name.endswith(kind) else "")
