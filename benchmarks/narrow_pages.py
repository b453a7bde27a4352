"""Stories copied out of a narrow-column PDF page: are they still answered, and from the right story?

    python benchmarks/narrow_pages.py                        # the fresh union stories, 13 characters a line
    python benchmarks/narrow_pages.py --width 16 --indent    # paragraphs opening indented
    python benchmarks/narrow_pages.py --cmd "python -m bot" --keep /tmp/narrow

The reading-comprehension check of ``../shared/eval/rc/score_rc.py`` (its functions, called as they
are: which stories go into the knowledge and which stay out, which questions are asked, the verdicts)
on pages laid out as text comes out of a narrow-column PDF: eight stories a page, no blank lines,
every line cut at the column's width (``--width``, inside words, numbers and bylines too), each
title cut at ``--title-width`` (a bigger font) onto one to three lines, the byline 本报讯（通讯员 X）
opening the first paragraph, paragraphs indented with two full-width spaces with ``--indent``, a
page's furniture on top. Compare with ``score_rc.py --layout plain`` on the same stories: the
difference is what the layout costs.
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.fit_data import PAGE  # noqa: E402

BYLINE = "本报讯（通讯员 张三）"
FURNITURE = ("第2版　基层动态", "2024年9月12日　星期四　责任编辑：李四")


def score_rc(shared: Path) -> ModuleType:
    """The shared check's module (read-only; its functions are called, never changed)."""
    sys.path.insert(0, str(shared / "eval" / "rc"))
    return importlib.import_module("score_rc")


def cut(text: str, width: int) -> list[str]:
    return [text[k:k + width] for k in range(0, len(text), width)]


def story(passage: dict[str, Any], rc: ModuleType, *, width: int, title_width: int, indent: bool) -> list[str]:
    paragraphs = rc.paragraphs(passage["text"])
    paragraphs[0] = BYLINE + paragraphs[0]
    lines = cut(passage["title"], title_width)
    for paragraph in paragraphs:
        lines += cut("\u3000\u3000" + paragraph, width) if indent else cut(paragraph, width)
    return lines


def write_pages(kb: list[dict[str, Any]], seeds: Path, rc: ModuleType, args: argparse.Namespace) -> None:
    for n in range(0, len(kb), PAGE):
        lines = list(FURNITURE)
        for passage in kb[n:n + PAGE]:
            lines += story(passage, rc, width=args.width, title_width=args.title_width, indent=args.indent)
        (seeds / f"{n // PAGE:03d}_narrow.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(HERE / "data" / "union_fresh.jsonl"), help="passages (score_rc format)")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"), help="the shared folder")
    ap.add_argument("--cmd", default=f"{shlex.quote(sys.executable)} -m bot", help='the bot (default "python -m bot")')
    ap.add_argument("--kb-passages", type=int, default=68)
    ap.add_argument("--out-passages", type=int, default=22)
    ap.add_argument("--max-answerable", type=int, default=800)
    ap.add_argument("--max-refuse", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--width", type=int, default=13, help="characters a body line (13)")
    ap.add_argument("--title-width", type=int, default=14, help="characters a title line (14)")
    ap.add_argument("--indent", action="store_true", help="paragraphs open with two full-width spaces")
    ap.add_argument("--keep", metavar="DIR", help="work here and keep the pages and the knowledge")
    args = ap.parse_args()
    rc = score_rc(Path(args.shared))
    kb, _, questions, counts = rc.pick(rc.load_passages(Path(args.data)), args)
    print(f"{Path(args.data).name}: {counts}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        (work / "seeds").mkdir(parents=True)
        write_pages(kb, work / "seeds", rc, args)
        cmd = shlex.split(args.cmd)
        proc, _ = rc.run([*cmd, "build", "--seeds", str(work / "seeds"), "--kb", str(work / "kb")])
        articles = rc.load_articles(work / "kb") or []
        ok, _, _ = rc.check_articles(kb, articles)
        print(f"build: exit {proc.returncode}; {ok}/{len(kb)} stories built as one article with their title, "
              f"{len(articles)} articles in all")
        answers, _ = rc.ask(cmd, work / "kb", questions)
        acc, wrong, refusal = rc.report(questions, answers, False)
    print(f"answer_accuracy={acc:.3f} wrong_rate={wrong:.3f} refusal_accuracy={refusal:.3f} articles_ok={ok}/{len(kb)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
