"""Hostile input: whatever members type, the bot answers with messages Telegram accepts, and never
crashes; hostile knowledge files give problem lines, never a crash or code execution; floods get
one polite notice per window.

* The answer path (``respond``, the engine's ``ask``, inline cards) under hypothesis: arbitrary Unicode
  up to 4,096 characters, emoji, RTL and zero-width marks, combining marks, lone surrogates, HTML and
  Markdown specials, SQL-looking text. Every reply part must pass the fake's HTML parser (Telegram's
  rules), be valid UTF-8 and fit in 4,096 UTF-16 units. Worst-case timings: benchmarks/bench_hostile.py.
* The same inputs end to end through the real Application, with a question log.
* Knowledge files: byte mutations of the real generated file, truncations, wrong types, huge
  files, deep nesting and ``!!python/...`` tags: ``check_knowledge`` returns problems, never raises.
* Flood control (RATE_LIMIT_PER_MINUTE, per member and per group, admins exempt): the pure limiter
  is in tests/telegram/test_ratelimit.py; here it is proved through the real Application.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import RunningBot, TelegramKnowledge
from fake_html import check_inline_results, check_reply_markup, format_text, utf16_len
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.answer.engine import Engine
from bot.core.errors import Problem
from bot.knowledge.load import check_knowledge
from bot.present.messages import say
from bot.present.replies import Reply, inline_cards, respond

USER, OTHER, ADMIN, GROUP = 4242, 4343, 777, -1001234567890
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

# ---------------------------------------------------------------- what members may type

PIECES = [
    "劳模", "工会", "会费怎么交？", "浙工缘", "2020年", "多少", "谁", "哪里", "？", "。",
    "😀", "👨‍👩‍👧‍👦", "🇨🇳", "\U0001f9d1\U0001f3fd\u200d\U0001f4bb",  # emoji, ZWJ sequences, flags, skin tones
    "\u200f", "\u200e", "\u202e", "\u2066", "\u2069", "\u061c",  # RTL / LTR marks and isolates
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width characters
    "\u0301", "\u0336", "\u20dd", "\u0e49", "a\u0301\u0302\u0303",  # combining marks
    "\ud800", "\udfff", "\udc00劳模",  # lone surrogates: Python allows them, UTF-8 does not
    "<b>", "</i>", "<a href=\"javascript:alert(1)\">", "&amp;", "&", "&#x27;", "&nbsp;", "<", ">", "<br/>",
    "<tg-spoiler>", "<pre><code class=\"language-python\">", "]]>", "<!--",
    "*bold*", "_it_", "`code`", "```", "[link](http://x.y)", "~~", "||spoiler||", "\\", "#", "+", "=", "|",
    "'; DROP TABLE questions; --", "\" OR 1=1 --", "UNION SELECT user_hash FROM questions", "%s %d {0} {}",
    "\x00", "\x07", "\r\n", "\t", "\u2028", "\u2029", "\x85", " ", "\u3000",
    "/start", "/stats@union_qa_bot", "@union_qa_bot", "s:g123", "o:a#p1", "f:+:x",
]
any_char = st.one_of(st.characters(exclude_categories=()), st.characters(categories=["Cs"]))
hostile_text = st.one_of(
    st.text(any_char, max_size=4096),
    st.text(any_char, min_size=3000, max_size=4096),  # long ones, which the engine cuts
    st.lists(st.sampled_from(PIECES), max_size=600).map(lambda parts: "".join(parts)[:4096]),
    st.builds(lambda piece, n: (piece * n)[:4096], st.sampled_from(PIECES), st.integers(1, 4096)),
)
WORST = [  # also the rows of benchmarks/bench_hostile.py
    "劳模" * 2048, "😀" * 4096, "a" + "\u0301" * 4095, "\u202e劳模" * 1365, "\u200b" * 4096, "\ud800" * 4096,
    "<b>&amp;</b>" * 341, "'; DROP TABLE questions; --" * 146, "工会会员怎么入会" * 512, "1" * 4096,
]


def assert_sendable(reply: Reply) -> None:
    """Every part and the keyboard as Telegram's sendMessage would check them."""
    assert reply.parts
    for part in reply.parts:
        part.encode("utf-8")  # strict: a lone surrogate here could not be sent at all
        assert utf16_len(part) <= 4096
        format_text(part, "HTML", None, limit=4096)  # parses, not empty after stripping, fits
    markup = {"inline_keyboard": [[{"text": b.text, "callback_data": b.data} for b in row]
                                  for row in reply.keyboard]}
    if reply.keyboard:
        for row in reply.keyboard:
            for button in row:
                button.text.encode("utf-8")
                assert len(button.data.encode("utf-8")) <= 64
        check_reply_markup(markup)


