"""``python -m bot``: the command-line contract (README, "Commands"), through bot.cli.main.

The knowledge is the session's build of seeds/ (``core_kb`` in conftest.py). One test runs a real
subprocess, as the evaluation script does; the others call ``main`` and read capsys.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CoreKnowledge

from bot.answer.engine import Engine
from bot.answer.tuning import MAX_QUESTION
from bot.cli import COMMANDS, main, parser
from bot.present.chat import reply, run_chat
from bot.present.messages import say
from bot.present.render import plain, topics

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "data" / "broken"
LAYOUT = REPO / "tests" / "data" / "layout"
KEYS = {"question", "answered", "answer", "source", "score", "matched", "suggestions", "passage", "follows"}
SOURCE_KEYS = {"title", "byline", "article", "paragraph", "file"}
ANSWERABLE = "路桥区总工会党组书记是谁"
JSONL_LINES = [
    ANSWERABLE,
    "",
    "你好",
    "工会" * 2500,  # 5000 characters
    "   ",
    "路橋區總工會主席是誰",
    "asdfgh",
    '"引号" {json} \\ 反斜杠',
    "拉萨有几家职工书屋",
]


def _check_object(obj: dict[str, Any], question: str) -> None:
    assert set(obj) == KEYS
    assert isinstance(obj["question"], str) and question.startswith(obj["question"])
    if len(question) <= MAX_QUESTION:
        assert obj["question"] == question
    assert isinstance(obj["answered"], bool)
    assert isinstance(obj["answer"], str)
    assert isinstance(obj["score"], int | float) and 0.0 <= obj["score"] <= 1.0
    assert isinstance(obj["suggestions"], list) and all(isinstance(s, str) for s in obj["suggestions"])
    assert len(obj["suggestions"]) <= 3
    if obj["answered"]:
        assert obj["answer"]
        assert isinstance(obj["source"], dict) and set(obj["source"]) == SOURCE_KEYS
        src = obj["source"]
        assert all(isinstance(src[k], str) and src[k] for k in ("title", "byline", "article", "file"))
        assert isinstance(src["paragraph"], int) and src["paragraph"] >= 1
        assert isinstance(obj["matched"], str) and obj["matched"]
        assert obj["passage"] is None
        assert obj["follows"] is None or obj["follows"] == src["article"]
    else:
        assert obj["follows"] is None
        assert obj["answer"] == "" and obj["source"] is None and obj["matched"] is None
        assert obj["passage"] is None or set(obj["passage"]) == SOURCE_KEYS


def _jsonl(text: str, count: int) -> list[dict[str, Any]]:
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert len(lines) == count, text[:2000]
    return [json.loads(line) for line in lines]


# --- ask --jsonl -----------------------------------------------------------------------------------

def test_ask_jsonl_one_object_per_line(core_kb: CoreKnowledge, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(q + "\n" for q in JSONL_LINES)))
    assert main(["ask", "--jsonl", "--kb", str(core_kb.kb)]) == 0
    out = capsys.readouterr().out
    objects = _jsonl(out, len(JSONL_LINES))
    for obj, question in zip(objects, JSONL_LINES, strict=True):
        _check_object(obj, question)
    answered = [o["answered"] for o in objects]
    assert answered == [True, False, False, answered[3], False, True, False, answered[7], False]
    assert "应仲友" in objects[0]["answer"] and "应仲友" in objects[5]["answer"]
    assert len([line for line in out.splitlines() if line.strip()]) == len(JSONL_LINES)  # as score.py reads


def test_ask_jsonl_windows_line_ends_and_no_final_newline(core_kb: CoreKnowledge, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ANSWERABLE}\r\n\r\n王晖平是谁"))
    assert main(["ask", "--jsonl", "--kb", str(core_kb.kb)]) == 0
    objects = _jsonl(capsys.readouterr().out, 3)
    assert [o["question"] for o in objects] == [ANSWERABLE, "", "王晖平是谁"]
    assert [o["answered"] for o in objects] == [True, False, True]


def test_ask_jsonl_empty_input(core_kb: CoreKnowledge, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["ask", "--jsonl", "--kb", str(core_kb.kb)]) == 0
    assert capsys.readouterr().out == ""


def test_ask_jsonl_survives_splitlines(core_kb: CoreKnowledge, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    questions = ["孔胜东\u2028是谁", "浙工缘\u2029", "王晖平\x85"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(q + "\n" for q in questions)))
    assert main(["ask", "--jsonl", "--kb", str(core_kb.kb)]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == len(questions)


def test_ask_jsonl_subprocess_contract(core_kb: CoreKnowledge) -> None:
    """The real command, as ../shared/eval/score.py runs it (cache from UNIONBOT_CACHE_DIR, set by core_kb)."""
    stdin = "".join(q + "\n" for q in JSONL_LINES)
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--jsonl", "--kb", str(core_kb.kb)],
                          input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=core_kb.root,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    objects = _jsonl(proc.stdout, len(JSONL_LINES))
    for obj, question in zip(objects, JSONL_LINES, strict=True):
        _check_object(obj, question)
    assert objects[0]["answered"] and "应仲友" in objects[0]["answer"]


# --- ask, ask --json -------------------------------------------------------------------------------

def test_ask_json(core_kb: CoreKnowledge, capsys: pytest.CaptureFixture[str]) -> None:
    questions = [ANSWERABLE, "拉萨有几家职工书屋", "你好"]
    assert main(["ask", "--json", "--kb", str(core_kb.kb), *questions]) == 0
    objects = _jsonl(capsys.readouterr().out, 3)
    for obj, question in zip(objects, questions, strict=True):
        _check_object(obj, question)
    assert [o["answered"] for o in objects] == [True, False, False]


def test_ask_plain_answered(core_kb: CoreKnowledge, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(core_kb.kb), ANSWERABLE]) == 0
    out = capsys.readouterr().out
    assert "应仲友" in out
    assert "《" in out and "》" in out and "第" in out and "段" in out and say("cite") in out


def test_ask_plain_not_covered_lists_topics(core_kb: CoreKnowledge, engine: Engine,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(core_kb.kb), "拉萨有几家职工书屋"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(say("not_covered"))
    assert all(a.title in out for a in engine.articles)


def test_ask_threshold_option(core_kb: CoreKnowledge, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "--threshold", "0.99", "--kb", str(core_kb.kb), "义乌市总工会现在的主席是谁"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["answered"] is False and obj["suggestions"]


def _article(engine: Engine, fragment: str) -> str:
    [found] = [a.id for a in engine.articles if fragment in a.title]
    return found


def test_ask_after_reads_a_follow_up(core_kb: CoreKnowledge, engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    after = _article(engine, "浙工缘")
    assert main(["ask", "--json", "--kb", str(core_kb.kb), "有多少人参加"]) == 0
    assert json.loads(capsys.readouterr().out)["answered"] is False
    assert main(["ask", "--json", "--after", after, "--kb", str(core_kb.kb), "有多少人参加"]) == 0
    obj = json.loads(capsys.readouterr().out)
    _check_object(obj, "有多少人参加")
    assert obj["answered"] and obj["follows"] == after and "60名" in obj["answer"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("有多少人参加\n你好\n"))
    assert main(["ask", "--jsonl", "--after", after, "--kb", str(core_kb.kb)]) == 0
    assert [o["follows"] for o in _jsonl(capsys.readouterr().out, 2)] == [after, None]


def test_ask_after_an_unknown_article(core_kb: CoreKnowledge, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--after", "a123", "--kb", str(core_kb.kb), "有多少人参加"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "error: ask: --after a123: no such article (an answer's source.article names one)\n"


def test_ask_without_a_question(core_kb: CoreKnowledge, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--kb", str(core_kb.kb)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ")


# --- check, and ask on broken knowledge ------------------------------------------------------------

@pytest.fixture
def here(core_kb: CoreKnowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built knowledge as ./knowledge in a fresh current directory."""
    shutil.copytree(core_kb.kb, tmp_path / "knowledge")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "knowledge"


