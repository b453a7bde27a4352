"""Seed files never seen before: do stories come out of them whole, with their titles and bylines?

    python benchmarks/ingest_fresh.py        # .txt, .docx (.doc) and saved web pages of the fresh stories

The stories are ``benchmarks/data/union_fresh.jsonl`` (written after the model was fitted, never
fitted on). Each is written as an operator would drop it into ``seeds/``: a ``.txt`` (title, blank
line, paragraphs) and a ``.docx`` (the title as a heading, in bold or plain; every other one with a
page header and footer), and that ``.docx`` saved again as a Word 97–2003 ``.doc`` when LibreOffice
(``soffice``) is installed; ``benchmarks/data/pages/`` holds 40 of them as web pages saved from ten
kinds of site (``pages.jsonl`` says which; the last 16, of four kinds, were written by someone who
had not seen the code and were measured before anything was changed for them). A file is right when
it gives exactly one article, with the story's title, holding every sentence of the story and
nothing else; a sentence the story opens or closes with may go to the byline instead. Printed per
form and per kind of site, with each wrong file and why. Last, pages of eight stories each, one
after another with no kit byline (a page cut from a paper): a story is found when an article of its
page has its title.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bot.ingest.pages import read_file  # noqa: E402

STORIES = HERE / "data" / "union_fresh.jsonl"
PAGES = HERE / "data" / "pages"
_SENTENCE = re.compile(r"(?<=[。！？!?])")


def squash(text: str) -> str:
    return "".join(text.split())


def as_txt(story: dict[str, str]) -> str:
    """A story as a seed file holds it: its title, a blank line, its paragraphs apart by blank lines."""
    return story["title"] + "\n\n" + story["text"].replace("\n", "\n\n")


def verdict(path: Path, story: dict[str, str]) -> str:
    """"" when ``path`` gives the story exactly, else what is wrong."""
    articles = read_file(path).articles
    if len(articles) != 1:
        return f"{len(articles)} articles: " + " / ".join(a.title for a in articles)
    article = articles[0]
    if article.title != story["title"]:
        return f"title {article.title!r}"
    got = [squash(s) for p in article.paragraphs for s in p.sentences]
    text, byline = "".join(got), squash(article.byline)
    want = [squash(s) for line in story["text"].split("\n") for s in _SENTENCE.split(line) if s.strip()]
    missing = [s for s in want if s not in text and s not in byline and not (byline and byline in s)]
    body = squash(story["text"])
    extra = [s for s in got if s not in body]
    if missing or extra:
        return f"missing {[s[:20] for s in missing]} extra {[s[:20] for s in extra]}"
    return ""


def write_docx(path: Path, story: dict[str, str], style: int) -> None:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    if style % 2 == 0:
        document.sections[0].header.paragraphs[0].text = "市总工会宣传教育部"
        document.sections[0].footer.paragraphs[0].text = "第 1 页 共 1 页"
    if style % 3 == 0:
        document.add_heading(story["title"], level=1)
    elif style % 3 == 1:
        run = document.add_paragraph().add_run(story["title"])
        run.bold, run.font.size = True, Pt(18)
    else:
        document.add_paragraph(story["title"])
    for paragraph in story["text"].split("\n"):
        document.add_paragraph(paragraph)
    document.save(str(path))


def main() -> int:
    stories = {row["id"]: row for line in STORIES.read_text("utf-8").splitlines() if (row := json.loads(line))}
    sites = {row["file"]: row["site"] for line in (PAGES / "pages.jsonl").read_text("utf-8").splitlines()
             if (row := json.loads(line))}
    results: dict[str, Counter[bool]] = {}
    with tempfile.TemporaryDirectory(prefix="ingest.") as tmp:
        files: list[tuple[str, Path, dict[str, str]]] = []
        for n, (sid, story) in enumerate(stories.items()):
            txt = Path(tmp) / f"{sid}.txt"
            txt.write_text(as_txt(story) + "\n", encoding="utf-8")
            files.append((".txt", txt, story))
            write_docx(Path(tmp) / f"{sid}.docx", story, n)
            files.append((".docx", Path(tmp) / f"{sid}.docx", story))
        files += [(f"web page: {site}", PAGES / name, stories[name.removesuffix(".html")])
                  for name, site in sites.items()]
        files += _word97(files, Path(tmp))
        for form, path, story in files:
            wrong = verdict(path, story)
            results.setdefault(form, Counter())[not wrong] += 1
            if wrong:
                print(f"  {path.name}: {wrong}")
        found, others = _pages(list(stories.values()), Path(tmp))
    for form, counts in results.items():
        print(f"{form:40s} right {counts[True]:3d} / {counts[True] + counts[False]}")
    print(f"{'.txt pages of 8 stories':40s} found {found:3d} / {len(stories) // 8 * 8} "
          f"(and {others} articles that are no story)")
    return 0


def _word97(files: list[tuple[str, Path, dict[str, str]]], tmp: Path) -> list[tuple[str, Path, dict[str, str]]]:
    """The .docx files saved again as Word 97–2003 (.doc) by LibreOffice, when it is installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print("  (.doc: LibreOffice's soffice is not installed; no .doc row)")
        return []
    docx = [(path, story) for form, path, story in files if form == ".docx"]
    out = tmp / "doc"
    subprocess.run([soffice, "--headless", "--convert-to", "doc", "--outdir", str(out), *(str(p) for p, _ in docx)],
                   check=True, capture_output=True, timeout=900)
    return [(".doc (the .docx saved by LibreOffice)", out / f"{path.stem}.doc", story) for path, story in docx]


def _pages(stories: list[dict[str, str]], tmp: Path) -> tuple[int, int]:
    found = others = 0
    for k in range(0, len(stories) - 7, 8):
        page = stories[k:k + 8]
        path = tmp / f"page{k // 8}.txt"
        path.write_text("\n\n".join(as_txt(s) for s in page) + "\n", encoding="utf-8")
        titles = [a.title for a in read_file(path).articles]
        wanted = [s["title"] for s in page]
        found += sum(t in titles for t in wanted)
        others += sum(t not in wanted for t in titles)
        for title in wanted:
            if title not in titles:
                print(f"  {path.name}: not found {title}")
    return found, others


if __name__ == "__main__":
    raise SystemExit(main())