@FUZZ
@given(text=hostile_text, lang=st.sampled_from(["zh", "en"]))
@example(text=WORST[5], lang="zh")
@example(text="\udc00劳模是谁？", lang="zh")
def test_respond_always_gives_sendable_parts(tg_engine: Engine, text: str, lang: Any) -> None:
    assert_sendable(respond(tg_engine, text, lang))


@FUZZ
@given(text=hostile_text)
def test_ask_never_raises_and_cites_when_it_answers(tg_engine: Engine, text: str) -> None:
    answer = tg_engine.ask(text)
    assert (answer.source is not None) == answer.answered
    assert answer.answered or not answer.text
    for suggestion in answer.suggestions:
        suggestion.question.encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=hostile_text.map(lambda t: t[:256]))  # Telegram cuts inline queries at 256 characters
def test_inline_cards_are_accepted(tg_engine: Engine, query: str) -> None:
    cards = inline_cards(tg_engine, query, "zh")
    check_inline_results([{"type": "article", "id": c.id, "title": c.title, "description": c.description,
                           "input_message_content": {"message_text": c.html, "parse_mode": "HTML"}}
                          for c in cards])
    for card in cards:
        (card.id + card.title + card.description + card.html).encode("utf-8")


@pytest.mark.tg_settings(question_log_salt="pepper")
async def test_hostile_text_end_to_end(live_bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    """Through the fake Telegram (JSON escapes a lone surrogate as "\\ud800"), the handlers and the
    question log, privately and in a group: one accepted reply each, no error anywhere."""
    fake = live_bot.fake
    texts = [*WORST, "\udc00劳模是谁？", "\x00" * 100, "<b>劳模</b>\u202e\u200b😀"]
    for member, text in enumerate(texts):
        fake.private_text(USER + member, text)
        fake.group_text(GROUP, USER + member, "@union_qa_bot " + text)
    await fake.wait_for_sent(2 * len(texts), timeout=20)
    await fake.wait_confirmed()
    await asyncio.sleep(0.3)  # let the question log's worker finish its writes
    assert sorted(s.chat_id for s in fake.sent) == sorted([GROUP] * len(texts) + [USER + m for m in range(len(texts))])
    assert not fake.rejected
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


# ---------------------------------------------------------------- hostile knowledge files


@pytest.fixture(scope="module")
def generated_file(tg_knowledge: TelegramKnowledge) -> tuple[str, bytes]:
    [path] = sorted((tg_knowledge.kb / "generated").glob("*.yaml"))[:1]
    return path.name, path.read_bytes()


@pytest.fixture(scope="module")
def whole_summary(generated_file: tuple[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> str:
    """What check says of the intact file ("8 articles, … Q&A pairs")."""
    problems, [summary] = check_one(tmp_path_factory.mktemp("whole"), *generated_file)
    assert problems == []
    return summary.split(": ", 1)[1]


def check_one(tmp: Path, name: str, data: bytes) -> tuple[list[Problem], list[str]]:
    """check_knowledge on a directory holding only this file (as generated/<name>)."""
    kb = tmp / "kb"
    shutil.rmtree(kb, ignore_errors=True)
    (kb / "generated").mkdir(parents=True)
    (kb / "generated" / name).write_bytes(data)
    problems, summaries = check_knowledge(kb)
    assert all(isinstance(p, Problem) and p.line >= 0 and "\n" not in p.message for p in problems)
    return problems, summaries


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255),
                                st.sampled_from(["replace", "insert", "delete"])), min_size=1, max_size=8))
def test_mutated_generated_file_gives_problems_not_crashes(generated_file: tuple[str, bytes], tmp_path: Path,
                                                           edits: list[tuple[float, int, str]]) -> None:
    name, data = generated_file
    mutated = bytearray(data)
    for where, byte, how in edits:
        at = int(where * len(mutated))
        if how == "replace":
            mutated[at] = byte
        elif how == "insert":
            mutated.insert(at, byte)
        else:
            del mutated[at]
    check_one(tmp_path, name, bytes(mutated))  # returns; a mutation inside a string may even be valid


