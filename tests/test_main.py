"""bot/__main__.py: ``python -m bot`` run by an interpreter without the bot's dependencies.

``python -S`` stands for such an interpreter: without ``site`` it sees no site-packages (no numpy,
no rapidfuzz), and its ``sys.prefix`` is the base Python's, not the project's ``.venv``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BARE = [sys.executable, "-S", "-m", "bot"]
SETUP = ("error: this Python ({python}) lacks the bot's dependencies (numpy, rapidfuzz, jieba, yaml); set them "
         "up with `python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e .` and run "
         "`.venv/bin/python -m bot`\n")


def _run(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "UNIONBOT_HANDED_TO_VENV"} | env
    return subprocess.run([*BARE, "--help"], cwd=cwd, env=clean, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.mark.skipif(Path(sys.prefix).resolve() != (REPO / ".venv").resolve(),
                    reason="the tests do not run in the project's .venv")
def test_a_bare_python_hands_the_command_to_the_projects_venv() -> None:
    done = _run(REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")


def test_a_checkout_without_a_venv_sets_one_up_once(tmp_path: Path) -> None:
    """A fresh clone run by a bare ``python`` (as score.py runs it): the .venv is made, then used."""
    shutil.copytree(REPO / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "constraints.txt", "README.md"):
        shutil.copy(REPO / name, tmp_path / name)
    first = _run(tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("usage:")  # pip's output stays off stdout
    assert f"setting up {tmp_path / '.venv'} once" in first.stderr
    again = _run(tmp_path)
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout == first.stdout


def test_without_a_venv_one_line_says_how_to_set_it_up(tmp_path: Path) -> None:
    shutil.copytree(REPO / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    done = _run(tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", SETUP.format(python=sys.executable))


@pytest.mark.skipif(not (REPO / ".venv" / "bin" / "python").exists(), reason="the project has no .venv")
def test_a_venv_that_still_lacks_them_is_not_tried_twice() -> None:
    done = _run(REPO, UNIONBOT_HANDED_TO_VENV="1")
    assert (done.returncode, done.stderr) == (1, SETUP.format(python=sys.executable))
