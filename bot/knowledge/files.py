"""One knowledge file's node tree → typed entries with their locations, or problems.

Only what can be judged inside a single file is checked here (types, required and unknown keys,
empty texts, paragraph numbering); checks across files live in :mod:`bot.knowledge.load`. An entry with
any problem is dropped so that later checks do not pile follow-up errors on top of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.errors import Problem
from bot.core.model import Article, Paragraph, QAPair, Source
from bot.knowledge.fields import FieldReader, Loc
from bot.knowledge.nodes import describe, is_null

KNOWN_VERSION = 1
TOP_KEYS = ("version", "generated", "seed", "articles", "qa", "synonyms", "hide", "override")
ARTICLE_KEYS = ("id", "kickers", "title", "subtitles", "byline", "reporters", "correspondents", "date", "paragraphs")
PARAGRAPH_KEYS = ("n", "kind", "truncated", "sentences")
PAIR_KEYS = ("id", "question", "alternatives", "answer", "source", "kind", "tags")
SOURCE_KEYS = ("article", "paragraph", "sentence")
OVERRIDE_KEYS = ("id", "question", "answer", "alternatives")


@dataclass(frozen=True)
class PairEntry:
    pair: QAPair
    at: Loc  # the pair's id
    question_at: Loc
    article_at: Loc
    paragraph_at: Loc
    sentence_at: Loc | None


@dataclass(frozen=True)
class OverrideEntry:
    id: str
    at: Loc
    question: str | None
    answer: str | None
    alternatives: tuple[str, ...] | None


@dataclass
class FileEntries:
    """Everything one file contributes; ``sections`` are the top-level list keys it holds."""

    file: str
    generated: bool = False
    readable: bool = True
    sections: list[str] = field(default_factory=list)
    articles: list[tuple[Article, Loc]] = field(default_factory=list)
    pairs: list[PairEntry] = field(default_factory=list)
    synonyms: list[tuple[str, ...]] = field(default_factory=list)
    hides: list[tuple[str, Loc]] = field(default_factory=list)
    overrides: list[OverrideEntry] = field(default_factory=list)


def parse_file(root: Node | None, file: str, problems: list[Problem]) -> FileEntries:
    """Read one file's root node (None: empty file); problems are appended to ``problems``."""
    r = FieldReader(file, problems)
    entries = FileEntries(file, readable=False)
    if root is None:
        r.report_line(1, f"the file is empty; it must start with 'version: {KNOWN_VERSION}'")
        return entries
    if not isinstance(root, MappingNode):
        r.report(root, f"the file must be a mapping of keys like 'version: 1', got {describe(root)}")
        return entries
    fields = r.fields(root)
    if "version" not in fields:
        r.report(root, f"missing required key 'version' (add 'version: {KNOWN_VERSION}' at the top)")
        return entries
    version = r.number(fields, "version")
    if version != KNOWN_VERSION:
        if version is not None:
            r.report(fields["version"][1],
                     f"unknown format version {version} (this bot reads version {KNOWN_VERSION})")
        return entries  # another version may mean anything: judge nothing else
    r.unknown_keys(fields, TOP_KEYS)
    entries.readable = True
    entries.generated = r.flag(fields, "generated") is True
    seed = r.text(fields, "seed", required=False) or file.rsplit("/", 1)[-1]
    entries.sections = [key for key in TOP_KEYS[3:] if key in fields]
    entries.articles = r.items(fields, "articles", lambda n, i: _article(r, n, i, seed))
    entries.pairs = r.items(fields, "qa", lambda n, i: _pair(r, n, i, generated=entries.generated))
    entries.synonyms = r.items(fields, "synonyms", lambda n, i: _synonym_group(r, n, i))
    entries.hides = r.items(fields, "hide", lambda n, i: _hide(r, n, i))
    entries.overrides = r.items(fields, "override", lambda n, i: _override(r, n, i))
    return entries


def _article(r: FieldReader, node: Node, index: int, seed: str) -> tuple[Article, Loc] | None:
    before = len(r.problems)
    f = r.mapping(node, what=f"'articles' item {index}", known=ARTICLE_KEYS,
                  required=("id", "title", "paragraphs"))
    if f is None:
        return None
    article_id, title = r.text(f, "id"), r.text(f, "title")
    byline, date = r.text(f, "byline", required=False), r.text(f, "date", required=False)
    kickers, subtitles, reporters = r.texts(f, "kickers"), r.texts(f, "subtitles"), r.texts(f, "reporters")
    correspondents = r.texts(f, "correspondents")
    paragraphs = tuple(r.items(f, "paragraphs", lambda n, i: _paragraph(r, n, i)))
    if "paragraphs" in f and not paragraphs and len(r.problems) == before:
        r.report(f["paragraphs"][1], "the article has no paragraphs")
    if article_id is None or title is None or len(r.problems) > before:
        return None
    article = Article(id=article_id.strip(), file=seed, title=title, subtitles=subtitles,
                      byline=byline or "", reporters=reporters, correspondents=correspondents,
                      paragraphs=paragraphs, date=date, kickers=kickers)
    return article, r.at(f, "id")


