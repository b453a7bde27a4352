"""Scoring a question against candidate answers: coverage, names, question type, confidence.

A candidate is a *unit*: a Q&A pair (matched on its questions) or an article sentence (the
extractive fallback). The index proposes candidates; this module decides how well each one
answers the question as :mod:`bot.answer.question` read it, and :func:`confidence` maps the evidence to
a calibrated 0..1 score (README, "Confidence"). A candidate whose article does not mention a name
the question asks about is never returned: a confident wrong answer is worse than none.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping
from typing import NamedTuple

from rapidfuzz import fuzz

from bot.answer.question import ATTRIBUTE_WORDS, HEAD_WORDS, OFFICES, Probe, Query
from bot.answer.tuning import NAME_ELSEWHERE, RESIDUAL_MIN, WINDOW
from bot.core.model import Unit
from bot.nlp.lexicon import Lexicon
from bot.nlp.text import squash

_YEAR = re.compile(r"^(?:19|20)\d\d年?$")
_PLACE_ORG = re.compile(r"(?:省|市|区|县|镇|乡|街道|村|工会|公司|集团)$")
_DEPUTY = re.compile("副(?:" + "|".join(OFFICES) + ")")


class Evidence(NamedTuple):
    """What speaks for a candidate (a named tuple: five are built per question, and a frozen dataclass
    is built several times slower)."""

    coverage: float  # share of the question's weighted words found in the candidate or its title
    local: float  # the same, counting only the candidate's own text and the words its title lacks
    similarity: float  # fuzzy similarity with a pair's question, 0 for sentences
    type_ok: bool
    names_ok: bool
    paragraph: float = 0.0  # coverage counting the whole source paragraph and the title
    pair: bool = False
    retrieval: float = 0.0  # BM25 score relative to the best candidate's
    window: float = 0.0  # coverage near the answer slot (see :func:`window`)

    def features(self) -> dict[str, float]:
        return {"bias": 1.0, "coverage": self.coverage, "local": self.local, "paragraph": self.paragraph,
                "similarity": self.similarity, "type": float(self.type_ok),
                "type_local": float(self.type_ok) * self.local, "pair": float(self.pair),
                "retrieval": self.retrieval, "window": self.window}


def _credit(probe: Probe, text: str) -> float:
    variants, grams = probe
    for variant in variants:
        if variant in text:
            return 1.0
    if grams:
        share = sum(g in text for g in grams) / len(grams)
        return 0.5 * share if share >= 0.5 else 0.0
    return 0.0


def coverage(query: Query, text: str, article_text: str = "") -> float:
    """Weighted share of the question's words in ``text``; names elsewhere in the article count
    :data:`~bot.answer.tuning.NAME_ELSEWHERE`."""
    return _share(query, _with_names(query, credits(query, text), article_text))


def _with_names(query: Query, found: tuple[float, ...], article_text: str) -> tuple[float, ...]:
    # A name the article mentions elsewhere counts for something: the story is about it.
    if not query.names:
        return found
    return tuple(max(c, NAME_ELSEWHERE) if word in query.names and word in article_text else c
                 for (word, _), c in zip(query.content, found, strict=True))


def _type_ok(query: Query, unit: Unit) -> bool:
    if query.slot is None:
        return True
    return bool(query.slot.search(unit.answer)) or (query.qtype == "person" and unit.person)


def window(query: Query, text: str, titled: tuple[float, ...] = (), found: tuple[float, ...] | None = None) -> float:
    """Coverage of the question within the best window around a place the answer can stand.

    Words of the question that sit right next to the number (帮扶7968人次) are better evidence
    than the same words scattered over a long sentence. A question that asks for no particular
    kind of answer is centred on its heaviest words instead. Words the article's title holds
    (``titled``: per content word) count in every window: a sentence rarely repeats its subject.
    ``found``: the :func:`credits` of ``text``, when known already.
    """
    centres = [m.start() for m in query.slot.finditer(text)] if query.slot else []
    if not centres:
        centres = [i for word in query.heaviest for i in _positions(word, text)]
    if not centres:
        return 0.0
    titled = titled or (0.0,) * len(query.content)
    whole = tuple(map(max, credits(query, text) if found is None else found, titled))
    if len(text) <= WINDOW:
        return _share(query, whole)  # every window holds the whole text
    # Only words found in the whole text can be found in a window of it, and no window beats it.
    base = sum(map(operator.mul, query.weights, titled))
    live = [(query.probes[i], query.content[i][1], titled[i]) for i, c in enumerate(whole) if c > titled[i]]
    ceiling = sum(map(operator.mul, query.weights, whole))
    best = base
    for c in centres[:6]:
        piece = text[max(0, c - WINDOW):c + WINDOW]
        score = base
        for p, w, t in live:
            gain = _credit(p, piece) - t
            if gain > 0.0:
                score += w * gain
        if score > best:
            best = score
            if best >= ceiling:
                break
    total = query.total
    return best / total if total > 0 else 0.0


def _positions(word: str, text: str) -> list[int]:
    out: list[int] = []
    at = text.find(word)
    while at >= 0 and len(out) < 4:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def _names_ok(query: Query, unit: Unit, own: str, article_text: str, lexicon: Lexicon,
              near: str = "") -> bool:
    for name in query.names:
        variants = lexicon.variants(name)
        if not any(v in article_text or v in own for v in variants):
            return False
        if _YEAR.match(name) and not any(v in own + near for v in variants):
            return False  # a year asks about that year: 2018 is not answered by a 2020 figure
        # "台州市总工会主席是谁" must not be answered by another union's chairman in the same
        # article: for who-questions, places and organisations must be in the sentence itself.
        if query.qtype == "person" and _PLACE_ORG.search(name) and not any(v in own for v in variants):
            return False
    return True


class Surroundings(NamedTuple):
    """What a candidate's article offers, read once per question and article (or paragraph)
    (a named tuple, like :class:`Evidence`)."""

    context: str  # the article's title, folded
    paragraph: str  # the source paragraph and the one before it, folded
    article_text: str  # the whole article, folded
    context_credits: tuple[float, ...]  # per content word of the question: found in the title
    paragraph_credits: tuple[float, ...]  # ... found in the paragraphs


class Look(NamedTuple):
    """What :func:`first_look` found, which :func:`weigh` reuses rather than finding it again."""

    logit: float  # the confidence model's logit from its cheap features only
    mine: tuple[float, ...]  # the candidate's own credits (see credits)
    local: float  # its local coverage (see _coverages)
    type_ok: bool  # it has a place for the kind of answer asked for


def first_look(query: Query, unit: Unit, titled: tuple[float, ...], retrieval: float,
               weights: Mapping[str, float]) -> Look:
    """The confidence model's logit from its cheap features only (to choose whom to weigh in full),
    with what :func:`weigh` reuses. ``titled``: the question's words in the candidate's article title;
    ``weights``: the model's stage 1, as for :func:`confidence`."""
    mine = credits(query, unit.folded or squash(unit.text + unit.answer))
    coverage, local = _coverages(query, mine, titled)
    type_ok = _type_ok(query, unit)
    typed = weights["type"] + weights["type_local"] * local if type_ok else 0.0
    logit = (weights["coverage"] * coverage + weights["local"] * local + typed
             + weights["pair"] * (unit.kind == "pair") + weights["retrieval"] * retrieval)
    return Look(logit=logit, mine=mine, local=local, type_ok=type_ok)


