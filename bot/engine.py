"""The answering engine: one object that ``ask``, ``chat`` and the Telegram bot all share.

``Engine.load`` reads and validates ``knowledge/``, builds the index (or loads it from the cache
when the knowledge has not changed) and answers questions with :meth:`Engine.ask`, a pure
function of the question and the loaded knowledge.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import math
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from bot import __version__
from bot.answers import Answer, Citation, Suggestion
from bot.index import Bm25Index
from bot.knowledge import load_knowledge
from bot.lexicon import Lexicon
from bot.matcher import Evidence, Query, Surroundings, Unit, confidence, first_look, read_query, surroundings, weigh
from bot.model import Article, Knowledge
from bot.qgen import article_context
from bot.store import LazyArticles, Lookup, PairTable, Strings, UnitTable
from bot.text import add_words, init_jieba, squash, terms

DEFAULT_THRESHOLD = 0.65
SUGGEST_FLOOR = 0.12  # candidate confidence for a "did you mean" suggestion
CARD_FLOOR = 0.4  # candidate confidence for an inline-mode card (several are shown, each cited)
CANDIDATES = 24  # proposed by the index
WEIGHED = 10  # of those, weighed in full
POSTINGS = 5000  # postings the index may score per question (its commonest terms are left out)
MAX_QUESTION = 4096
MAX_ANALYSED = 300  # a question longer than this is read by its beginning (POS tagging is linear but slow)
_CHITCHAT = re.compile(
    r"^(你好|您好|hi|hello|hey|哈喽|嗨|在吗|在不在|谢谢|多谢|感谢|再见|拜拜|早上好|中午好|晚上好|晚安|你是谁|"
    r"你叫什么|你是什么|你能做什么|你会什么|你好吗|ok|好的|嗯|哈)+[你您啦呀了哈啊呢哦]*$")
_CACHE_FORMAT = 10


@dataclass
class _Built:
    """What the cache holds, in the compact forms of :mod:`bot.store` (loading it is the start-up)."""

    knowledge: Knowledge
    pairs: PairTable  # the same table as knowledge.pairs
    units: UnitTable
    index: Bm25Index
    lexicon: Lexicon
    # Folded (squashed) texts, computed once when the index is built so questions never pay for it:
    articles: dict[str, str]  # article id -> title and all paragraphs
    titles: dict[str, str]  # article id -> its title and the union or place it is about, folded
    paragraphs: Strings  # per paragraph, in article order: that paragraph and the one before
    first_paragraph: dict[str, int]  # article id -> its first paragraph's row in ``paragraphs``
    exact: Lookup  # a pair's phrasing, folded -> its unit (curated pairs first)
    by_sentence: Lookup  # "article#p.s" -> the first pair made from that sentence
    by_id: Lookup  # suggestion id -> its pair's unit


def _units(knowledge: Knowledge) -> list[Unit]:
    units = [Unit("pair", i, p.source.article, p.source.paragraph, p.source.sentence or 0,
                  "\n".join((p.question, *p.alternatives)), p.answer, p.origin == "curated")
             for i, p in enumerate(knowledge.pairs)]
    for article in knowledge.articles.values():
        for para in article.paragraphs:
            if para.kind == "heading":
                continue
            units.extend(Unit("sentence", -1, article.id, para.number, n, s, s)
                         for n, s in enumerate(_with_speakers(para.sentences), 1) if s)
    return units


# A sentence that names who spoke: "路桥区总工会主席应仲友说道。", "许炳感慨道,几天下来…".
_SPEAKER = re.compile(r"(?:说|说道|表示|介绍|感慨道|感叹道|坦言|指出|笑道)[。！!]?$"
                      r"|^[^“”，,。]{2,40}?(?:说|说道|表示|介绍说|感慨道|感叹道|坦言|指出)[，,]")
# ... and says nothing else: "戚仕张说道。"
_BARE_SPEAKER = re.compile(r"[^，,。“”]{1,30}(?:说|说道|表示|介绍|感慨道|感叹道|坦言|指出|笑道)[。！!]?")


def _with_speakers(sentences: Sequence[str]) -> list[str]:
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


def build(knowledge: Knowledge) -> _Built:
    units = _units(knowledge)
    titles = {a.id: _context(a) for a in knowledge.articles.values()}
    # A sentence rarely repeats its article's subject (金华, 南湖工会); its title carries it.
    index = Bm25Index.build([u.text if u.kind == "pair" else f"{u.text}\n{titles.get(u.article, '')}"
                             for u in units])
    texts: list[str] = [a.full_title for a in knowledge.articles.values()]
    texts += [s for a in knowledge.articles.values() for p in a.paragraphs for s in p.sentences]
    texts += [u.text for u in units if u.kind == "pair"]
    lexicon = _with_people(Lexicon.build(texts, synonyms=knowledge.synonyms, bigrams=index.vocabulary), knowledge)
    articles = {aid: squash(a.full_title + "".join(p.text for p in a.paragraphs))
                for aid, a in knowledge.articles.items()}
    units = _finish_units(units, articles, lexicon)
    titles = {aid: squash(context) for aid, context in titles.items()}
    pairs = PairTable(knowledge.pairs)
    compact = replace(knowledge, articles=LazyArticles(knowledge.articles), pairs=pairs)
    return _Built(compact, pairs, UnitTable(units), index, lexicon, articles, titles,
                  *_paragraphs(knowledge), *_lookups(knowledge, units))


def _paragraphs(knowledge: Knowledge) -> tuple[Strings, dict[str, int]]:
    folded: list[str] = []
    first: dict[str, int] = {}
    for aid, article in knowledge.articles.items():
        first[aid] = len(folded)
        folded.extend(_nearby(article, p.number) for p in article.paragraphs)
    return Strings(folded), first


def _lookups(knowledge: Knowledge, units: list[Unit]) -> tuple[Lookup, Lookup, Lookup]:
    exact: dict[str, int] = {}
    by_sentence: dict[str, int] = {}
    by_id: dict[str, int] = {}
    pairs = sorted((i for i, u in enumerate(units) if u.kind == "pair"), key=lambda i: not units[i].curated)
    for i in pairs:
        for phrasing in units[i].text.split("\n"):
            exact.setdefault(squash(phrasing), i)
    for i, unit in enumerate(units):
        if unit.kind == "pair":
            by_sentence.setdefault(_sentence_key(unit), i)
            by_id[_sid(knowledge.pairs[unit.pair].id)] = i
    return Lookup(exact), Lookup(by_sentence), Lookup(by_id)


def _question(pair: Unit) -> str:
    return pair.text.split("\n", 1)[0]  # a pair unit's text is its question, then its alternatives


def _sentence_key(unit: Unit) -> str:
    return f"{unit.article}#{unit.paragraph}.{unit.sentence}"


def _sid(pair_id: str) -> str:
    """A suggestion button's id: the pair's id, or a short hash of it when too long for callback_data."""
    if pair_id.isascii() and len(pair_id) <= 40:
        return pair_id
    return "h" + hashlib.sha1(pair_id.encode()).hexdigest()[:12]


_WHO_IS = re.compile(r"([\u4e00-\u9fff]{2,4})是谁？")


def _with_people(lexicon: Lexicon, knowledge: Knowledge) -> Lexicon:
    """The people the question generator found ("洪银花是谁？"), as names and as the persons.

    jieba's guesses miss some names (洪银花 is cut into 洪 / 银花) and take words for people
    (文明, 洪水, 区恒立 of 奉化区恒立计时); the generator accepts a name only after a role word, a
    nickname or an election, and a name is usually introduced so once in a story.
    """
    people = frozenset(m.group(1) for p in knowledge.pairs
                       if p.kind == "person" and (m := _WHO_IS.fullmatch(p.question)))
    return replace(lexicon, names=lexicon.names | people, persons=people)


def _context(article: Article) -> str:
    """What every sentence of an article is about: its title, and the union (or place) the story is
    about when the title does not name it ("灾后自救战 泛起“工会蓝”" is about 建德市总工会)."""
    subject = article_context(article).subject()
    return article.full_title if subject in article.full_title else f"{article.full_title} {subject}"


def _nearby(article: Article, number: int) -> str:
    # The previous paragraph often names who and where this one is about.
    return squash("".join(p.text for p in (article.paragraph(number - 1), article.paragraph(number)) if p))


def _finish_units(units: list[Unit], articles: dict[str, str], lexicon: Lexicon) -> list[Unit]:
    """Fold each unit's text once, and note which answers name a person (for who-questions)."""
    names = sorted(lexicon.persons, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, names))) if names else None
    in_article = {aid: set(pattern.findall(text)) if pattern else set() for aid, text in articles.items()}
    meant = _antecedents(units, pattern)
    out = []
    for i, u in enumerate(units):
        answer = squash(u.answer)
        pair = u.kind == "pair"
        out.append(u._replace(person=any(p in u.answer for p in in_article.get(u.article, ())),
                              folded=squash(u.text + u.answer) if pair else answer + squash(meant.get(i, "")),
                              head=squash(u.text.split("\n")[0]) if pair else "", answer_folded=answer))
    return out