def _paragraph(r: FieldReader, node: Node, index: int) -> Paragraph | None:
    before = len(r.problems)
    f = r.mapping(node, what=f"'paragraphs' item {index}", known=PARAGRAPH_KEYS, required=("n", "sentences"))
    if f is None:
        return None
    number, truncated = r.number(f, "n"), r.flag(f, "truncated")
    kind = r.text(f, "kind", required=False) or "text"
    if number is not None and number != index:
        r.report(f["n"][1], f"paragraph number {number} is out of order (expected {index})")
    if kind not in ("text", "heading"):
        r.report(f["kind"][1], f"'kind' must be 'text' or 'heading', got '{kind}'")
    reported = len(r.problems)
    sentences = r.texts(f, "sentences")
    if "sentences" in f and not sentences and len(r.problems) == reported:
        r.report(f["sentences"][1], f"paragraph {index} has no sentences")
    if len(r.problems) > before:
        return None
    return Paragraph(number=index, text="".join(sentences), sentences=sentences,
                     kind="heading" if kind == "heading" else "text", truncated=truncated is True)


def _pair(r: FieldReader, node: Node, index: int, *, generated: bool) -> PairEntry | None:
    before = len(r.problems)
    f = r.mapping(node, what=f"'qa' item {index}", known=PAIR_KEYS,
                  required=("id", "question", "answer", "source"))
    if f is None:
        return None
    pair_id, question, answer = r.text(f, "id"), r.text(f, "question"), r.text(f, "answer")
    alternatives, tags = r.texts(f, "alternatives"), r.texts(f, "tags")
    kind = r.text(f, "kind", required=False) or "fact"
    source = _source(r, f["source"][1]) if "source" in f else None
    if pair_id is None or question is None or answer is None or source is None or len(r.problems) > before:
        return None
    pair = QAPair(id=pair_id.strip(), question=question.strip(), answer=answer.strip(), source=source[0],
                  alternatives=tuple(a.strip() for a in alternatives), tags=tuple(t.strip() for t in tags),
                  origin="generated" if generated else "curated", kind=kind.strip())
    _, article_at, paragraph_at, sentence_at = source
    return PairEntry(pair=pair, at=r.at(f, "id"), question_at=r.at(f, "question"), article_at=article_at,
                     paragraph_at=paragraph_at, sentence_at=sentence_at)


def _source(r: FieldReader, node: Node) -> tuple[Source, Loc, Loc, Loc | None] | None:
    if not isinstance(node, MappingNode):
        example = "{article: a1b2c3d4, paragraph: 3}"
        r.report(node, f"'source' must be a mapping like {example}, got {describe(node)}")
        return None
    before = len(r.problems)
    f = r.mapping(node, what="'source'", known=SOURCE_KEYS, required=("article", "paragraph"))
    if f is None:
        return None
    article, paragraph = r.text(f, "article"), r.number(f, "paragraph")
    sentence = r.number(f, "sentence") if "sentence" in f and not is_null(f["sentence"][1]) else None
    if article is None or paragraph is None or len(r.problems) > before:
        return None
    sentence_at = r.at(f, "sentence") if sentence is not None else None
    source = Source(article=article.strip(), paragraph=paragraph, sentence=sentence)
    return source, r.at(f, "article"), r.at(f, "paragraph"), sentence_at


def _synonym_group(r: FieldReader, node: Node, index: int) -> tuple[str, ...] | None:
    if not isinstance(node, SequenceNode):
        r.report(node, f"'synonyms' item {index} must be a list of words like [劳模, 劳动模范], "
                       f"got {describe(node)}")
        return None
    before = len(r.problems)
    words = tuple(w.strip() for w in r.strings(node, f"'synonyms' group {index}"))
    if len(r.problems) > before:
        return None
    if len(words) < 2:
        r.report(node, f"synonym group {index} has {len(words)} word{'' if len(words) == 1 else 's'}; "
                       "a group needs at least 2 words that mean the same")
        return None
    return words


def _hide(r: FieldReader, node: Node, index: int) -> tuple[str, Loc] | None:
    if not isinstance(node, ScalarNode) or is_null(node) or not str(node.value).strip():
        r.report(node, f"'hide' item {index} must be a Q&A pair id, got {describe(node)}")
        return None
    return str(node.value).strip(), r.loc(node)


def _override(r: FieldReader, node: Node, index: int) -> OverrideEntry | None:
    before = len(r.problems)
    f = r.mapping(node, what=f"'override' item {index}", known=OVERRIDE_KEYS, required=("id",))
    if f is None:
        return None
    pair_id, question, answer = r.text(f, "id"), r.text(f, "question"), r.text(f, "answer")
    alternatives = r.texts(f, "alternatives") if "alternatives" in f else None
    if pair_id is None or len(r.problems) > before:
        return None
    if question is None and answer is None and alternatives is None:
        r.report(f["id"][1], f"override of '{pair_id.strip()}' changes nothing; "
                             "add 'question', 'answer' or 'alternatives'")
        return None
    return OverrideEntry(id=pair_id.strip(), at=r.at(f, "id"), question=question and question.strip(),
                         answer=answer and answer.strip(),
                         alternatives=None if alternatives is None else tuple(a.strip() for a in alternatives))