def credits(query: Query, text: str) -> tuple[float, ...]:
    """Per content word of the question: 1 when ``text`` has it, partial for most of a long word."""
    out: list[float] = []
    for variants, grams in query.probes:  # _credit, inlined: this is the innermost loop of a question
        for variant in variants:
            if variant in text:
                out.append(1.0)
                break
        else:
            share = sum(g in text for g in grams) / len(grams) if grams else 0.0
            out.append(0.5 * share if share >= 0.5 else 0.0)
    return tuple(out)


def surroundings(query: Query, *, context: str, paragraph: str, article_text: str,
                 context_credits: tuple[float, ...] | None = None) -> Surroundings:
    """What the article around a candidate offers; every text is folded already (and the context's
    credits computed already, when given)."""
    titled = credits(query, context) if context_credits is None else context_credits
    return Surroundings(context=context, paragraph=paragraph, article_text=article_text, context_credits=titled,
                        paragraph_credits=credits(query, paragraph))


def _share(query: Query, found: tuple[float, ...]) -> float:
    total = query.total
    return sum(map(operator.mul, query.weights, found)) / total if total > 0 else 0.0


def weigh(query: Query, unit: Unit, around: Surroundings, *, lexicon: Lexicon, retrieval: float = 0.0,
          look: Look | None = None) -> Evidence:
    """Evidence that ``unit`` answers ``query``, given its article's ``around`` (and what
    :func:`first_look` found already, when it looked)."""
    own = unit.folded or squash(unit.text + unit.answer)
    mine = look.mine if look is not None else credits(query, own)
    titled = _with_names(query, tuple(map(max, mine, around.context_credits)), around.article_text)
    near = tuple(map(max, titled, around.paragraph_credits))
    similarity = 0.0
    if unit.kind == "pair":
        similarity = fuzz.ratio(query.folded, unit.head or squash(unit.text.split("\n")[0])) / 100.0
    names_ok = _answers_what_is_asked(query, unit, own, around, near, lexicon)
    # A candidate that fails the guard scores 0 whatever the rest says: spare the window.
    answer = unit.answer_folded or squash(unit.answer)
    # A sentence's own text is its answer (unless it is read with who said it): its credits are known.
    slot = window(query, answer, around.context_credits, mine if own == answer else None) if names_ok else 0.0
    local = _coverages(query, mine, around.context_credits)[1] if look is None else look.local
    type_ok = _type_ok(query, unit) if look is None else look.type_ok
    return Evidence(coverage=_share(query, titled), local=local, similarity=similarity, type_ok=type_ok,
                    names_ok=names_ok, paragraph=_share(query, near), pair=unit.kind == "pair", retrieval=retrieval,
                    window=slot)


