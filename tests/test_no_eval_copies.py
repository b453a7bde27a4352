"""No development or evaluation question, nor a near copy of one, is in the project's code, tests,
data or knowledge: the bot is measured on those questions, and a copy would measure nothing.

The evaluation sets live beside the project (``../shared/eval``, read-only, present on developers'
machines and in CI); without them these tests are skipped, saying why. A near copy is a quoted
string (or data line) that rapidfuzz finds at least 80 % like a development question, or that holds
a reading-comprehension question or gold answer of eight characters or more whole. Generated
knowledge (``knowledge/generated``) is not scanned: ``build`` derives it from the seed page.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
SCANNED = ("bot/**/*.py", "bot/**/*.json", "tests/**/*.py", "tests/**/*.jsonl", "tests/**/*.yaml", "tests/**/*.txt",
           "knowledge/curated/*.yaml", "benchmarks/**/*.py", "benchmarks/**/*.jsonl", "seeds/*", "README.md")
_LITERAL = re.compile(r"""["'“]([^"'”\n]{5,200})["'”]""")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def _files() -> list[Path]:
    return sorted({p for pattern in SCANNED for p in REPO.glob(pattern)
                   if p.is_file() and ".fit" not in p.parts and p.resolve() != Path(__file__).resolve()})


def _pieces(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every quoted string of a source file, every line of a data file."""
    text = path.read_text("utf-8", errors="ignore")
    if path.suffix == ".py":
        return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _LITERAL.finditer(text)]
    return list(enumerate(text.splitlines(), start=1))


@pytest.fixture(scope="module")
def development() -> list[str]:
    path = EVAL / "dev_questions.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: the development set is not beside this checkout")
    return [fold(json.loads(line)["q"]) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def comprehension() -> set[str]:
    files = sorted((EVAL / "rc" / "data").glob("*.jsonl"))
    if not files:
        pytest.skip(f"{EVAL / 'rc' / 'data'} not found: the reading-comprehension kit is not beside this checkout")
    out: set[str] = set()
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            for qa in json.loads(line)["qas"] if line.strip() else ():
                out.update(t for t in (fold(qa["q"]), *map(fold, qa["gold"])) if len(t) >= 8)
    return out


def test_no_development_question_nor_a_near_copy(development: list[str]) -> None:
    found = []
    for path in _files():
        for line, piece in _pieces(path):
            text = fold(piece)
            if len(text) < 5 or not _CJK.search(text):
                continue
            near = process.extractOne(text, development, scorer=fuzz.ratio, score_cutoff=80)
            if near is not None or any(len(q) >= 8 and q in text for q in development):
                found.append(f"{path.relative_to(REPO)}:{line}: {piece[:40]}")
    assert found == []


def test_no_reading_comprehension_question_or_answer(comprehension: set[str]) -> None:
    grams = {t[:8] for t in comprehension}
    found = []
    for path in _files():
        for line, piece in _pieces(path):
            text = fold(piece)
            starts = {text[i:i + 8] for i in range(len(text) - 7)} & grams
            if starts and any(t in text for t in comprehension if t[:8] in starts):
                found.append(f"{path.relative_to(REPO)}:{line}: {piece[:40]}")
    assert found == []