@pytest.mark.parametrize("fraction", [0.001, 0.01, 0.1, 0.33, 0.5, 0.77, 0.9, 0.999])
def test_truncated_generated_file_is_noticed(generated_file: tuple[str, bytes], whole_summary: str,
                                            tmp_path: Path, fraction: float) -> None:
    """A cut file gives problems, or (cut at a line end, it is still valid YAML) a summary with less
    in it than the whole file's: nothing passes unnoticed. The generated format has no end marker."""
    name, data = generated_file
    problems, summaries = check_one(tmp_path, name, data[:int(len(data) * fraction)])
    assert problems or [line.split(": ", 1)[1] for line in summaries] != [whole_summary]


DEEP = 100_000
ALLOWED_KEYS = "allowed keys: version, generated, seed, articles, qa, synonyms, hide, override"
HOSTILE_FILES: dict[str, tuple[bytes, str]] = {
    # name: (content, its first problem as "line: message")
    "empty mapping": (b"{}\n", "1: missing required key 'version' (add 'version: 1' at the top)"),
    "a list at the top": (b"- version: 1\n", "1: the file must be a mapping of keys like 'version: 1', got a list"),
    "a number at the top": (b"42\n", "1: the file must be a mapping of keys like 'version: 1', got a number"),
    "version a string": (b"version: one\narticles: []\n", "1: 'version' must be a whole number, got a string"),
    "qa a number": (b"version: 1\nqa: 5\n", "2: 'qa' must be a list, got a number"),
    "articles a mapping": (b"version: 1\narticles: {a: b}\n", "2: 'articles' must be a list, got a mapping"),
    "qa items numbers": (b"version: 1\nqa: [1, 2, 3]\n", "2: 'qa' item 1 must be a mapping, got a number"),
    "a question that is a list": (b"version: 1\nqa:\n- {id: c1, question: [a], answer: b, "
                                  b"source: {article: x, paragraph: 1}}\n",
                                  "3: 'question' must be a string, got a list"),
    "paragraph infinite": (b"version: 1\nqa:\n- {id: c1, question: a, answer: b, "
                           b"source: {article: x, paragraph: .inf}}\n",
                           "3: 'paragraph' must be a whole number, got a number"),
    "flow nesting": (b"version: 1\nqa: " + b"[" * DEEP + b"]" * DEEP + b"\n",
                     "2: the file is nested too deeply (more than 32 levels)"),
    "mapping nesting": (b"version: 1\nqa: " + b"{a: " * DEEP + b"1" + b"}" * DEEP + b"\n",
                        "2: the file is nested too deeply (more than 32 levels)"),
    "block nesting": (b"version: 1\nqa:\n" + b"".join(b"  " * i + b"- \n" for i in range(200)),
                      "34: the file is nested too deeply (more than 32 levels)"),
    "alias bomb": (b"version: 1\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
                   "3: YAML alias '*a' is not supported; write the value out in full"),
    "two documents": (b"version: 1\n---\nversion: 1\n",
                      "2: YAML syntax error: a second document starts here ('---'); keep one document per file"),
    "binary": (bytes(range(256)) * 4, "2: not UTF-8; save the file as UTF-8"),
    "latin-1": ("version: 1\nqa: []\n# café".encode("latin-1"), "3: not UTF-8; save the file as UTF-8"),
    "UTF-16": ("version: 1\nqa: []\n".encode("utf-16"), "1: not UTF-8; save the file as UTF-8"),
    "a 1 MB scalar": (b"version: 1\nqa: \"" + b"x" * 1_000_000 + b"\"\n", "2: 'qa' must be a list, got a string"),
    "2,000 unknown keys": (b"version: 1\n" + b"".join(b"k%d: %d\n" % (i, i) for i in range(2000)),
                           f"2: unknown key 'k0' ({ALLOWED_KEYS})"),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_files_give_problems(case: str, tmp_path: Path) -> None:
    content, expected = HOSTILE_FILES[case]
    problems, _ = check_one(tmp_path, "000_hostile.yaml", content)
    assert f"{problems[0].line}: {problems[0].message}" == expected


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / "generated").mkdir(parents=True)
    with (kb / "generated" / "000_huge.yaml").open("wb") as f:  # sparse: 33 MB without writing them
        f.truncate(33 * 1024 * 1024)
    problems, _ = check_knowledge(kb)
    assert [p.message for p in problems] == ["the file is too large (33.0 MB; the limit is 32.0 MB)"]


