"""How a file was read, for a person: the text ``python -m bot inspect`` prints."""

from __future__ import annotations

from bot.core.model import Article
from bot.ingest.accounting import Reading, account

FIRST_WORDS = 24  # characters of an article's text shown after its head


def describe(reading: Reading, shown: str) -> list[str]:
    """Lines describing ``reading``; ``shown`` is the file as the operator named it."""
    counts = account(reading)
    share = 100.0 * (counts.in_articles + counts.set_aside) / counts.total if counts.total else 100.0
    lines = [f"{shown}: {_plural(len(reading.articles), 'article')}, "
             f"{_plural(len(reading.set_aside), 'piece')} set aside, {_plural(len(reading.doubts), 'doubt')}"]
    for number, (article, line) in enumerate(zip(reading.articles, reading.starts, strict=True), start=1):
        lines.extend(_article(number, line, article))
    if reading.set_aside:
        lines.append("  set aside:")
        lines.extend(f"    line {piece.line}  {piece.reason}: {' '.join(piece.text.split())}"
                     for piece in reading.set_aside)
    if reading.doubts:
        lines.append("  doubts:")
        lines.extend(f"    {shown}:{doubt.line}: {doubt.message}" for doubt in reading.doubts)
    lines.append(f"  characters: {counts.total} in the file = {counts.in_articles} in articles + "
                 f"{counts.set_aside} set aside ({share:.1f} % accounted for)")
    if not counts.complete:
        lines.append(f"  NOT accounted for: {''.join(sorted(counts.missing.elements()))}"
                     f"{' / extra: ' + ''.join(sorted(counts.extra.elements())) if counts.extra else ''}")
    return lines


def _article(number: int, line: int, article: Article) -> list[str]:
    headings = sum(p.kind == "heading" for p in article.paragraphs)
    text = next((p.text for p in article.paragraphs if p.kind == "text"), article.paragraphs[0].text)
    first = text if len(text) <= FIRST_WORDS else text[:FIRST_WORDS] + "…"
    count = _plural(len(article.paragraphs), "paragraph") + (f" ({_plural(headings, 'heading')})" if headings else "")
    kickers = "".join(f"{kicker} / " for kicker in article.kickers)
    subtitles = "".join(f" / {subtitle}" for subtitle in article.subtitles)
    return [f"  {number}. line {line}  {kickers}《{article.title}》{subtitles}",
            f"     byline: {article.byline or '(none)'} · {count} · {first}"]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
