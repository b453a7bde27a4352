"""The package folders draw the pipeline, and imports run down it (GUIDE: "Imports run down it").

core → nlp → ingest → qgen → knowledge → index → answer → present → ops → telegram, then the entry
point (bot/__main__.py, bot/cli.py). A module imports from its own stage or an earlier one, never a
later one; a few imports that the order allows are ruled out too (FORBIDDEN). A name is imported from
the module that defines it: no module passes on another's names. Every import counts, also those
inside functions (they are still dependencies, only deferred).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
PIPELINE = ("core", "nlp", "ingest", "qgen", "knowledge", "index", "answer", "present", "ops", "telegram")
ENTRY = len(PIPELINE)  # bot.cli and bot.__main__: may import anything
# Allowed by the order, but not wanted: (importer prefix, imported prefix, why).
FORBIDDEN = (
    ("bot.index", "bot.qgen", "the index is built from knowledge files, whoever made them"),
    ("bot.index", "bot.ingest", "the index is built from knowledge files, whoever made them"),
    ("bot.answer", "bot.qgen", "answering never depends on how questions were generated"),
    ("bot.answer", "bot.ingest", "answering never depends on how seed pages are read"),
    ("bot.present", "bot.qgen", "answering never depends on how questions were generated"),
    ("bot.ops", "bot.qgen", "answering never depends on how questions were generated"),
    ("bot.telegram", "bot.qgen", "answering never depends on how questions were generated"),
    ("bot.telegram", "bot.ingest", "answering never depends on how seed pages are read"),
    ("bot.ops.settings", "bot.answer.engine", "settings are read before anything heavy is loaded"),
    ("bot.ops.settings", "bot.index", "settings are read before anything heavy is loaded"),
    ("bot.ops.settings", "bot.nlp", "settings are read before anything heavy is loaded"),
)


def _module(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(BOT.rglob("*.py"))}


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return -1  # the package itself (its version): below everything
    return PIPELINE.index(parts[1]) if parts[1] in PIPELINE else ENTRY


def _imports(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, module, names) of every import of a bot module in ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "bot":
                    yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "bot":
            assert node.level == 0, f"{path}:{node.lineno}: import bot modules absolutely"
            yield node.lineno, node.module, tuple(alias.name for alias in node.names)


def _defined(path: Path) -> set[str]:
    """The names a module defines at its top level (functions, classes, assignments)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_module_is_in_a_stage() -> None:
    assert len(MODULES) > 40
    strays = [m for m in MODULES if _stage(m) == ENTRY and m not in ("bot.cli", "bot.__main__")]
    assert strays == [], "put each module in the package of its pipeline stage"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_pipeline(module: str) -> None:
    upward = [f"{MODULES[module]}:{line}: {module} ({PIPELINE[_stage(module)] if _stage(module) < ENTRY else 'entry'})"
              f" imports {target}, a later stage" for line, target, _ in _imports(MODULES[module])
              if _stage(target) > _stage(module)]
    assert upward == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_unwanted_import(module: str) -> None:
    found = [f"{MODULES[module]}:{line}: {module} imports {target}: {why}"
             for line, target, _ in _imports(MODULES[module])
             for importer, imported, why in FORBIDDEN
             if (module + ".").startswith(importer + ".") and (target + ".").startswith(imported + ".")]
    assert found == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_names_are_imported_from_where_they_are_defined(module: str) -> None:
    """No module re-exports another's names for outside callers: each is imported from its definer."""
    passed_on = []
    for line, target, names in _imports(MODULES[module]):
        if target not in MODULES:
            continue
        defined = _defined(MODULES[target])
        submodules = {m.rsplit(".", 1)[1] for m in MODULES if m.startswith(target + ".")}
        passed_on += [f"{MODULES[module]}:{line}: {name} is not defined in {target}" for name in names
                      if name not in defined and name not in submodules]
    assert passed_on == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_all_lists_only_the_modules_own_names(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    listed = [ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)]
    assert [name for names in listed for name in names if name not in _defined(MODULES[module])] == []


def test_the_readme_names_the_packages_in_pipeline_order() -> None:
    readme = (BOT.parent / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| (\w+) \(`bot/(\w+)/`\) \|", readme, flags=re.MULTILINE)
    assert [name for name, _ in listed] == [folder for _, folder in listed] == list(PIPELINE)
    assert sorted(p.name for p in BOT.iterdir() if p.is_dir() and (p / "__init__.py").is_file()) == sorted(PIPELINE)


def test_the_rule_sees_an_upward_import() -> None:
    """The checks above would catch the imports this rule was written against."""
    assert _stage("bot.qgen.generate") < _stage("bot.knowledge.load")
    assert _stage("bot.index.store") < _stage("bot.answer.engine")
    assert _stage("bot.ops.settings") > _stage("bot.answer.engine")  # allowed by the order: FORBIDDEN says no
    assert ("bot.ops.settings", "bot.answer.engine") in {(a, b) for a, b, _ in FORBIDDEN}
    assert "pair_id" not in _defined(MODULES["bot.knowledge.load"])
