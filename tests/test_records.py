"""Records (the package's dataclasses and named tuples) are built by keyword, not by position.

A record of many fields built by position reads as a list of values, and a field added or moved
in the middle silently shifts the rest. Two positional arguments are allowed (Button(text, data),
Context(org, place)). A row decoder that builds a record from a stored row in field order says so
and uses ``_make`` (bot.index.store.UnitTable).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"


def _records() -> set[str]:
    names: set[str] = set()
    for path in BOT.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and (
                    any("dataclass" in ast.unparse(d) for d in node.decorator_list)
                    or any(ast.unparse(b) == "NamedTuple" for b in node.bases)):
                names.add(node.name)
    return names


RECORDS = _records()
FILES = sorted(BOT.rglob("*.py"))


def test_the_records_are_found() -> None:
    assert {"Answer", "Query", "Built", "Unit", "Candidate", "Asked", "QAPair", "Problem", "Model"} <= RECORDS


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(BOT)))
def test_records_are_built_by_keyword(path: Path) -> None:
    name = path.relative_to(BOT.parent).as_posix()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in RECORDS
                and len(node.args) > 2):
            found.append(f"{name}:{node.lineno}: {node.func.id}(...) with {len(node.args)} positional arguments")
    assert found == []