def _coverages(query: Query, mine: tuple[float, ...], titled: tuple[float, ...]) -> tuple[float, float]:
    """The share of the question's words in the candidate or its title, and its local coverage: the
    share of the words the title does not hold that the candidate itself holds (one pass: this runs
    for every candidate of every question).

    The title speaks for every sentence of its article, so a sentence that repeats it ("市总干校网站")
    is no better for it; what tells two sentences of one article apart is the rest of the question.
    """
    covered = plain = rest = own = 0.0
    for w, m, t in zip(query.weights, mine, titled, strict=True):
        covered += w * (m if m > t else t)
        plain += w * m
        r = w * (1.0 - t)
        rest += r
        own += r * m
    total = query.total
    if total <= 0:
        return 0.0, 0.0
    # A thin question's shortfall (MIN_CONTENT) stays unmet. When the title holds nearly the whole
    # question, the rest is a word or so ("你好", "开始"), too little to judge a sentence by: then
    # the plain share.
    residual = rest + total - sum(query.weights)
    return covered / total, own / residual if residual > RESIDUAL_MIN * total else plain / total


def _unlike(query: Query, focus: str, text: str) -> str:
    """``text`` without the offices that contain ``focus`` but are other offices: 副主席 is no 主席
    (unless the question asks for the 副主席: jieba cuts it 副 / 主席), and a deputy is no 负责人."""
    if focus in HEAD_WORDS:
        return _DEPUTY.sub("", text)
    vice = "副" + focus
    return text.replace(vice, "") if vice in text and vice not in query.folded else text


def _answers_what_is_asked(query: Query, unit: Unit, own: str, around: Surroundings, near: tuple[float, ...],
                           lexicon: Lexicon) -> bool:
    """The entity guard: the candidate's source names what the question names, and asks about."""
    if not _names_ok(query, unit, own, around.article_text, lexicon, around.paragraph):
        return False
    if query.how and query.how not in own:
        return False  # "怎么办理" is not answered by a sentence that never mentions 办理
    # Half the bigrams of a long focus will do: 主办方 is asked about where the text says 主办.
    if query.focus and max(_credit(query.focus_probe, _unlike(query, query.focus, own)),
                           _credit(query.focus_probe, _unlike(query, query.focus, around.context))) < 0.25:
        return False
    # "红色工匠有什么奖金" is not answered by a sentence without 奖金, nor "在哪条街" without 街.
    if query.kind and max(_credit(query.kind_probe, own), _credit(query.kind_probe, around.context)) < 0.25:
        return False
    # Without a question word every informative word is what is asked about.
    return not query.open_ended or all(c >= 0.5 for (word, w), c in zip(query.content, near, strict=True)
                                       if w >= 5.0 and word not in ATTRIBUTE_WORDS)


def confidence(evidence: Evidence, weights: Mapping[str, float]) -> float:
    """Calibrated probability that the candidate answers the question correctly (``weights``: the fitted
    model's stage 1, :attr:`bot.answer.model.Model.candidate`)."""
    if not evidence.names_ok:
        return 0.0
    z = sum(weights[name] * value for name, value in evidence.features().items())
    return 1.0 / (1.0 + math.exp(-z))
