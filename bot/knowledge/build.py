"""``build``: seed files → articles → generated Q&A pairs → ``knowledge/generated/*.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest.accounting import Reading, account
from bot.ingest.formats import is_skipped
from bot.ingest.pages import read_seeds
from bot.knowledge.write import remove_stale_generated, write_generated
from bot.nlp.text import init_nlp
from bot.qgen.generate import generate_pairs

_CLIP = 40  # characters of a set-aside piece shown by build (inspect shows all of it)


@dataclass
class BuildReport:
    lines: list[str] = field(default_factory=list)  # what was built, for a person
    errors: list[str] = field(default_factory=list)  # one line per seed that could not be built
    warnings: list[str] = field(default_factory=list)  # `file:line: doubt` where a split may be wrong


def build_knowledge(seeds: Path, kb: Path) -> BuildReport:
    """Rebuild every generated file; a failed seed keeps its previous generated file."""
    init_nlp()  # jieba's own dictionary: generated questions never depend on a loaded knowledge base
    report = BuildReport()
    if not seeds.is_dir():
        report.errors.append(f"{seeds}: no such directory; put the seed files (.txt, .md, .docx, .doc, .html) there")
        return report
    read = read_seeds(seeds)
    report.errors = read.errors
    stems: dict[str, str] = {}
    for reading in read.readings:
        stem = Path(reading.file).stem
        if stem in stems:
            report.errors.append(f"{seeds / reading.file}: {stems[stem]} has the same name; rename one of them "
                                 "(each seed file is built into knowledge/generated/<name>.yaml)")
            continue
        stems[stem] = reading.file
        _build_file(seeds, kb, reading, report)
    keep = {Path(p.name).stem for p in seeds.iterdir() if not is_skipped(p)}
    for stale in remove_stale_generated(kb, keep=keep):
        report.lines.append(f"removed {stale} (its seed page is gone)")
    return report


def _build_file(seeds: Path, kb: Path, reading: Reading, report: BuildReport) -> None:
    counts = account(reading)
    articles = f"{len(reading.articles)} article{'s' if len(reading.articles) != 1 else ''}"
    report.lines.append(f"{reading.file}: {articles}; {counts.total} characters: "
                        f"{counts.in_articles} in articles, {counts.set_aside} set aside")
    pairs = []
    for article in reading.articles:
        generated = generate_pairs(article)
        pairs.extend(generated)
        report.lines.append(f"  {len(generated):4d} pairs  《{article.title}》")
    for piece in reading.set_aside:
        text = " ".join(piece.text.split())
        shown = text if len(text) <= _CLIP else text[: _CLIP - 1] + "…"
        report.lines.append(f"  set aside  {seeds / reading.file}:{piece.line}  {piece.reason}: {shown}")
    report.warnings.extend(f"{seeds / reading.file}:{doubt.line}: {doubt.message}" for doubt in reading.doubts)
    path = write_generated(kb, seed=reading.file, articles=reading.articles, pairs=pairs)
    report.lines.append(f"  wrote {path} ({len(pairs)} pairs)")
