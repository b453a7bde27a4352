"""Knowledge files: the exact problem lines for broken files, and loading / writing behaviour.

Each directory under ``tests/data/broken/`` is a small knowledge directory; it is copied next to a
valid generated file (``SEED``'s, written by :func:`write_generated`) and checked from the current
directory, so the problem lines read exactly as an operator would see them.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.errors import KnowledgeError, Problem
from bot.core.model import Article, Paragraph, QAPair, Source, article_id, pair_id
from bot.knowledge.files import KNOWN_VERSION
from bot.knowledge.load import check_knowledge, fingerprint, load_knowledge
from bot.knowledge.write import remove_stale_generated, write_generated

DATA = Path(__file__).resolve().parents[1] / "data"
BROKEN = DATA / "broken"
SEED = "000_test.txt"
GEN = "knowledge/generated/000_test.yaml"
QA = "knowledge/curated/qa.yaml"
A1 = article_id(SEED, "金华市总工会为全国文明城市创建贡献力量")  # a6b29c690
A2 = article_id(SEED, "全市职工疗休养活动启动")  # a01273e29


def _paragraph(number: int, *sentences: str, kind: str = "text", truncated: bool = False) -> Paragraph:
    return Paragraph(number=number, text="".join(sentences), sentences=sentences,
                     kind="heading" if kind == "heading" else "text", truncated=truncated)


ARTICLES = (
    Article(
        id=A1, file=SEED, title="金华市总工会为全国文明城市创建贡献力量",
        subtitles=("吹响“冲锋号” 树起“风向标” 织密“关爱网”",),
        byline="记者羊荣江 通讯员林传魁、叶帅报道", reporters=("羊荣江",), correspondents=("林传魁", "叶帅"),
        paragraphs=(
            _paragraph(1, "近日,金华市以总分96.96分的成绩在全国文明城市113个地级提名城市中排名首位。",
                       "这是该市继2018年国测全国第一后,再次登上全国文明城市创建年度测评榜首。"),
            _paragraph(2, "推优评先树好创建“风向标”", kind="heading"),
            _paragraph(3, "2020年推荐全国劳模8人,评选命名市五一劳动奖状15个,"
                          "市五一劳动奖章70人,市工人先锋号50个。"),
            _paragraph(4, "努力打造一支", truncated=True),
        ),
    ),
    Article(
        id=A2, file=SEED, title="全市职工疗休养活动启动", subtitles=(), byline="本报讯", reporters=(),
        correspondents=(), date="2020-05-01",
        paragraphs=(_paragraph(1, "今年全市安排职工疗休养3000人次。"),
                    _paragraph(2, "疗休养线路共12条: 分为春秋两季。")),
    ),
)
Q1 = "2020年推荐全国劳模多少人？"
Q2 = "金华市在全国文明城市提名城市中排名第几？"
Q3 = "今年安排多少职工疗休养？"
PAIRS = (
    QAPair(id=pair_id(A1, Q1), question=Q1, answer="2020年推荐全国劳模8人。", source=Source(A1, 3),
           alternatives=("推荐了几名全国劳模",), kind="quantity"),
    QAPair(id=pair_id(A1, Q2), question=Q2, answer="排名首位。", source=Source(A1, 1, 1)),
    QAPair(id=pair_id(A2, Q3), question=Q3, answer="今年全市安排职工疗休养3000人次。", source=Source(A2, 1),
           tags=("疗休养",), kind="quantity"),
)
G1, G2, G3 = (pair.id for pair in PAIRS)  # g62c80b619e, gb61e64627c, gfa0acb2e19


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``knowledge/`` in a fresh current directory, holding the sample generated file only."""
    monkeypatch.chdir(tmp_path)
    directory = Path("knowledge")
    write_generated(directory, seed=SEED, articles=ARTICLES, pairs=PAIRS)
    return directory


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _problems(directory: Path) -> list[str]:
    return [str(problem) for problem in check_knowledge(directory)[0]]


def _cases() -> list[str]:
    return sorted(p.name for p in BROKEN.iterdir())


