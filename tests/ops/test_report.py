"""Reports from the question log: the curator's Q&A stub, the CSV export and the stats chart."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.answers import Answer, Citation, Suggestion
from bot.core.errors import ConfigError
from bot.core.model import Article, Knowledge
from bot.ops.qlog import Day, Group, SqlQuestionLog
from bot.ops.report import report, stats_chart_png, unanswered_csv, write_report

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]
# The real knowledge base; UNIONBOT_TEST_KB may point at another built one.
KB = Path(os.environ.get("UNIONBOT_TEST_KB", REPO / "knowledge"))
FEE = Citation("工会会费收缴办法", "", "a1b2c3d4", 3, "001.txt")
REST = Citation("劳模疗休养工作启动", "", "e5f6a7b8", 2, "002.txt")
ASKED = [("工会会费怎么交", 2), ("工会会费怎么缴纳", 1), ("食堂几点开门", 1), ("劳模疗休养怎么申请", 3),
         ("a: [b]", 1)]
FIRST_LINE = ("# 会员问过、机器人没能回答（或被点了👎）的问题，最近 30 天，"
              "由 python -m bot report 于 2025-03-10 生成。")
BODY = """
version: 1
qa:
# 问了 3 次
- id: todo-20250310-001
  question: 劳模疗休养怎么申请
  alternatives: []
  answer: ''
  # 可能的出处（选一条填进 source）：
  #   {article: e5f6a7b8, paragraph: 2}  《劳模疗休养工作启动》 今年劳模疗休养 将于4月启动。
  source: {article: '', paragraph: 0}
  tags: []
# 问了 3 次
- id: todo-20250310-002
  question: 工会会费怎么交
  alternatives: [工会会费怎么缴纳]
  answer: ''
  # 可能的出处（选一条填进 source）：
  #   {article: a1b2c3d4, paragraph: 3}  《工会会费收缴办法》 会员按月缴纳工会会费，标准为本人工资收入的0.5%。
  #   {article: a1b2c3d4, paragraph: 3}  《工会会费收缴办法》 LONG…
  source: {article: '', paragraph: 0}
  tags: []
# 问了 1 次
- id: todo-20250310-003
  question: 'a: [b]'
  alternatives: []
  answer: ''
  # 没有找到相近的原文：这个问题可能不在文章里，可以删掉这一条。
  source: {article: '', paragraph: 0}
  tags: []
# 问了 1 次
- id: todo-20250310-004
  question: 食堂几点开门
  alternatives: []
  answer: ''
  # 没有找到相近的原文：这个问题可能不在文章里，可以删掉这一条。
  source: {article: '', paragraph: 0}
  tags: []
