"""``build``: seed pages → articles → generated Q&A pairs → ``knowledge/generated/*.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.core.model import Article
from bot.ingest.pages import load_seeds
from bot.knowledge.write import remove_stale_generated, write_generated
from bot.nlp.text import init_nlp
from bot.qgen.generate import generate_pairs


@dataclass
class BuildReport:
    lines: list[str] = field(default_factory=list)  # what was built, for a person
    errors: list[str] = field(default_factory=list)  # one line per seed that could not be built


def build_knowledge(seeds: Path, kb: Path) -> BuildReport:
    """Rebuild every generated file; a failed seed keeps its previous generated file."""
    init_nlp()  # jieba's own dictionary: generated questions never depend on a loaded knowledge base
    report = BuildReport()
    if not seeds.is_dir():
        report.errors.append(f"{seeds}: no such directory; put the seed pages (*.txt) there")
        return report
    articles, report.errors = load_seeds(seeds)
    by_file: dict[str, list[Article]] = {}
    for article in articles:
        by_file.setdefault(article.file, []).append(article)
    for file, group in sorted(by_file.items()):
        pairs = []
        report.lines.append(f"{file}: {len(group)} articles")
        for article in group:
            generated = generate_pairs(article)
            pairs.extend(generated)
            report.lines.append(f"  {len(generated):4d} pairs  《{article.title}》")
        path = write_generated(kb, seed=file, articles=group, pairs=pairs)
        report.lines.append(f"  wrote {path} ({len(pairs)} pairs)")
    keep = {Path(p.name).stem for p in seeds.glob("*.txt")}
    for stale in remove_stale_generated(kb, keep=keep):
        report.lines.append(f"removed {stale} (its seed page is gone)")
    return report