def test_broken_cases_exist() -> None:
    assert len(_cases()) >= 20
    assert all((BROKEN / case / "expected.txt").is_file() for case in _cases())


@pytest.mark.parametrize("case", _cases())
def test_broken_case(case: str, kb: Path) -> None:
    """``expected.txt`` holds the exact lines `python -m bot check` prints for the case."""
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    shutil.copytree(BROKEN / case, kb, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    assert _problems(kb) == expected
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb)
    assert str(caught.value).splitlines() == expected


def test_unsafe_tag_never_runs(kb: Path) -> None:
    shutil.copytree(BROKEN / "unsafe_tag", kb, dirs_exist_ok=True)
    with pytest.raises(KnowledgeError):
        load_knowledge(kb)
    assert not Path("pwned.txt").exists()


@pytest.mark.parametrize(("data", "expected"), [
    ("version: 1\nqa: []\n# 劳模\n".encode("gbk"), f"{QA}:3: not UTF-8; save the file as UTF-8"),
    (b"version: 1\nqa: [\x00]\n",
     f"{QA}:2: the file contains the control character #x0000, which YAML does not allow; remove it"),
    (b"version: 1\nqa: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
     f"{QA}:2: the file is nested too deeply (more than 32 levels)"),
])
def test_unreadable_bytes(data: bytes, expected: str, kb: Path) -> None:
    (kb / "curated").mkdir()
    (kb / "curated" / "qa.yaml").write_bytes(data)
    assert _problems(kb) == [expected]


def test_huge_file_is_refused_without_reading_it(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.knowledge.nodes.MAX_BYTES", 5000)
    _write(kb / "curated" / "qa.yaml", "version: 1\nqa: []\n" + "# 填充\n" * 1000)
    assert _problems(kb) == [f"{QA}:1: the file is too large (9 KB; the limit is 5 KB)"]


def test_byte_order_mark_is_accepted(kb: Path) -> None:
    (kb / "curated").mkdir()
    text = "version: 1\nsynonyms:\n- [劳模, 劳动模范]\n"
    (kb / "curated" / "synonyms.yaml").write_bytes(text.encode("utf-8-sig"))
    assert load_knowledge(kb).synonyms == [("劳模", "劳动模范")]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path / "nowhere")
    missing = Problem(str(tmp_path / "nowhere"), 0, "the knowledge directory does not exist")
    assert caught.value.problems == [missing]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("abqv:- \n\t[]{}#&*!'\"|>%@`,?劳模1")), max_size=120))
def test_any_edit_gives_problems_not_crashes(text: str, kb: Path) -> None:
    _write(kb / "curated" / "qa.yaml", "version: 1\nqa:\n" + text)
    try:
        load_knowledge(kb)
    except KnowledgeError as exc:
        assert exc.problems
        assert all(p.file == QA and p.line >= 1 and "\n" not in p.message for p in exc.problems)


# --- loading valid knowledge -------------------------------------------------------------------

CURATED = """\
version: 1
qa:
- id: c1
  question: 疗休养有几条线路？
  alternatives: [疗休养线路]
  answer: 疗休养线路共12条。
  source: {article: a01273e29, paragraph: 2}
  tags: [疗休养]
"""


def test_round_trip(kb: Path) -> None:
    knowledge = load_knowledge(kb)
    assert list(knowledge.articles.values()) == list(ARTICLES)
    assert knowledge.pairs == list(PAIRS)
    assert knowledge.synonyms == []


def test_a_title_block_s_kickers_are_written_before_the_title_and_read_back(tmp_path: Path) -> None:
    kicked = Article(id=A2, file=SEED, kickers=("聚焦职工疗休养",), title="全市职工疗休养活动启动",
                     subtitles=("——今年安排3000人次",), byline="本报讯", reporters=(), correspondents=(),
                     paragraphs=(_paragraph(1, "今年全市安排职工疗休养3000人次。"),))
    path = write_generated(tmp_path / "knowledge", seed=SEED, articles=(kicked,), pairs=())
    assert "  kickers: [聚焦职工疗休养]\n  title: 全市职工疗休养活动启动\n" in path.read_text(encoding="utf-8")
    assert list(load_knowledge(tmp_path / "knowledge").articles.values()) == [kicked]
    assert kicked.full_title == "聚焦职工疗休养 全市职工疗休养活动启动 ——今年安排3000人次"