def _summary(path: Path, shown: str) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def count(n: int, noun: str) -> str:
        return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

    parts = []
    if "articles" in data:
        parts += [count(len(data["articles"]), "article"),
                  count(sum(len(a["paragraphs"]) for a in data["articles"]), "paragraph")]
    if "qa" in data:
        parts.append(count(len(data["qa"] or []), "Q&A pair"))
    if "synonyms" in data:
        parts.append(count(len(data["synonyms"] or []), "synonym group"))
    if "hide" in data:
        parts.append(count(len(data["hide"] or []), "hidden pair"))
    if "override" in data:
        parts.append(count(len(data["override"] or []), "override"))
    return f"{shown}: {', '.join(parts)}"


def test_check_valid(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0  # --kb defaults to ./knowledge
    out = capsys.readouterr().out.splitlines()
    files = sorted(here.rglob("*.yaml"))
    assert out == [_summary(p, f"knowledge/{p.relative_to(here).as_posix()}") for p in files]
    generated = [line for line in out if line.startswith("knowledge/generated/")]
    assert generated and re.fullmatch(r"knowledge/generated/\S+\.yaml: 8 articles, \d+ paragraphs, \d+ Q&A pairs",
                                      generated[0])


def _own_broken_case(here: Path, engine: Engine) -> list[str]:
    """A curated file with a wrong paragraph, an unknown key and a hidden id that does not exist."""
    article = next(a for a in engine.articles if "义乌" in a.full_title)
    (here / "curated" / "qa.yaml").write_text(
        "version: 1\n"
        "qa:\n"
        "- id: c1\n"
        "  question: 义乌市总工会的新主席叫什么？\n"
        "  answer: 大会选举王晖平为义乌市总工会主席\n"
        f"  source: {{article: {article.id}, paragraph: 99}}\n"
        "- id: c2\n"
        "  questoin: 浙工缘是什么活动？\n"
        "  answer: 青年职工交友活动\n"
        f"  source: {{article: {article.id}, paragraph: 1}}\n", encoding="utf-8")
    (here / "curated" / "overrides.yaml").write_text("version: 1\nhide:\n- g0000000000\n", encoding="utf-8")
    n = len(article.paragraphs)
    return [
        "knowledge/curated/overrides.yaml:3: cannot hide 'g0000000000': no Q&A pair has this id",
        f"knowledge/curated/qa.yaml:6: source paragraph 99 does not exist in article '{article.id}' "
        f"(it has {n} paragraph{'s' if n != 1 else ''})",
        "knowledge/curated/qa.yaml:8: unknown key 'questoin' (did you mean 'question'?)",
    ]


def _broken(case: str, here: Path, engine: Engine) -> list[str]:
    if case == "own":
        return _own_broken_case(here, engine)
    shutil.copytree(BROKEN / case, here, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", ["own", "syntax_error", "unknown_key", "duplicate_key"])
def test_check_and_ask_report_the_same_problems(case: str, here: Path, engine: Engine,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _broken(case, here, engine)
    assert main(["check", "--kb", "knowledge"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == expected
    assert captured.err == f"{len(expected)} problem(s) found\n"

    assert main(["ask", "--kb", "knowledge", ANSWERABLE]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == expected

    monkeypatch.setattr(sys, "stdin", io.StringIO(ANSWERABLE + "\n"))
    assert main(["ask", "--jsonl", "--kb", "knowledge"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == expected


def test_check_missing_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--kb", "nowhere"]) == 1
    assert capsys.readouterr().out == "nowhere:0: the knowledge directory does not exist\n"


# --- build -----------------------------------------------------------------------------------------

DRIFT = ("knowledge/generated/ differs from a fresh build of seeds/ (the seeds or the generator changed): "
         "run `python -m bot build` and commit knowledge/generated/")


def _generated(kb: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((kb / "generated").glob("*.yaml"))}


def _build_in_a_fresh_process(kb: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "build", "--seeds", str(REPO / "seeds"), "--kb", str(kb)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)


def test_build_twice_is_byte_identical(core_kb: CoreKnowledge, tmp_path: Path) -> None:
    """A second `python -m bot build` writes the same bytes as the session's (core_kb's) build."""
    kb = tmp_path / "knowledge"
    proc = _build_in_a_fresh_process(kb)
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout and "pairs" in proc.stdout
    assert _generated(kb) and _generated(kb) == _generated(core_kb.kb)
    assert not (kb / "curated").exists()  # build never writes curated files


def test_build_does_not_depend_on_a_loaded_engine(engine: Engine, core_kb: CoreKnowledge, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Engines cut with the knowledge base's names, a build with jieba's own dictionary only: a build
    run where engines are loaded writes the same bytes as one in a fresh process."""
    assert engine.ask(ANSWERABLE).answered  # an engine is loaded in this process
    kb = tmp_path / "knowledge"
    assert main(["build", "--seeds", str(REPO / "seeds"), "--kb", str(kb)]) == 0
    capsys.readouterr()
    assert _generated(kb) == _generated(core_kb.kb)


def test_committed_generated_knowledge_is_up_to_date(core_kb: CoreKnowledge) -> None:
    committed = _generated(REPO / "knowledge")
    fresh = _generated(core_kb.kb)
    assert sorted(committed) == sorted(fresh), DRIFT
    for name in fresh:
        assert committed[name] == fresh[name], f"{name}: {DRIFT}"


def test_build_reports_a_missing_seed_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--seeds", str(tmp_path / "none"), "--kb", str(tmp_path / "kb")]) == 1
    assert "no such directory" in capsys.readouterr().err


def test_build_reports_set_aside_text_and_doubtful_splits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(LAYOUT / "35_doubtful.txt", seeds / "35_doubtful.txt")
    shutil.copy(LAYOUT / "21_saved_page.html", seeds / "21_saved_page.html")
    (seeds / "scan.pdf").write_bytes(b"%PDF-1.4")
    assert main(["build", "--seeds", str(seeds), "--kb", str(tmp_path / "kb")]) == 1
    out, err = capsys.readouterr()
    assert "21_saved_page.html: 1 article; 243 characters: 149 in articles, 94 set aside\n" in out
    assert "35_doubtful.txt: 3 articles; 185 characters: 179 in articles, 6 set aside\n" in out
    assert f"  set aside  {seeds}/35_doubtful.txt:11  second byline: （记者 卢阳）\n" in out
    assert (f"  set aside  {seeds}/21_saved_page.html:0  web page outside its main text: "
            "首页 | 工会要闻 | 基层动态 | 维权服务 当前位置：首页 > 基层动态 …\n") in out
    assert err.splitlines() == [
        f"warning: {seeds}/35_doubtful.txt:1: a title longer than a sentence (42 characters)",
        f"warning: {seeds}/35_doubtful.txt:11: two bylines in one article 《工会主席接待日制度化》: "
        "本报讯 通讯员方敏报道 / （记者 卢阳）",
        f"warning: {seeds}/35_doubtful.txt:13: an article of one short paragraph (10 characters): 《新春慰问》",
        f"error: {seeds}/scan.pdf: .pdf files are not read; copy its text into a .txt file",
    ]
    generated = sorted(p.name for p in (tmp_path / "kb" / "generated").iterdir())
    assert generated == ["21_saved_page.yaml", "35_doubtful.yaml"]


def test_build_refuses_two_seed_files_of_one_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = "市总工会近日举办职工技能比赛，来自全市的两百名职工参加了比赛。"
    (seeds / "a.md").write_text(f"甲标题\n\n{body}\n", encoding="utf-8")
    (seeds / "a.txt").write_text(f"乙标题\n\n{body}\n", encoding="utf-8")
    assert main(["build", "--seeds", str(seeds), "--kb", str(tmp_path / "kb")]) == 1
    assert capsys.readouterr().err == (f"error: {seeds}/a.txt: a.md has the same name; rename one of them "
                                       "(each seed file is built into knowledge/generated/<name>.yaml)\n")


# --- inspect ---------------------------------------------------------------------------------------

def test_inspect_shows_how_files_are_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(REPO / "seeds" / "000_5287d6df03cc26e1.txt"), str(LAYOUT / "13_captions.txt")]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"{REPO}/seeds/000_5287d6df03cc26e1.txt: 8 articles, 2 pieces set aside, 0 doubts"
    assert lines[1:3] == [
        "  1. line 3  吹响“冲锋号” 树起“风向标” 织密“关爱网” / 《金华市总工会为全国文明城市创建贡献力量》",
        "     byline: 记者羊荣江 通讯员林传魁、叶帅报道 · 14 paragraphs (3 headings) · "
        "近日,金华市以总分96.96分的成绩在全国文明城…",
    ]
    assert "  characters: 6092 in the file = 5978 in articles + 114 set aside (100.0 % accounted for)" in lines
    assert "    line 11  photo caption: 本报记者 张一鸣 摄" in lines
    assert err == ""


def test_inspect_reports_unreadable_files_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "caption.txt").write_text("图为职工书屋一角。\n", encoding="utf-8")
    files = [str(tmp_path / "gone.txt"), str(tmp_path / "caption.txt"), str(LAYOUT / "19_bom.txt")]
    assert main(["inspect", *files]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"error: {tmp_path}/gone.txt: cannot be read (No such file or directory)",
        f"error: {tmp_path}/caption.txt: no article found (an article starts with its title on a line of its own, "
        "then its text); nothing was built from this file",
    ]
    assert out.startswith(f"{tmp_path}/caption.txt: 0 articles, 1 piece set aside, 0 doubts\n")
    assert f"{LAYOUT}/19_bom.txt: 1 article, 0 pieces set aside, 0 doubts\n" in out


# --- commands, usage -------------------------------------------------------------------------------

README = REPO / "README.md"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_a_docstring(name: str) -> None:
    doc = (COMMANDS[name].__doc__ or "").strip()
    assert doc, f"command {name!r} has no docstring (it is its --help)"
    assert name in parser().format_help()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented_in_readme(name: str) -> None:
    assert README.is_file(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"python -m bot {name}\b", text) or re.search(rf"`{name}\b", text), (
        f"command {name!r} is not mentioned in README.md")


def test_readme_documents_no_unknown_command() -> None:
    text = README.read_text(encoding="utf-8")
    table = re.findall(r"^\| `([a-z]+)\b", text, flags=re.MULTILINE)
    assert set(table) <= set(COMMANDS), f"README lists commands that do not exist: {set(table) - set(COMMANDS)}"


@pytest.mark.parametrize("argv", [
    ["ask", "--no-such-option"],
    ["check", "--frobnicate"],
    ["no-such-command"],
    [],
    ["ask", "--threshold", "high", "q"],
    ["ask", "--json", "--jsonl"],
    ["build", "--seeds"],
    ["inspect"],
])
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


# --- chat ------------------------------------------------------------------------------------------

def test_chat_start_lists_topics_and_examples(engine: Engine) -> None:
    for command in ("/start", "/help"):
        text, pending = reply(engine, command, ())
        assert pending == ()
        assert say("welcome") in text and say("examples") in text
        assert all(a.title in text for a in engine.articles)
        assert all(q in text for q in engine.examples())


def test_chat_question_gets_a_citation(engine: Engine) -> None:
    text, pending = reply(engine, ANSWERABLE, ())
    assert "应仲友" in text and "《" in text and say("cite") in text
    assert pending == tuple(s.id for s in engine.ask(ANSWERABLE).suggestions)


def test_chat_number_picks_a_suggestion(engine: Engine) -> None:
    suggestions = engine.ask(ANSWERABLE).suggestions
    assert len(suggestions) >= 2
    _, pending = reply(engine, ANSWERABLE, ())
    text, _ = reply(engine, "2", pending)
    picked = engine.answer_id(suggestions[1].id)
    assert picked is not None and picked.answered
    assert picked.text in text and say("cite") in text


@pytest.mark.parametrize(("line", "pending"), [("2", ()), ("9", ("x",)), ("0", ("x",))])
def test_chat_number_without_that_suggestion_is_a_question(engine: Engine, line: str,
                                                           pending: tuple[str, ...]) -> None:
    text, _ = reply(engine, line, pending)
    assert text == plain(engine.ask(line), topics=topics(engine.articles))


def test_chat_stale_suggestion_id_is_asked_as_a_question(engine: Engine) -> None:
    text, _ = reply(engine, "1", ("gone-after-reload",))
    assert text == plain(engine.ask("1"), topics=topics(engine.articles))


def test_chat_unsure_numbers_its_suggestions(engine: Engine) -> None:
    answer = engine.ask("工会会费怎么交")
    assert not answer.answered and answer.suggestions
    text, pending = reply(engine, "工会会费怎么交", ())
    assert "  1. " in text
    assert pending == tuple(s.id for s in answer.suggestions)


def test_chat_sources(engine: Engine) -> None:
    text, _ = reply(engine, "/sources", ())
    assert text.startswith(say("sources", n=len(engine.articles)))
    assert all(f"《{a.full_title}》" in text for a in engine.articles)


def test_run_chat(engine: Engine) -> None:
    stdin = io.StringIO(f"{ANSWERABLE}\n\n1\n/sources\n/quit\n马爱芳是谁\n")
    stdout = io.StringIO()
    assert run_chat(engine, stdin, stdout) == 0
    out = stdout.getvalue()
    assert out.startswith(say("welcome"))
    assert "应仲友" in out
    assert out.count(f"—— {say('cite')}：") == 2  # the question and the picked suggestion
    assert say("sources", n=len(engine.articles)) in out
    assert "马爱芳" not in out  # after /quit nothing is answered


def test_run_chat_reads_a_follow_up_after_an_answer(engine: Engine) -> None:
    stdout = io.StringIO()
    assert run_chat(engine, io.StringIO("有多少人参加\n路桥区总公会主席是谁\n有多少人参加\n"), stdout) == 0
    answers = stdout.getvalue().split(f"—— {say('cite')}：")
    assert len(answers) == 3  # the first 有多少人参加 is refused; the one after the 浙工缘 answer is not
    assert "60名" in answers[1] and "60名" not in answers[0]


def test_run_chat_picking_an_article_answers_the_broad_question_there(engine: Engine) -> None:
    broad = engine.ask("有多少人参加")
    assert broad.reason == "broad"
    titles = [q.question for q in broad.suggestions]
    [number] = [i + 1 for i, q in enumerate(titles) if "浙工缘" in q]
    stdout = io.StringIO()
    assert run_chat(engine, io.StringIO(f"有多少人参加\n{number}\n"), stdout) == 0
    assert "60名" in stdout.getvalue().split(f"{number}. ")[-1]


def test_run_chat_ends_at_end_of_input(engine: Engine) -> None:
    stdout = io.StringIO()
    assert run_chat(engine, io.StringIO("你好\n"), stdout) == 0
    assert say("chitchat") in stdout.getvalue()


@pytest.mark.parametrize(("given", "used"), [(None, "1"), ("false", "false")])
def test_run_opts_in_to_telegram_time_spans(given: str | None, used: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """``run`` switches python-telegram-bot to its next major's time spans (no deprecation warning at every
    flood wait), unless the deployer set PTB_TIMEDELTA."""
    import bot.telegram.app

    seen: list[str | None] = []
    monkeypatch.setattr(bot.telegram.app, "run_bot", lambda *, kb: seen.append(os.environ.get("PTB_TIMEDELTA")) or 0)
    if given is None:
        monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    else:
        monkeypatch.setenv("PTB_TIMEDELTA", given)
    assert main(["run"]) == 0
    assert seen == [used]