CODE_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w').write('x')\"]",
    "!!binary aGVsbG8=",
    "!custom 1",
]


@pytest.mark.parametrize("tag", CODE_TAGS)
@pytest.mark.parametrize("where", ["top", "question", "key", "list item", "source"])
def test_code_tags_never_run(tag: str, where: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    value = tag.format(marker=marker)
    content = {
        "top": f"{value}\n",
        "question": f"version: 1\nqa:\n- id: c1\n  question: {value}\n  answer: b\n"
                    f"  source: {{article: x, paragraph: 1}}\n",
        "key": f"version: 1\n? {value}\n: 1\n",
        "list item": f"version: 1\nqa:\n- {value}\n",
        "source": f"version: 1\nqa:\n- id: c1\n  question: a\n  answer: b\n  source: {value}\n",
    }[where]
    problems, _ = check_one(tmp_path, "000_tag.yaml", content.encode())
    assert problems and "is not allowed" in problems[0].message, [str(p) for p in problems]
    assert not marker.exists()


# ---------------------------------------------------------------- flood control through the real Application


def quiet_after(fake: Any) -> Any:
    async def wait() -> None:
        await fake.wait_confirmed(timeout=20)
        while True:
            seen = len(fake.calls) + len(fake.rejected)
            await asyncio.sleep(0.3)
            if len(fake.calls) + len(fake.rejected) == seen:
                return
    return wait()


@pytest.mark.tg_settings(rate_limit_per_minute=20)
async def test_member_burst_gets_20_answers_and_one_notice(live_bot: RunningBot, tg_engine: Engine) -> None:
    fake = live_bot.fake
    question = tg_engine.examples(3)[1]
    for _ in range(25):
        fake.private_text(USER, question)
    await fake.wait_for_sent(21, timeout=20)
    await quiet_after(fake)
    texts = [s.text for s in fake.sent]
    assert texts.count(say("slow_down")) == 1
    assert len(texts) == 21 and all(t.startswith(tg_engine.ask(question).text) for t in texts
                                    if t != say("slow_down"))
    assert len(fake.calls_to("sendMessage")) == 21


@pytest.mark.tg_settings(rate_limit_per_minute=20)
async def test_admins_are_not_limited(live_bot: RunningBot, tg_engine: Engine) -> None:
    fake = live_bot.fake
    for _ in range(25):
        fake.private_text(ADMIN, tg_engine.examples(3)[1])
    await fake.wait_for_sent(25, timeout=20)
    await quiet_after(fake)
    assert say("slow_down") not in [s.text for s in fake.sent]
    assert len(fake.calls_to("sendMessage")) == 25


@pytest.mark.tg_settings(rate_limit_per_minute=5)
async def test_group_flood_gets_one_notice_per_group(live_bot: RunningBot, tg_engine: Engine) -> None:
    """Eight members ask in one group (each under their own limit): five answers and one notice;
    another group and the admin are not affected."""
    fake = live_bot.fake
    question = tg_engine.examples(3)[1]
    for member in range(8):
        fake.command(USER + member, "ask", question, chat_id=GROUP)
    fake.command(ADMIN, "ask", question, chat_id=GROUP)
    fake.command(OTHER, "ask", question, chat_id=GROUP - 1)
    await fake.wait_for_sent(8, timeout=20)
    await quiet_after(fake)
    in_group = [s.text for s in fake.sent if s.chat_id == GROUP]
    assert in_group.count(say("slow_down")) == 1 and len(in_group) == 7  # 5 members + the admin + 1 notice
    assert len([s for s in fake.sent if s.chat_id == GROUP - 1]) == 1
    assert len(fake.calls_to("sendMessage")) == 8
    [notice] = [s for s in fake.sent if s.text == say("slow_down")]
    assert notice.reply_to_message_id is not None  # quoted: the group sees whom it is meant for