_HE_SHE = re.compile(r"(?<![其吉利])[他她](?!们|人)")


def _antecedents(units: list[Unit], people: re.Pattern[str] | None) -> dict[int, str]:
    """Who "他"/"她" is in a sentence that names nobody: the last person named before it in the article.

    "作为首批第二小组成员，他…被分配到…包装岗位上" follows "副主席许炳感慨道…": asked "许炳被分配到
    什么岗位", the sentence must count as naming 许炳 (only for matching: the answer stays verbatim).
    """
    out: dict[int, str] = {}
    last: dict[str, str] = {}
    for i, unit in enumerate(units):
        if unit.kind != "sentence" or people is None:
            continue
        named = people.findall(unit.text)
        if named:
            last[unit.article] = named[-1]
        elif unit.article in last and _HE_SHE.search(unit.text):
            out[i] = last[unit.article]
    return out


def fingerprint(directory: Path) -> str:
    """Identifies this version of the knowledge (and of the code that indexes it)."""
    digest = hashlib.sha256(f"{__version__}/{_CACHE_FORMAT}".encode())
    for path in sorted(directory.rglob("*.yaml")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        digest.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _unpickle(fh: BinaryIO) -> object:
    # Unpickling allocates millions of small objects; the cyclic collector only slows it down.
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        gc.enable()


def _cache_dir() -> Path:
    return Path(os.environ.get("UNIONBOT_CACHE_DIR", Path.home() / ".cache" / "unionbot"))


def _load_built(directory: Path, cache: Path | None, key: str) -> _Built:
    # The image's cache dir is read-only; an edited knowledge base is then cached in $TMPDIR.
    places = [(cache or _cache_dir()) / f"kb-{key}.pickle", Path(tempfile.gettempdir()) / f"unionbot-kb-{key}.pickle"]
    for path in places:
        try:
            with path.open("rb") as fh:
                built = _unpickle(fh)
            if isinstance(built, _Built):
                return built
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            continue  # no usable cache here
    built = build(load_knowledge(directory))
    for path in places:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            break
        except OSError:
            continue  # read-only: try the next place, or answer without a cache
    return built


# Second stage of the confidence model, fitted by benchmarks/calibrate.py at the level of a whole
# question: the best candidate's confidence, raised when another candidate cites the same sentence
# (a generated pair and its source sentence agree) and lowered when a candidate from another
# paragraph is nearly as good (the question is ambiguous).
DECISION = {
    "bias": 1.07,
    "top": 1.54,
    "agree": 0.27,
    "rival": -0.2,
}


def decision_features(ranked: list[tuple[float, Unit]]) -> dict[str, float]:
    top, unit = ranked[0]
    key = (unit.article, unit.paragraph, unit.sentence)
    agree = max((s for s, u in ranked[1:] if unit.sentence and (u.article, u.paragraph, u.sentence) == key),
                default=0.0)
    rival = max((s for s, u in ranked[1:] if (u.article, u.paragraph) != (unit.article, unit.paragraph)),
                default=0.0)
    top = min(max(top, 1e-6), 1 - 1e-6)
    return {"bias": 1.0, "top": math.log(top / (1 - top)), "agree": agree, "rival": rival}


def decide(ranked: list[tuple[float, Unit]]) -> float:
    """Probability that the best candidate is a right answer to the question."""
    if ranked[0][0] <= 0.0:
        return 0.0
    z = sum(DECISION[name] * value for name, value in decision_features(ranked).items())
    return 1.0 / (1.0 + math.exp(-z))


class Engine:
    """Answers questions from one loaded version of the knowledge base."""

    def __init__(self, built: _Built, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.source = ""  # the fingerprint of the directory it was loaded from (see Engine.load)
        self.knowledge = built.knowledge
        self.units = built.units
        self.index = built.index
        self.lexicon = built.lexicon
        self.folded_articles = built.articles
        self.contexts = built.titles  # what each article is about (title and union), folded
        self.threshold = threshold
        self._built = built
        add_words((name, "nz") for name in self.lexicon.names)

    @classmethod
    def load(cls, directory: Path, *, threshold: float = DEFAULT_THRESHOLD,
             cache_dir: Path | None = None) -> Engine:
        """Load ``directory`` (raises KnowledgeError with check's messages when it is invalid)."""
        init_jieba(cache_dir)
        key = fingerprint(directory)
        engine = cls(_load_built(directory, cache_dir, key), threshold=threshold)
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
        if not squash(question):
            return Answer(question, False, reason="empty")
        if _CHITCHAT.match(squash(question)):
            return Answer(question, False, reason="chitchat")
        if not re.search(r"[^\W\d_]", squash(question)):
            return Answer(question, False, reason="not_covered")  # only digits: nothing to look up
        exact = self._exact(squash(question))
        if exact is not None:
            answer = self._answer(exact, question, 1.0, None)
            if not related:
                return answer
            ranked = self._rank(read_query(question[:MAX_ANALYSED], self.lexicon))
            return replace(answer, suggestions=self._suggest(ranked, skip=exact))
        query = read_query(question[:MAX_ANALYSED], self.lexicon)
        ranked = self._rank(query)
        if not ranked or ranked[0][0] <= 0.0:
            return Answer(question, False, reason="not_covered")
        unit = ranked[0][1]
        score = decide(ranked)
        if score < self.threshold:
            return Answer(question, False, score=score, reason="unsure",
                          suggestions=self._suggest(ranked, skip=None))
        answer = self._answer(unit, question, score, query)
        return replace(answer, suggestions=self._suggest(ranked[1:], skip=unit)) if related else answer

    def search(self, question: str, *, limit: int = 5) -> list[Answer]:
        """Up to ``limit`` answers above the threshold, best first (inline mode)."""
        query = read_query(question[:MAX_ANALYSED], self.lexicon)
        seen: set[tuple[str, int]] = set()
        out: list[Answer] = []
        for score, unit in self._rank(query):
            if score < CARD_FLOOR or (unit.article, unit.paragraph) in seen:
                continue
            seen.add((unit.article, unit.paragraph))
            out.append(self._answer(unit, question, score, query))
            if len(out) == limit:
                break
        return out

    def answer_id(self, suggestion_id: str) -> Answer | None:
        """The answer behind a suggestion button, or None when the id is unknown (e.g. after reload)."""
        row = self._built.by_id.get(suggestion_id)
        unit = self.units[row] if row is not None else None
        if unit is None or _sid(self._built.pairs.pair_id(unit.pair)) != suggestion_id:
            return None  # unknown (e.g. made before a reload), or another id's hash
        question = _question(unit)
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

    def evidence(self, query: Query) -> list[tuple[Evidence, Unit]]:
        """The index's candidates for ``query``, each with the evidence that it answers it."""
        query_terms = terms(query.text) + [t for w in self.lexicon.expand(query.text) for t in terms(w)]
        hits = self.index.search(self.index.selective(query_terms, budget=POSTINGS), limit=CANDIDATES)
        best = hits[0][1] if hits else 1.0
        # Weighing a candidate in full costs far more than this first look at its own words.
        units = [self.units[doc] for doc, _ in hits]
        looks = [(first_look(query, unit), unit, bm25) for unit, (_, bm25) in zip(units, hits, strict=True)]
        looks.sort(key=lambda look: -(look[0][0] + 0.5 * look[2] / best))
        around: dict[tuple[str, int], Surroundings] = {}
        out: list[tuple[Evidence, Unit]] = []
        for (_, mine), unit, bm25 in looks[:WEIGHED]:
            title = self.contexts.get(unit.article)
            if title is None:
                continue
            key = (unit.article, unit.paragraph)
            if key not in around:
                around[key] = surroundings(query, context=title, paragraph=self._nearby(*key),
                                           article_text=self.folded_articles.get(unit.article, ""))
            out.append((weigh(query, unit, around[key], lexicon=self.lexicon, retrieval=bm25 / best, mine=mine),
                        unit))
        return out

    def _rank(self, query: Query) -> list[tuple[float, Unit]]:
        scored: list[tuple[float, Unit]] = []
        for evidence, unit in self.evidence(query):
            score = confidence(evidence)
            scored.append((score + (0.05 if unit.curated and score > 0 else 0.0), unit))
        scored.sort(key=lambda su: (-su[0], su[1].kind != "pair"))
        return [(min(s, 1.0), u) for s, u in scored]

    def _answer(self, unit: Unit, question: str, score: float, query: Query | None) -> Answer:
        article = self.knowledge.articles[unit.article]
        para = article.paragraph(unit.paragraph)
        text = unit.answer if unit.kind == "pair" or query is None else trim(unit.answer, query, self.lexicon)
        truncated = bool(para and para.truncated and para.sentences and unit.answer == para.sentences[-1])
        citation = Citation(article.full_title, article.byline, article.id, unit.paragraph, article.file)
        matched = _question(unit) if unit.kind == "pair" else unit.text
        return Answer(question, True, text, citation, score, matched, (),
                      self._sid(unit) if unit.kind == "pair" else f"{unit.article}#p{unit.paragraph}",
                      para.text if para else "", truncated)

    def _suggest(self, ranked: Iterable[tuple[float, Unit]], *, skip: Unit | None) -> tuple[Suggestion, ...]:
        out: dict[str, Suggestion] = {}
        for score, unit in ranked:
            if score < SUGGEST_FLOOR or len(out) == 3:
                break
            pair_unit = unit if unit.kind == "pair" else self._pair_of(unit)
            if pair_unit is None or pair_unit == skip:
                continue
            question = _question(pair_unit)
            out.setdefault(question, Suggestion(self._sid(pair_unit), question))
        return tuple(out.values())

    def _sid(self, unit: Unit) -> str:
        return _sid(self._built.pairs.pair_id(unit.pair))

    def _exact(self, folded: str) -> Unit | None:
        """The pair one of whose phrasings is exactly the question."""
        row = self._built.exact.get(folded)
        unit = self.units[row] if row is not None else None
        if unit is None or folded not in (squash(p) for p in unit.text.split("\n")):
            return None
        return unit

    def _pair_of(self, sentence: Unit) -> Unit | None:
        """The first pair made from ``sentence``, if any."""
        row = self._built.by_sentence.get(_sentence_key(sentence))
        unit = self.units[row] if row is not None else None
        if unit is None or _sentence_key(unit) != _sentence_key(sentence):
            return None
        return unit

    def _nearby(self, article: str, paragraph: int) -> str:
        first = self._built.first_paragraph.get(article)
        return self._built.paragraphs[first + paragraph - 1] if first is not None and paragraph >= 1 else ""


_SHOWN_SLOTS = frozenset({"quantity", "date", "person", "role", "duration", "colour"})
_CLAUSE = re.compile(r"[^,，;；:：]+[,，;；:：]?")
TRIM_AT = 90


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
