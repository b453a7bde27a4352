"""Repairs of print damage (bot/ingest/repairs.py): rejoined lines, repeats kept once, nothing else lost."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.lines import Kind
from bot.ingest.repairs import BodyLine, dedupe, despaced, pictographs, questions, radicals, rejoin, unwrap
from bot.ingest.sentences import split_sentences, terminated


def lines(*texts: str) -> list[BodyLine]:
    return [BodyLine(number, text) for number, text in enumerate(texts, start=1)]


def repaired(*texts: str) -> tuple[list[str], list[tuple[int, str]]]:
    blocks, removed = dedupe(rejoin(lines(*texts)))
    return [block.text for block in blocks], removed


@pytest.mark.parametrize(
    ("texts", "paragraphs"),
    [
        (("近年来，市总工会开展了", "系列宣传活动。"), ["近年来，市总工会开展了系列宣传活动。"]),
        (("第一段。", "第二段。"), ["第一段。", "第二段。"]),
        (("列举如下：", "一是加强。"), ["列举如下：一是加强。"]),
        (("前文有逗号，没有结束", "收尾"), ["前文有逗号，没有结束收尾"]),
    ],
)
def test_broken_lines_are_rejoined(texts: tuple[str, ...], paragraphs: list[str]) -> None:
    assert repaired(*texts) == (paragraphs, [])


def test_headings_are_their_own_paragraphs() -> None:
    blocks = rejoin(
        [
            BodyLine(1, "导语。", lead=True),
            BodyLine(2, "小标题"),
            BodyLine(3, "★ 服务职工，解决难题", kind=Kind.MARKED),
            BodyLine(4, "正文。"),
            BodyLine(5, "结尾"),
        ]
    )
    assert [(b.text, b.heading) for b in blocks] == [
        ("导语。", False),
        ("小标题", True),
        ("★ 服务职工，解决难题", True),
        ("正文。", False),
        ("结尾", False),
    ]


DOUBLED = "市总工会充分发挥职能优势，积极展现新时代劳动者的精神风貌。"


@pytest.mark.parametrize(
    ("texts", "paragraphs", "removed"),
    [
        ((DOUBLED + DOUBLED,), [DOUBLED], [(1, DOUBLED)]),
        (("导语。", DOUBLED + DOUBLED + "后文。"), ["导语。", DOUBLED + "后文。"], [(2, DOUBLED)]),
        # restated after other text, or at the start of the next paragraph: the author's, kept
        ((DOUBLED + "中间一句。" + DOUBLED,), [DOUBLED + "中间一句。" + DOUBLED], []),
        ((DOUBLED, DOUBLED), [DOUBLED, DOUBLED], []),
        # a sentence inside a longer one occurs once: kept
        (
            ("自在奥义书的名字意为出自神灵的。" + "名字意为出自神灵的。",),
            ["自在奥义书的名字意为出自神灵的。名字意为出自神灵的。"],
            [],
        ),
        # short repeats are ordinary phrases
        (("开展活动。开展活动。",), ["开展活动。开展活动。"], []),
        # the unfinished end of a paragraph that repeats earlier text is a layout fragment
        (
            (
                "增强员工安全意识，筑牢安全防护、燃气安全知识。",
                "线下活动现场讲课等方式，",
                "增强员工安全意识，筑牢安全防护、",
            ),
            ["增强员工安全意识，筑牢安全防护、燃气安全知识。", "线下活动现场讲课等方式，"],
            [(3, "增强员工安全意识，筑牢安全防护、")],
        ),
        (
            ("增强员工安全意识，筑牢安全防护。", "增强员工安全意识，筑牢安全"),
            ["增强员工安全意识，筑牢安全防护。"],
            [(2, "增强员工安全意识，筑牢安全")],
        ),
    ],
    ids=[
        "doubled",
        "doubled-in-second-paragraph",
        "restated",
        "next-paragraph",
        "inside-longer",
        "short",
        "fragment",
        "whole-paragraph-fragment",
    ],
)
def test_repeats(texts: tuple[str, ...], paragraphs: list[str], removed: list[tuple[int, str]]) -> None:
    assert repaired(*texts) == (paragraphs, removed)


_POOL = st.lists(
    st.text(alphabet="工会职工活动开展举办服务技能培训，、“”", min_size=1, max_size=16),
    min_size=1,
    max_size=5,
    unique=True,
)


@given(
    _POOL.flatmap(
        lambda pool: st.tuples(
            st.just(pool),
            st.lists(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=6), min_size=1, max_size=6),
        )
    )
)
def test_a_sentence_that_occurs_once_is_never_removed(case: tuple[list[str], list[list[int]]]) -> None:
    pool, paragraphs = case
    sentences = [text + "。" for text in pool]
    inputs = ["".join(sentences[i] for i in paragraph) for paragraph in paragraphs]
    kept, _ = repaired(*inputs)
    counts_in = Counter(s for text in inputs for s in split_sentences(text))
    counts_out = Counter(s for text in kept for s in split_sentences(text))
    for sentence, count in counts_in.items():
        assert counts_out[sentence] >= 1
        if count == 1:
            assert counts_out[sentence] == 1


@given(
    st.lists(
        st.text(alphabet="工会职工活动开展。，、！”“ 　", min_size=1, max_size=40).map(str.strip).filter(bool),
        min_size=1,
        max_size=8,
    )
)
def test_every_character_is_kept_or_reported(texts: list[str]) -> None:
    kept, removed = repaired(*texts)
    found = Counter("".join(kept) + "".join(text for _, text in removed))
    assert +(found - Counter("".join(texts))) == Counter()
    assert Counter(ch for ch in "".join(texts) if not ch.isspace()) == Counter(
        ch for ch in found.elements() if not ch.isspace()
    )
    assert all(1 <= line <= len(texts) for line, _ in removed)
    assert all(not terminated(text) or len(text) >= 12 for _, text in removed)


_PARAGRAPHS = ["本报讯（记者 罗晓岚）6月4日，集团公司工会召开第十届委员会第三次全体会议，"
               "总结上半年工作，部署下半年重点任务。",
               "会议补选了集团公司工会副主席1名、常委委员2名，选举程序严格按照工会章程和选举工作条例进行。",
               "各矿（厂）工会主席和集团公司工会机关全体人员参加会议。"]
_TITLES = ["青溪矿工会召开十届三次全委会议", "白沙矿群监员扎根采掘一线"]
_STORY = ["在白沙煤矿，有一支由156名群众安全监督员组成的队伍，矿工们亲切地称他们为井下“安全哨”。"]


def _wrapped(paragraphs: list[str], width: int = 20) -> list[str]:
    return [p[k:k + width] for p in paragraphs for k in range(0, len(p), width)]


def test_hard_wrapped_lines_are_joined_where_a_full_line_goes_on() -> None:
    page = [_TITLES[0], *_wrapped(_PARAGRAPHS), _TITLES[1], *_wrapped(_STORY)]
    assert [text for _, text in unwrap(list(enumerate(page, 1)))] == [_TITLES[0], *_PARAGRAPHS, _TITLES[1], *_STORY]


@pytest.mark.parametrize("above", [
    "青溪县一万二千名一线职工参加职业技能比武",  # a title as wide as the column: the byline under it opens a paragraph
    "2024年11月18日  星期一责编：罗晓岚",  # a page's date and editor, fields apart: no column's text
])
def test_a_full_line_does_not_go_on_into_a_byline_or_out_of_a_page_s_fields(above: str) -> None:
    page = [*_wrapped(_STORY), above, *_wrapped(_PARAGRAPHS)]
    assert [text for _, text in unwrap(list(enumerate(page, 1)))] == [*_STORY, above, *_PARAGRAPHS]


def test_a_page_s_date_line_as_wide_as_the_column_does_not_go_on_into_the_first_title() -> None:
    date = "2024年9月12日　星期四　责任编辑：罗晓岚"
    page = [date, _TITLES[0], *_wrapped(_PARAGRAPHS), _TITLES[1], *_wrapped(_STORY)]
    assert [text for _, text in unwrap(list(enumerate(page, 1)))] == [*page[:2], *_PARAGRAPHS, _TITLES[1], *_STORY]


def test_a_page_of_paragraphs_is_not_unwrapped() -> None:
    lines = list(enumerate(["青溪工会举办技能比武", "市总工会近日举办活动，职工踊跃参加，来自全市各行业的"
                            "120名选手参加了比赛。", "比赛设理论和实操两个环节，最终评出一等奖3名。"], 1))
    assert unwrap(lines) == lines


# A PDF copy of uneven width (half-width digits and marks): paragraphs open indented, lines go on unindented.
_INDENTED_PAGE = [
    (1, "青溪市三万名职工有了“技能成长账户”"),
    (3, "　　本报讯（记者 罗晓岚）青溪市“技能成长账户”开户职工已突破三万人。"),
    (4, "11月12日，记者从青溪市总工会获悉，自今年3月试点以来，全市已"),
    (5, "有126家规上工业企业为一线职工建立“技能成长账户”，职工参加培训、"),
    (6, "技能比武等情况按积分记入账户，积分与技能津贴直接挂钩。"),
    (7, "　　在青溪重型机械有限公司装配车间，焊工赵明亮打开手机上的账户页"),
    (8, "面，上面记着他今年以来的32个积分。“考下高级工证书记了10分。”"),
    (9, "　　记者了解到，为防止“账户”流于形式，市总工会联合市人社局制定了"),
    (10, "积分指导目录，明确培训学时、竞赛名次、创新成果等7类23项积分"),
    (11, "标准，企业可在目录内结合实际细化。"),
    (12, "　　市总工会经济技术部负责人介绍，“账户”由企业工会牵头建立，积分"),
    (13, "规则须经职代会审议通过，职工可随时查询、提出异议，今年已有三千人查询"),
    (14, "青溪工人报　　　　2024年11月14日　　　　3"),  # a running header: it stops the paragraph
    (15, "白沙县建筑工地开起“农民工夜校”，首批学员结业"),
    (16, "本报记者　罗晓岚　通讯员　王　磊"),  # a byline never goes on a title
    (17, "　　今年5月，白沙县总工会联合县住建局在全县8个在建项目开办夜校，每周开课"),
    (18, "两个晚上。"),
    (19, "　　截至目前，夜校累计开课196次，培训建筑工人1800余人次，首批"),
    (20, "210名学员通过职业技能等级认定。"),
]


def test_an_indented_hard_wrapped_page_is_unwrapped_by_paragraph() -> None:
    texts = [text for _, text in unwrap(_INDENTED_PAGE)]
    assert texts == [
        "青溪市三万名职工有了“技能成长账户”",
        "本报讯（记者 罗晓岚）青溪市“技能成长账户”开户职工已突破三万人。",
        "11月12日，记者从青溪市总工会获悉，自今年3月试点以来，全市已有126家规上工业企业为一线职工建立“技能成长账户”，"
        "职工参加培训、技能比武等情况按积分记入账户，积分与技能津贴直接挂钩。",
        "在青溪重型机械有限公司装配车间，焊工赵明亮打开手机上的账户页面，上面记着他今年以来的32个积分。“考下高级工证书记了10分。”",
        "记者了解到，为防止“账户”流于形式，市总工会联合市人社局制定了积分指导目录，明确培训学时、竞赛名次、创新成果等7类23项积分"
        "标准，企业可在目录内结合实际细化。",
        "市总工会经济技术部负责人介绍，“账户”由企业工会牵头建立，积分规则须经职代会审议通过，职工可随时查询、提出异议，今年已有三千人查询",
        "青溪工人报　　　　2024年11月14日　　　　3",
        "白沙县建筑工地开起“农民工夜校”，首批学员结业",
        "本报记者　罗晓岚　通讯员　王　磊",
        "今年5月，白沙县总工会联合县住建局在全县8个在建项目开办夜校，每周开课两个晚上。",
        "截至目前，夜校累计开课196次，培训建筑工人1800余人次，首批210名学员通过职业技能等级认定。",
    ]


def test_a_page_with_few_indents_is_not_unwrapped_by_paragraph() -> None:
    page = [(n, text.strip()) for n, text in _INDENTED_PAGE[:4]]
    assert unwrap(page) == page


@pytest.mark.parametrize(("lines", "read"), [
    ([(1, "试用期内被辞退，"), (2, "能要求经济补偿吗？")], [(1, "试用期内被辞退，能要求经济补偿吗？")]),
    ([(1, "试用期内被辞退，"), (3, "能要求经济补偿吗？")],  # a blank line between
     [(1, "试用期内被辞退，"), (3, "能要求经济补偿吗？")]),
    ([(1, "市总工会近日举办活动，职工踊跃参加，来自全市各行业的"), (2, "选手有多少？")],  # no short line
     [(1, "市总工会近日举办活动，职工踊跃参加，来自全市各行业的"), (2, "选手有多少？")]),
    ([(1, "工会帮忙，"), (2, "讨回工资。")], [(1, "工会帮忙，"), (2, "讨回工资。")]),  # no question
])
def test_a_question_title_set_over_two_lines_at_its_comma(lines: list[tuple[int, str]],
                                                         read: list[tuple[int, str]]) -> None:
    assert questions(lines) == read


@pytest.mark.parametrize(("text", "read"), [
    ("市总⼯会为⼥职⼯送健康", "市总工会为女职工送健康"),  # Kangxi radicals a PDF copy printed
    ("⽣产⼀线的⼈", "生产一线的人"),
    ("市总工会，２０２４年", "市总工会，２０２４年"),  # nothing else: full-width digits and commas stay
])
def test_radicals_read_as_ideographs(text: str, read: str) -> None:
    assert radicals(text) == read


@pytest.mark.parametrize(("text", "read", "emoji"), [
    ("🏡 职工子女暑期托管班开班啦", " 职工子女暑期托管班开班啦", "🏡"),  # a push's title dressed in a pictograph
    ("🔶 02", " 02", "🔶"),  # … and an item's number
    ("👉👉往期推荐", "往期推荐", "👉👉"),
    ("3️⃣ 报名方式", "3 报名方式", "\ufe0f\u20e3"),  # a keycap digit is its digit
    ("活动持续到月底。🎉🎉", "活动持续到月底。", "🎉🎉"),
    ("🇨🇳 国庆", " 国庆", "🇨🇳"),  # a flag is two regional letters
    ("★ 本期要目", "★ 本期要目", ""),  # the basic plane's marks stay: they mark headings (lines.MARK_SYMBOLS)
    ("▶ 通知", "▶ 通知", ""),
])
def test_emoji_are_removed(text: str, read: str, emoji: str) -> None:
    assert pictographs(text) == (read, emoji)


@pytest.mark.parametrize(("line", "read"), [
    ("一 堂 别 开 生 面 的 安 全 课", "一堂别开生面的安全课"),  # a title set out letter by letter
    ("　工 作 简 报", "　工作简报"),  # its indent stays (a PDF column's width holds it)
    ("王　磊", "王　磊"),  # a name set out to three characters' width: too short to be letter-spaced
    ("青溪工会 送温暖 暖人心", "青溪工会 送温暖 暖人心"),  # words apart, not letters
])
def test_letter_spaced_titles(line: str, read: str) -> None:
    assert despaced(line) == read
