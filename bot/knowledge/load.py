"""The knowledge files under ``knowledge/``: load them, check them, write the generated ones.

Operators edit ``knowledge/curated/*.yaml`` by hand, so every mistake becomes a
``file:line: message`` :class:`~bot.core.errors.Problem` and :func:`load_knowledge` raises nothing but
:class:`~bot.core.errors.KnowledgeError`. Every ``*.yaml`` below the directory is read (sorted, dot
directories skipped); each file may hold any section, and the loader dispatches on the keys.
See ``knowledge/README.md`` for the format.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.core.errors import KnowledgeError, Problem
from bot.core.model import Article, Knowledge
from bot.knowledge.fields import Loc
from bot.knowledge.files import FileEntries, OverrideEntry, PairEntry, parse_file
from bot.knowledge.nodes import read_yaml


@dataclass
class _Scan:
    problems: list[Problem]
    files: list[FileEntries]
    knowledge: Knowledge


def load_knowledge(directory: Path) -> Knowledge:
    """Everything under ``directory``; raises KnowledgeError listing every problem found."""
    scan = _scan(directory)
    if scan.problems:
        raise KnowledgeError(scan.problems)
    return scan.knowledge


def check_knowledge(directory: Path) -> tuple[list[Problem], list[str]]:
    """All problems (sorted by file and line) and one summary line per file."""
    scan = _scan(directory)
    return sorted(scan.problems), [_summary(entries) for entries in scan.files]


def _scan(directory: Path) -> _Scan:
    scan = _Scan(problems=[], files=[], knowledge=Knowledge())
    if not directory.is_dir():
        scan.problems.append(Problem(file=str(directory), line=0, message="the knowledge directory does not exist"))
        return scan
    for path, file in _files(directory):
        if path.suffix == ".yml":
            message = f"only .yaml files are read; rename it to {path.stem}.yaml"
            scan.problems.append(Problem(file=file, line=1, message=message))
            continue
        _, root, problems = read_yaml(path, file)
        if problems:
            scan.problems.extend(problems)
            scan.files.append(FileEntries(file, readable=False))
        else:
            scan.files.append(parse_file(root, file, scan.problems))
    scan.knowledge = _assemble(scan.files, scan.problems)
    return scan


def fingerprint(directory: Path) -> str:
    """Identifies this version of the knowledge: a hash of the name and bytes of every file that
    :func:`load_knowledge` reads (without parsing them: this is what tells a cache hit)."""
    digest = hashlib.sha256()
    for path, _ in _files(directory):
        name = path.relative_to(directory).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()[:24]


def _files(directory: Path) -> list[tuple[Path, str]]:
    """(path, name shown in messages) of every knowledge file, sorted."""
    shown = _shown(directory)
    out = []
    for path in sorted(p for pattern in ("*.yaml", "*.yml") for p in directory.rglob(pattern)):
        relative = path.relative_to(directory)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            out.append((path, (shown / relative).as_posix()))
    return sorted(out, key=lambda item: item[1])


def _shown(directory: Path) -> Path:
    """The directory as the operator knows it: relative to the current directory when possible."""
    if directory.is_absolute():
        try:
            return directory.relative_to(Path.cwd())
        except ValueError:
            return directory
    return directory


def _assemble(files: list[FileEntries], problems: list[Problem]) -> Knowledge:
    articles = _unique_articles(files, problems)
    entries = [e for f in files if not f.generated for e in f.pairs] + \
              [e for f in files if f.generated for e in f.pairs]
    pairs = _unique_pairs(entries, problems)
    for entry in pairs.values():
        _check_source(entry, articles, problems)
    hidden = _hidden(files, pairs, problems)
    overrides = _overrides(files, pairs, hidden, problems)
    visible = [_apply(entry, overrides.get(entry.pair.id)) for entry in pairs.values()
               if entry.pair.id not in hidden]
    _check_conflicts(visible, problems)
    return Knowledge(articles={a.id: a for a, _ in articles.values()},
                     pairs=[entry.pair for entry in visible],
                     synonyms=[group for f in files for group in f.synonyms])


def _unique_articles(files: list[FileEntries], problems: list[Problem]) -> dict[str, tuple[Article, Loc]]:
    seen: dict[str, tuple[Article, Loc]] = {}
    for article, at in (item for f in files for item in f.articles):
        if article.id in seen:
            problems.append(_duplicate(article.id, at, seen[article.id][1]))
        else:
            seen[article.id] = (article, at)
    return seen


def _unique_pairs(entries: list[PairEntry], problems: list[Problem]) -> dict[str, PairEntry]:
    seen: dict[str, PairEntry] = {}
    for entry in entries:
        if entry.pair.id in seen:
            problems.append(_duplicate(entry.pair.id, entry.at, seen[entry.pair.id].at))
        else:
            seen[entry.pair.id] = entry
    return seen  # dicts keep insertion order: curated pairs stay first


def _duplicate(identifier: str, at: Loc, first: Loc) -> Problem:
    return Problem(file=at.file, line=at.line, message=f"duplicate id '{identifier}' (first defined at {first})")


def _check_source(entry: PairEntry, articles: dict[str, tuple[Article, Loc]],
                  problems: list[Problem]) -> None:
    source = entry.pair.source
    if source.article not in articles:
        problems.append(_at(entry.article_at, f"source article '{source.article}' does not exist"))
        return
    article = articles[source.article][0]
    paragraph = article.paragraph(source.paragraph)
    if paragraph is None:
        has = _plural(len(article.paragraphs), "paragraph")
        problems.append(_at(entry.paragraph_at, f"source paragraph {source.paragraph} does not exist in "
                                                f"article '{article.id}' (it has {has})"))
    elif source.sentence is not None and not 1 <= source.sentence <= len(paragraph.sentences):
        has = _plural(len(paragraph.sentences), "sentence")
        problems.append(_at(entry.sentence_at or entry.paragraph_at,
                            f"source sentence {source.sentence} does not exist in paragraph "
                            f"{source.paragraph} of article '{article.id}' (it has {has})"))


def _hidden(files: list[FileEntries], pairs: dict[str, PairEntry], problems: list[Problem]) -> dict[str, Loc]:
    hidden: dict[str, Loc] = {}
    for identifier, at in (item for f in files for item in f.hides):
        if identifier not in pairs:
            problems.append(_at(at, f"cannot hide '{identifier}': no Q&A pair has this id"))
        hidden.setdefault(identifier, at)
    return hidden


def _overrides(files: list[FileEntries], pairs: dict[str, PairEntry], hidden: dict[str, Loc],
               problems: list[Problem]) -> dict[str, OverrideEntry]:
    out: dict[str, OverrideEntry] = {}
    for entry in (item for f in files for item in f.overrides):
        if entry.id not in pairs:
            problems.append(_at(entry.at, f"cannot override '{entry.id}': no Q&A pair has this id"))
        elif entry.id in out:
            problems.append(_at(entry.at, f"'{entry.id}' is already overridden at {out[entry.id].at}; "
                                          "merge the two overrides"))
        elif entry.id in hidden:
            problems.append(_at(entry.at, f"'{entry.id}' is also hidden at {hidden[entry.id]}; "
                                          "keep either the hide or the override"))
        else:
            out[entry.id] = entry
    return out


def _apply(entry: PairEntry, override: OverrideEntry | None) -> PairEntry:
    if override is None:
        return entry
    pair = entry.pair
    pair = dataclasses.replace(
        pair,
        question=override.question if override.question is not None else pair.question,
        answer=override.answer if override.answer is not None else pair.answer,
        alternatives=override.alternatives if override.alternatives is not None else pair.alternatives,
    )
    return dataclasses.replace(entry, pair=pair)


def _check_conflicts(entries: list[PairEntry], problems: list[Problem]) -> None:
    """A curated question asked again elsewhere with another answer: which one should win?"""
    groups: dict[str, list[PairEntry]] = {}
    for entry in entries:
        groups.setdefault(_fold(entry.pair.question), []).append(entry)
    for group in groups.values():
        first = group[0]  # curated pairs come first, so a curated pair leads any group that has one
        others = [e for e in group[1:] if _fold(e.pair.answer) != _fold(first.pair.answer)]
        blamed = [(e, first) for e in others if e.pair.origin == "curated"]
        generated = [e for e in others if e.pair.origin == "generated"]
        if first.pair.origin == "curated" and generated:
            blamed.append((first, generated[0]))
        problems.extend(_conflict(entry, other) for entry, other in blamed)


def _conflict(entry: PairEntry, other: PairEntry) -> Problem:
    fix = (f"give both the same answer, or hide '{other.pair.id}'" if other.pair.origin == "generated"
           else "keep only one of them")
    return _at(entry.question_at, f"question '{entry.pair.question}' is also asked at {other.question_at} "
                                  f"(id '{other.pair.id}') with a different answer; {fix}")


_IGNORED = re.compile(r"\s+")


def _fold(text: str) -> str:
    """The form in which two questions count as the same: NFKC, no spaces or punctuation, any case."""
    text = _IGNORED.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "S")))


def _at(at: Loc, message: str) -> Problem:
    return Problem(file=at.file, line=at.line, message=message)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _summary(entries: FileEntries) -> str:
    if not entries.readable:
        return f"{entries.file}: not read (see the problems above)"
    parts: list[str] = []
    if "articles" in entries.sections:
        paragraphs = sum(len(article.paragraphs) for article, _ in entries.articles)
        parts += [_plural(len(entries.articles), "article"), _plural(paragraphs, "paragraph")]
    if "qa" in entries.sections:
        parts.append(_plural(len(entries.pairs), "Q&A pair"))
    if "synonyms" in entries.sections:
        parts.append(_plural(len(entries.synonyms), "synonym group"))
    if "hide" in entries.sections:
        parts.append(_plural(len(entries.hides), "hidden pair"))
    if "override" in entries.sections:
        parts.append(_plural(len(entries.overrides), "override"))
    return f"{entries.file}: {', '.join(parts) or 'nothing'}"
