"""Which union organisation, and which place, a text names: and so what a whole article is about.

Both the question generator (specific questions: "路桥区总工会主席是谁") and the index (what every
sentence of an article is about, when the sentence does not say) read articles this way, so it
lives here, below both. Texts are cut with jieba's own dictionary (:func:`bot.nlp.segment.plain`),
never with a knowledge base's names: a build reads the same in any process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from bot.core.model import Article
from bot.nlp.segment import plain

CJK = r"\u4e00-\u9fff"
ORG_RE = re.compile(r"(?P<abbr>[省市区县镇])?(?:总工会|工会)(?:干部学校|干校)?")
PLACE_SUFFIX = frozenset("省市区县镇乡村")
Token = tuple[str, str, int]  # word, part of speech, offset in the text


@functools.lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """jieba's (word, tag, start offset) of ``text``, numbers tagged ``m``.

    Cached because every finder of the question generator walks the same sentences. Without the
    HMM jieba is ten times faster; names it does not know are handled by the finders.
    """
    out: list[Token] = []
    at = 0
    for word, flag in plain().known(text):
        out.append((word, "m" if word[:1].isdigit() else flag, at))
        at += len(word)
    return tuple(out)


def org_mentions(text: str) -> list[tuple[str, str]]:
    """(organisation, place) for each union organisation named in ``text``, e.g. ("路桥区总工会", "路桥区").

    The place is the run of jieba words before 工会 that are places or end in a place suffix; an
    abbreviated mention such as 市总工会 has the place "".
    """
    out = []
    toks = tokens(text)
    for i, (word, flag, start) in enumerate(toks):
        merged = re.fullmatch(rf"([{CJK}]*?)(?:总工会|工会)", word)
        inner = merged.group(1) if merged else ""
        if not merged or (inner and not (inner[-1] in PLACE_SUFFIX or flag in ("nz", "ns", "nt"))):
            continue
        first = i
        while first > 0 and _place_token(toks, first - 1):
            first -= 1
        place = "".join(w for w, _, _ in toks[first:i]) + inner
        place = "" if all(ch in PLACE_SUFFIX for ch in place) else place
        end = start + len(word)
        suffix = re.match(r"干部学校|干校", text[end:])
        org_start = toks[first][2] if first < i else start
        org = text[org_start:end + (suffix.end() if suffix else 0)]
        out.append((org, place))
    return out


def names_union_first(text: str) -> bool:
    """Whether ``text`` opens with a union organisation and its place (路桥区总工会主席是谁)."""
    return any(place and text.startswith(org) for org, place in org_mentions(text))


def _place_token(toks: tuple[Token, ...], i: int) -> bool:
    word, flag, _ = toks[i]
    if not re.fullmatch(f"[{CJK}]+", word):
        return False
    if word in PLACE_SUFFIX:
        return True
    if flag == "ns" or (len(word) >= 2 and word[-1] in PLACE_SUFFIX and flag in ("ns", "nr", "nz", "n")):
        return not word.startswith(("全", "本", "该", "各", "我", "此", "每"))
    nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
    starts_text = i == 0 or not re.fullmatch(f"[{CJK}]+", toks[i - 1][0])
    return 2 <= len(word) <= 3 and (nxt in PLACE_SUFFIX or (starts_text and flag in ("nr", "nz", "j")))


@dataclass(frozen=True)
class Context:
    """What an article is about: its main union organisation and place, for specific questions."""

    org: str  # e.g. "金华市总工会"; "" when the article names none
    place: str  # e.g. "金华市", "南湖"; "" when unknown

    def resolve(self, text: str) -> str:
        """Expand an abbreviated organisation at the start of ``text``: 区总工会… → 南湖区总工会…."""
        m = ORG_RE.match(text)
        if not m or not m.group("abbr") or not self.place:
            return text
        stem = self.place.rstrip("".join(PLACE_SUFFIX))
        if self.place[-1] in PLACE_SUFFIX and self.place[-1] != m.group("abbr"):
            return text
        return stem + text

    def subject(self) -> str:
        return self.org or self.place


def citable_sentences(article: Article) -> Iterator[tuple[int, int, str]]:
    """(paragraph, sentence, text) of the sentences that may answer: no headings, nothing shorter than
    6 characters, and not the sentence the page cut off."""
    for paragraph in article.paragraphs:
        if paragraph.kind == "heading":
            continue
        last = len(paragraph.sentences) - (1 if paragraph.truncated else 0)
        for number, sentence in enumerate(paragraph.sentences[:last], start=1):
            if len(sentence) >= 6:
                yield paragraph.number, number, sentence


def article_context(article: Article) -> Context:
    """The article's main union organisation: from the title when it names one, else the first in the text.

    A fuller body mention of the title's organisation ("奉化工会" → "宁波奉化区总工会") is preferred.
    """
    titled = [o for text in (article.title, *article.other_titles) for o in org_mentions(text) if o[1]]
    body = [o for _, _, text in citable_sentences(article) for o in org_mentions(text) if o[1]]
    if titled:
        stem = titled[0][1].rstrip("".join(PLACE_SUFFIX))
        fuller = [o for o in body if stem and stem in o[1] and len(o[0]) > len(titled[0][0])]
        return Context(*(fuller or titled)[0])
    if body:
        return Context(*body[0])
    for text in (article.title, *article.other_titles):
        for is_place, run in groupby(tokens(text), key=lambda t: t[1] == "ns"):
            # One character is a name's piece (汾 of 汾州供电, 北 of 沈北), not a place.
            if is_place and len(place := "".join(word for word, _, _ in run)) > 1:
                return Context("", place)
    return Context("", "")