def test_kickers_must_be_a_list(kb: Path) -> None:
    path = kb / "generated" / "000_test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  title: 金华市总工会", "  kickers: 吹响冲锋号\n  title: 金华市总工会", 1), encoding="utf-8")
    problems = _problems(kb)  # (then the pairs of the article left out, whose source is gone)
    assert problems[0] == "knowledge/generated/000_test.yaml:8: 'kickers' must be a list of strings, got a string"


def test_output_matches_golden_file_and_is_byte_identical(tmp_path: Path) -> None:
    first = write_generated(tmp_path / "one", seed=SEED, articles=ARTICLES, pairs=PAIRS)
    second = write_generated(tmp_path / "two", seed=SEED, articles=ARTICLES, pairs=PAIRS)
    assert first == tmp_path / "one" / "generated" / "000_test.yaml"
    assert first.read_bytes() == second.read_bytes() == (DATA / "generated_golden.yaml").read_bytes()


def test_unchanged_output_is_not_rewritten(kb: Path) -> None:
    path = kb / "generated" / "000_test.yaml"
    before = path.stat().st_mtime_ns
    path.touch()
    touched = path.stat().st_mtime_ns
    write_generated(kb, seed=SEED, articles=ARTICLES, pairs=PAIRS)
    assert path.stat().st_mtime_ns == touched >= before
    write_generated(kb, seed=SEED, articles=ARTICLES[:1], pairs=PAIRS[:2])
    assert load_knowledge(kb).pairs == list(PAIRS[:2])
    assert [p.name for p in (kb / "generated").iterdir()] == ["000_test.yaml"]  # no temporary left


def test_pair_id() -> None:
    expected = "g" + hashlib.sha1(f"{A1}{Q1}".encode()).hexdigest()[:10]
    assert pair_id(A1, Q1) == expected == G1
    assert pair_id(A1, Q1 + "？") != G1


def test_curated_pairs_come_first(kb: Path) -> None:
    _write(kb / "curated" / "qa.yaml", CURATED)
    pairs = load_knowledge(kb).pairs
    assert [p.id for p in pairs] == ["c1", G1, G2, G3]
    assert pairs[0] == QAPair(id="c1", question="疗休养有几条线路？", answer="疗休养线路共12条。",
                              source=Source(A2, 2), alternatives=("疗休养线路",), tags=("疗休养",),
                              origin="curated", kind="fact")


OVERRIDES = f"""\
version: 1
hide:
- {G2}
override:
- id: {G1}
  answer: 8人。
- id: {G3}
  question: 今年有多少人次参加疗休养？
  alternatives: [疗休养人次]
"""


def test_hide_and_override(kb: Path) -> None:
    _write(kb / "curated" / "overrides.yaml", OVERRIDES)
    pairs = load_knowledge(kb).pairs
    assert [p.id for p in pairs] == [G1, G3]
    assert pairs[0] == QAPair(id=G1, question=Q1, answer="8人。", source=Source(A1, 3),
                              alternatives=("推荐了几名全国劳模",), kind="quantity")
    assert (pairs[1].question, pairs[1].alternatives, pairs[1].answer) == (
        "今年有多少人次参加疗休养？", ("疗休养人次",), "今年全市安排职工疗休养3000人次。")


def test_curated_question_may_repeat_a_generated_one_with_the_same_answer(kb: Path) -> None:
    _write(kb / "curated" / "qa.yaml", CURATED.replace("疗休养有几条线路？", f" {Q3.replace('？', '?')} ")
           .replace("疗休养线路共12条。", "今年全市安排职工疗休养3000人次。"))
    assert [p.id for p in load_knowledge(kb).pairs] == ["c1", G1, G2, G3]