""".replace("LONG…", "会费由单位代扣代缴。" * 7 + "会费由单位代扣代缴…")  # cut at 80 characters


class FakeEngine:
    """Finds sentences for the fee questions, a "did you mean" for 劳模, nothing else."""

    knowledge = Knowledge(articles={"c9d0e1f2": Article(
        id="c9d0e1f2", file="003.txt", title="职工食堂改造完成", subtitles=(), byline="", reporters=(),
        correspondents=(), paragraphs=())})

    def search(self, question: str, *, limit: int = 5) -> list[Answer]:
        if not question.startswith("工会会费"):
            return []
        return [Answer(question, True, "会员按月缴纳工会会费，标准为本人工资收入的0.5%。", FEE, 0.8),
                Answer(question, True, "会费由单位代扣代缴。" * 12, FEE, 0.6)][:limit]

    def ask(self, question: str, *, related: bool = True) -> Answer:
        if question.startswith("劳模"):
            suggestions = (Suggestion("g1", "劳模疗休养什么时候开始？"), Suggestion("gone", "已删除的问题"),
                           Suggestion("g1", "劳模疗休养什么时候开始？"))  # twice: listed once
            return Answer(question, False, reason="unsure", suggestions=suggestions)
        return Answer(question, False, reason="not_covered")

    def answer_id(self, suggestion_id: str) -> Answer | None:
        if suggestion_id != "g1":
            return None  # e.g. the knowledge was reloaded since
        return Answer("劳模疗休养什么时候开始？", True, "今年劳模疗休养\n将于4月启动。", REST, 1.0)


def _open(path: Path, at: datetime | None) -> SqlQuestionLog:
    opened = SqlQuestionLog.open(path, salt="pepper")
    for user, (question, times) in enumerate(ASKED):
        for _ in range(times):
            opened.record(question, chat_type="private", user_id=user, answered=False, at=at)
    return opened


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SqlQuestionLog]:
    opened = _open(tmp_path / "questions.sqlite3", NOW)
    yield opened
    opened.close()


@pytest.fixture
def recent(tmp_path: Path) -> None:
    """A log asked today, for the command, which reports on the days up to now."""
    _open(tmp_path / "questions.sqlite3", None).close()


def test_report_stub(log: SqlQuestionLog) -> None:
    text = write_report(log, FakeEngine(), days=30, out=None, now=NOW)
    assert text.splitlines()[0] == FIRST_LINE
    assert text.endswith(BODY)


def test_report_is_written_to_a_file(log: SqlQuestionLog, tmp_path: Path) -> None:
    out = tmp_path / "todo" / "todo.yaml"
    text = write_report(log, FakeEngine(), days=30, out=out, now=NOW)
    assert out.read_text(encoding="utf-8") == text
    assert [p.name for p in out.parent.iterdir()] == ["todo.yaml"]


def test_report_parses_as_yaml_with_empty_answers(log: SqlQuestionLog) -> None:
    data = yaml.safe_load(write_report(log, FakeEngine(), days=30, out=None, now=NOW, limit=2))
    assert data == {"version": 1, "qa": [
        {"id": "todo-20250310-001", "question": "劳模疗休养怎么申请", "alternatives": [], "answer": "",
         "source": {"article": "", "paragraph": 0}, "tags": []},
        {"id": "todo-20250310-002", "question": "工会会费怎么交", "alternatives": ["工会会费怎么缴纳"],
         "answer": "", "source": {"article": "", "paragraph": 0}, "tags": []}]}


def test_a_follow_up_is_reported_with_the_article_it_was_asked_after(tmp_path: Path) -> None:
    log = SqlQuestionLog.open(tmp_path / "q.sqlite3", salt="pepper")
    for user, thread in enumerate(["c9d0e1f2", "c9d0e1f2", "gone1234"]):
        log.record("几点开门", chat_type="private", user_id=user, answered=False, reason="unsure", thread=thread,
                   at=NOW)
    text = write_report(log, FakeEngine(), days=30, out=None, now=NOW)
    log.close()
    assert ("# 问了 2 次，是会员读完文章 c9d0e1f2《职工食堂改造完成》 的回答后接着问的\n"
            "- id: todo-20250310-001\n") in text
    assert "# 问了 1 次，是会员读完文章 gone1234 的回答后接着问的\n- id: todo-20250310-002\n" in text  # since removed
    csv = unanswered_csv(SqlQuestionLog.open(tmp_path / "q.sqlite3", salt=None).unanswered(days=30, now=NOW))
    assert csv == "count,question,variants,after\n2,几点开门,,c9d0e1f2\n1,几点开门,,gone1234\n"


def test_report_of_an_empty_log(tmp_path: Path) -> None:
    empty = SqlQuestionLog.open(tmp_path / "q.sqlite3", salt=None)
    text = write_report(empty, FakeEngine(), days=7, out=None, now=NOW)
    empty.close()
    assert text.endswith("\nversion: 1\nqa: []\n")
    assert yaml.safe_load(text) == {"version": 1, "qa": []}


@pytest.mark.parametrize(("groups", "csv"), [
    ([], "count,question,variants,after\n"),
    ([Group("工会会费怎么交", 4, ("工会会费怎么交", "工会会费怎么缴纳", "会费, 怎么交")),
      Group('他说"你好"', 1, ('他说"你好"',))],
     'count,question,variants,after\n4,工会会费怎么交,"工会会费怎么缴纳 | 会费, 怎么交",\n1,"他说""你好""",,\n'),
])
def test_unanswered_csv(groups: list[Group], csv: str) -> None:
    assert unanswered_csv(groups) == csv


