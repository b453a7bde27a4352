"""``python -m bot health``: the container HEALTHCHECK must prove the bot answers, with exact lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TelegramKnowledge

from bot.answer.engine import Engine
from bot.core.answers import Answer
from bot.ops.health import NO_QUESTIONS, check_health, health, knowledge_dir
from bot.ops.qlog import SqlQuestionLog

OK_LINE = re.compile(r"^ok: answered '(?P<q>.+)' from 《(?P<title>.+)》 in (?P<ms>\d+) ms$")


def test_healthy_on_the_built_knowledge(tg_knowledge: TelegramKnowledge) -> None:
    healthy, line = check_health(tg_knowledge.kb)

    assert healthy, line
    match = OK_LINE.match(line)
    assert match, line
    engine = Engine.load(tg_knowledge.kb, cache_dir=tg_knowledge.cache)
    first = next(p for p in engine.knowledge.pairs if p.origin == "generated")
    assert match["q"] == first.question
    assert match["title"] in {a.full_title for a in engine.articles}


def test_unhealthy_on_an_empty_knowledge_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONBOT_CACHE_DIR", str(tmp_path / "cache"))
    kb = tmp_path / "knowledge"
    kb.mkdir()

    assert check_health(kb) == (False, f"unhealthy: the knowledge base in {kb} has no questions to test with")
    assert NO_QUESTIONS.format(kb=kb) == check_health(kb)[1]


def test_unhealthy_without_a_knowledge_dir(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    assert check_health(missing) == (False, f"unhealthy: the knowledge directory {missing} does not exist")


def test_unhealthy_on_invalid_knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONBOT_CACHE_DIR", str(tmp_path / "cache"))
    kb = tmp_path / "knowledge"
    kb.mkdir()
    (kb / "qa.yaml").write_text("version: 1\nqa: [\n", encoding="utf-8")

    healthy, line = check_health(kb)

    assert not healthy
    assert line.startswith("unhealthy: invalid knowledge: "), line
    assert "qa.yaml:" in line


def test_unhealthy_when_its_own_question_is_not_answered(tg_knowledge: TelegramKnowledge,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Engine, "ask", lambda self, q: Answer(q, False, reason="unsure"))
    engine = Engine.load(tg_knowledge.kb, cache_dir=tg_knowledge.cache)
    first = next(p for p in engine.knowledge.pairs if p.origin == "generated")

    assert check_health(tg_knowledge.kb) == (
        False, f"unhealthy: could not answer its own question '{first.question}' (unsure)")


def test_read_only_cache_dir_falls_back_to_the_temp_dir(tg_knowledge: TelegramKnowledge, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only root file system: the index goes to this user's directory in $TMPDIR, so that the
    next check is fast."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("UNIONBOT_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even by root
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    healthy, line = check_health(tg_knowledge.kb)

    assert healthy, line
    assert list((tmp_path / "tmp" / f"unionbot-{os.getuid()}").glob("kb-*.pickle"))


def test_knowledge_dir_follows_kb_then_knowledge_dir_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KNOWLEDGE_DIR", raising=False)
    assert knowledge_dir("knowledge") == Path("knowledge")
    monkeypatch.setenv("KNOWLEDGE_DIR", "/srv/kb")
    assert knowledge_dir("knowledge") == Path("/srv/kb")  # --kb left at its default
    assert knowledge_dir("other") == Path("other")


def test_health_prints_one_line_and_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("UNIONBOT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "kb").mkdir()

    assert health(kb=str(tmp_path / "kb")) == 1
    assert capsys.readouterr().out == NO_QUESTIONS.format(kb=tmp_path / "kb") + "\n"


def test_health_command_in_a_subprocess(tg_knowledge: TelegramKnowledge, tmp_path: Path) -> None:
    argv = ["-m", "bot", "health"]
    env = {**os.environ, "UNIONBOT_CACHE_DIR": str(tg_knowledge.cache)}

    ok = subprocess.run([sys.executable, *argv, "--kb", str(tg_knowledge.kb)], env=env, cwd=REPO,
                        capture_output=True, text=True, timeout=300)
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = subprocess.run([sys.executable, *argv, "--kb", str(empty)], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=300)

    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert OK_LINE.match(ok.stdout.strip()), ok.stdout
    assert (bad.returncode, bad.stdout) == (1, NO_QUESTIONS.format(kb=empty) + "\n")


# ---------------------------------------------------------------- the question log: degraded, not unhealthy


def test_ok_when_the_question_log_can_be_written(tg_knowledge: TelegramKnowledge, tmp_path: Path) -> None:
    healthy, line = check_health(tg_knowledge.kb, question_log=str(tmp_path / "data" / "questions.sqlite3"))
    assert healthy and OK_LINE.match(line), line


DEGRADED = re.compile(r"^degraded: answered '.+' from 《.+》 in \d+ ms, but the question log cannot be written "
                      r"\((?P<why>.+)\)$")


@pytest.mark.parametrize("cause", ["read-only DATA_DIR", "full disk", "PostgreSQL down"])
def test_degraded_when_the_question_log_cannot_be_written(tg_knowledge: TelegramKnowledge, cause: str,
                                                          request: pytest.FixtureRequest) -> None:
    """Members are still answered, so the container stays healthy (exit 0); the line says what is wrong."""
    if cause == "PostgreSQL down":
        server = request.getfixturevalue("pg_server")
        target = server.database()
        server.stop()
    else:
        disk = request.getfixturevalue("small_disk")
        target = str(disk.path / "data" / "questions.sqlite3")
        SqlQuestionLog.open(target, salt="pepper").close()  # the bot ran here before
        disk.fill() if cause == "full disk" else disk.read_only()
    healthy, line = check_health(tg_knowledge.kb, question_log=target)
    match = DEGRADED.match(line)
    assert healthy and match, line
    assert {"read-only DATA_DIR": "Read-only file system", "full disk": "disk I/O error",
            "PostgreSQL down": "cannot connect to PostgreSQL"}[cause] in match["why"]


def test_health_command_says_degraded_with_exit_0(tg_knowledge: TelegramKnowledge, small_disk: Any) -> None:
    small_disk.read_only()
    env = {**os.environ, "UNIONBOT_CACHE_DIR": str(tg_knowledge.cache), "QUESTION_LOG_SALT": "pepper",
           "DATA_DIR": str(small_disk.path / "data")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "bot", "health", "--kb", str(tg_knowledge.kb)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    match = DEGRADED.match(done.stdout.strip())
    assert match and match["why"] == (f"question log {small_disk.path}/data/questions.sqlite3: [Errno 30] "
                                      f"Read-only file system: '{small_disk.path}/data'"), done.stdout