def test_sections_may_live_in_any_file_and_dot_directories_are_skipped(kb: Path) -> None:
    _write(kb / "curated" / "劳模" / "all.yaml", CURATED + "synonyms:\n- [劳模, 劳动模范]\n")
    _write(kb / ".backup" / "qa.yaml", "this is: [not valid")
    knowledge = load_knowledge(kb)
    assert [p.id for p in knowledge.pairs][:1] == ["c1"]
    assert knowledge.synonyms == [("劳模", "劳动模范")]


def test_fingerprint_follows_the_bytes(kb: Path, tmp_path: Path) -> None:
    _write(kb / "curated" / "synonyms.yaml", "version: 1\nsynonyms: [[劳模, 劳动模范]]\n")
    first = fingerprint(kb)
    assert len(first) == 24
    assert fingerprint(kb) == first
    assert fingerprint(Path.cwd() / kb) == first  # the same files wherever they are
    _write(kb / "curated" / "synonyms.yaml", "version: 1\nsynonyms: [[劳模, 劳动模范]]  # 注释\n")
    changed = fingerprint(kb)
    assert changed != first
    (kb / "curated" / "synonyms.yaml").rename(kb / "curated" / "words.yaml")
    assert fingerprint(kb) not in (first, changed)


def test_fingerprint_follows_every_file_the_loader_reads(kb: Path) -> None:
    """A .yml file is a problem that load_knowledge reports: it must not leave a cached engine in place."""
    _write(kb / "curated" / "synonyms.yaml", "version: 1\nsynonyms: [[劳模, 劳动模范]]\n")
    first = fingerprint(kb)
    _write(kb / ".backup" / "qa.yaml", "version: 1\n")  # not read: dot directories are skipped
    assert fingerprint(kb) == first
    _write(kb / "curated" / "more.yml", "version: 1\n")
    assert fingerprint(kb) != first


def test_summaries(kb: Path) -> None:
    _write(kb / "curated" / "qa.yaml", CURATED)
    _write(kb / "curated" / "synonyms.yaml", "version: 1\nsynonyms:\n- [劳模, 劳动模范]\n- [职工, 员工]\n")
    _write(kb / "curated" / "overrides.yaml", OVERRIDES)
    _write(kb / "curated" / "empty.yaml", "version: 1\n")
    _write(kb / "curated" / "broken.yaml", "version: 1\nqa: [\n")
    problems, summaries = check_knowledge(kb)
    assert [str(p) for p in problems] == [
        "knowledge/curated/broken.yaml:3: YAML syntax error: expected the node content, "
        "but found '<stream end>' (while parsing a flow node); check indentation and quotes"]
    assert summaries == [
        "knowledge/curated/broken.yaml: not read (see the problems above)",
        "knowledge/curated/empty.yaml: nothing",
        "knowledge/curated/overrides.yaml: 1 hidden pair, 2 overrides",
        "knowledge/curated/qa.yaml: 1 Q&A pair",
        "knowledge/curated/synonyms.yaml: 2 synonym groups",
        f"{GEN}: 2 articles, 6 paragraphs, 3 Q&A pairs",
    ]


def test_absolute_directory_is_shown_relative_to_the_current_directory(kb: Path) -> None:
    _write(kb / "curated" / "qa.yaml", "version: 2\n")
    assert _problems(Path.cwd() / kb) == [f"{QA}:1: unknown format version 2 (this bot reads version 1)"]


def test_remove_stale_generated(kb: Path) -> None:
    write_generated(kb, seed="001_old.txt", articles=(), pairs=())
    _write(kb / "generated" / "notes.yaml", "version: 1\n")  # not written by build: left alone
    assert remove_stale_generated(kb, keep={SEED}) == [kb / "generated" / "001_old.yaml"]
    assert sorted(p.name for p in (kb / "generated").iterdir()) == ["000_test.yaml", "notes.yaml"]
    assert remove_stale_generated(kb, keep={"000_test"}) == []


def test_shipped_curated_files_are_valid() -> None:
    problems, summaries = check_knowledge(Path(__file__).resolve().parents[2] / "knowledge")
    assert [p for p in problems if "/curated/" in p.file] == []
    assert KNOWN_VERSION == 1
    assert any(s.endswith("curated/synonyms.yaml: 17 synonym groups") for s in summaries)