def test_stats_chart_is_a_png() -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed: the chart is optional")
    daily = [Day(date(2025, 3, d), d % 3, 0.5) for d in range(1, 11)] + [Day(date(2025, 3, 11), 0, 0.0)]
    png = stats_chart_png(daily)
    assert png is not None
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_stats_chart_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # importing it now fails
    assert stats_chart_png([Day(date(2025, 3, 1), 1, 1.0)]) is None


def _report(**options: Any) -> int:
    defaults: dict[str, Any] = {"kb": Path("knowledge"), "days": 30, "out": None, "db": None}
    return report(**{**defaults, **options})


@pytest.mark.parametrize(("options", "message"), [
    ({"days": 0}, "report: --days must be at least 1"),
    ({"db": "/nonexistent/questions.sqlite3"},
     "report: no question log at /nonexistent/questions.sqlite3 (run the bot first, or give --db)"),
])
def test_report_refuses_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _report(**options)
    assert str(caught.value) == message


@pytest.mark.usefixtures("recent")
def test_report_finds_the_log_in_data_dir(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("bot.answer.engine.Engine.load", lambda directory: FakeEngine())
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert _report(out=tmp_path / "todo.yaml") == 0
    assert capsys.readouterr().out == f"{tmp_path / 'todo.yaml'}: 4 question group(s) to answer\n"
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    assert (tmp_path / "todo.yaml").read_text(encoding="utf-8").endswith(BODY.replace("20250310", stamp))


@pytest.mark.usefixtures("recent")
def test_report_prints_the_stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("bot.answer.engine.Engine.load", lambda directory: FakeEngine())
    assert _report(db=str(tmp_path / "questions.sqlite3"), days=1) == 0
    out = capsys.readouterr().out
    today = datetime.now(UTC).date().isoformat()
    assert out.splitlines()[0] == FIRST_LINE.replace("30 天", "1 天").replace("2025-03-10", today)
    assert out.count("\n- id: todo-") == 4


def _built() -> bool:
    return any((KB / "generated").glob("*.yaml"))


@pytest.mark.skipif(not _built(), reason=f"{KB}/generated/ is not built yet: run `python -m bot build` "
                                         "(or set UNIONBOT_TEST_KB to a built knowledge directory)")
def test_filling_in_the_stub_makes_the_questions_answerable(tmp_path: Path) -> None:
    from bot.answer.engine import Engine
    from bot.knowledge.load import check_knowledge

    kb, cache = tmp_path / "knowledge", tmp_path / "cache"
    shutil.copytree(KB, kb)
    engine = Engine.load(kb, cache_dir=cache)
    asked = ["食堂几点开门", "食堂几点开门啊", "职工书屋在哪里"]
    assert [engine.ask(q).answered for q in asked] == [False, False, False]
    log = SqlQuestionLog.open(tmp_path / "q.sqlite3", salt="pepper")
    for user, question in enumerate(asked):
        log.record(question, chat_type="private", user_id=user, answered=False, reason="not_covered")
    stub = kb / "curated" / "todo.yaml"
    write_report(log, engine, days=30, out=stub)
    log.close()

    problems, _ = check_knowledge(kb)
    assert [p.message for p in problems if p.file.endswith("todo.yaml")] == [
        "'answer' must not be empty", "'article' must not be empty", "'answer' must not be empty",
        "'article' must not be empty"]

    article = engine.articles[0]
    paragraph = next(p for p in article.paragraphs if p.kind != "heading")
    data = yaml.safe_load(stub.read_text(encoding="utf-8"))
    for entry in data["qa"]:
        entry["answer"] = paragraph.sentences[0]
        entry["source"] = {"article": article.id, "paragraph": paragraph.number}
    stub.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    assert check_knowledge(kb)[0] == []
    filled = Engine.load(kb, cache_dir=cache)
    for question in asked:
        answer = filled.ask(question)
        assert (answer.answered, answer.text) == (True, paragraph.sentences[0])
        assert answer.source is not None
        assert (answer.source.article, answer.source.paragraph) == (article.id, paragraph.number)
