"""Bylines (bot/ingest/bylines.py): every start and end form, the names by role, and what is no byline."""

from __future__ import annotations

import pytest

from bot.ingest.bylines import (
    Byline,
    credit_byline,
    is_bracketed_names,
    is_names,
    names_by_role,
    split_end_byline,
    start_byline,
)


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("本报讯 通讯员陈晓东报道 今年起，", Byline("本报讯 通讯员陈晓东报道", (), ("陈晓东",), "今年起，")),
        (
            "本报讯 (记者 孙雅琴 通讯员 钱立伟) 7月15日，",
            Byline("本报讯 (记者 孙雅琴 通讯员 钱立伟)", ("孙雅琴",), ("钱立伟",), "7月15日，"),
        ),
        (
            "本报讯（记者 孙雅琴 通讯员 钱立伟）7月15日，",
            Byline("本报讯（记者 孙雅琴 通讯员 钱立伟）", ("孙雅琴",), ("钱立伟",), "7月15日，"),
        ),
        ("本报讯 记者何佳 近日，桐乡", Byline("本报讯 记者何佳", ("何佳",), (), "近日，桐乡")),
        ("本报讯 叶春燕 近日，平湖", Byline("本报讯 叶春燕", (), (), "近日，平湖")),
        ("本报讯 王敏、李华 日前，", Byline("本报讯 王敏、李华", (), (), "日前，")),
        ("本报7月20日讯（记者 沈一鸣）20日，", Byline("本报7月20日讯（记者 沈一鸣）", ("沈一鸣",), (), "20日，")),
        ("本报杭州7月20日讯 杭州市总工会今天", Byline("本报杭州7月20日讯", (), (), "杭州市总工会今天")),
        (
            "中工网讯 （记者 刘婷 通讯员 赵文博）记者日前",
            Byline("中工网讯 （记者 刘婷 通讯员 赵文博）", ("刘婷",), ("赵文博",), "记者日前"),
        ),
        (
            "新华社北京7月20日电（记者 王梓涵、李思琪）记者20日",
            Byline("新华社北京7月20日电（记者 王梓涵、李思琪）", ("王梓涵", "李思琪"), (), "记者20日"),
        ),
        ("人民网7月20日电 今年以来，", Byline("人民网7月20日电", (), (), "今年以来，")),
        ("本报北京7月20日电 （记者 冯雪）记者从", Byline("本报北京7月20日电 （记者 冯雪）", ("冯雪",), (), "记者从")),
        ("宁波日报讯 6月以来，", Byline("宁波日报讯", (), (), "6月以来，")),
        ("青溪讯 为关心劳模，", Byline("青溪讯", (), (), "为关心劳模，")),  # a place files it
        ("本刊讯（通讯员 卢晓鸥）6月6日，", Byline("本刊讯（通讯员 卢晓鸥）", (), ("卢晓鸥",), "6月6日，")),
        (
            "本报讯　通讯员　卢晓鸥　报道：青溪动车所",
            Byline("本报讯　通讯员　卢晓鸥　报道：", (), ("卢晓鸥",), "青溪动车所"),
        ),
        ("青溪讯（通讯员 卢晓鸥）3月6日，", Byline("青溪讯（通讯员 卢晓鸥）", (), ("卢晓鸥",), "3月6日，")),
        ("浙江工人日报讯 记者张三 近日，", Byline("浙江工人日报讯 记者张三", ("张三",), (), "近日，")),
        (
            "记者羊荣江 通讯员林传魁、叶帅报道 近日,",
            Byline("记者羊荣江 通讯员林传魁、叶帅报道", ("羊荣江",), ("林传魁", "叶帅"), "近日,"),
        ),
        ("通讯员 赵六报道", Byline("通讯员 赵六报道", (), ("赵六",), "")),
        ("本报讯 陈七报道 近日,开会。", Byline("本报讯 陈七报道", (), (), "近日,开会。")),
        ("本报讯 记者 王敏 通讯员 李华 近日", Byline("本报讯 记者 王敏 通讯员 李华", ("王敏",), ("李华",), "近日")),
        ("本报讯 近日 开会。", Byline("本报讯", (), (), "近日 开会。")),
        ("本报讯 市总工会开展宣传报道活动。", Byline("本报讯", (), (), "市总工会开展宣传报道活动。")),
        # Credits in brackets before the lead, with no dateline
        ("（记者 方立群 实习生 陶然）5月，", Byline("（记者 方立群 实习生 陶然）", ("方立群",), (), "5月，")),
        ("（通讯员 卢晓鸥）9月3日上午，", Byline("（通讯员 卢晓鸥）", (), ("卢晓鸥",), "9月3日上午，")),
        ("(记者 韦思远 通讯员 贝宁) 在车间，", Byline("(记者 韦思远 通讯员 贝宁)", ("韦思远",), ("贝宁",), "在车间，")),
    ],
)
def test_start_bylines(line: str, byline: Byline) -> None:
    assert start_byline(line) == byline


@pytest.mark.parametrize(
    "line",
    [
        "记者从市总工会获悉，今年的新闻报道",
        "充电桩进小区",
        "喜讯传来",
        "来电咨询的职工",
        "一名通讯员的日记。",
        "工会送清凉",
        "（记者 方立群）",  # alone on its line: an end credit (see test_credit_lines)
        "（一）报名时间：即日起至6月30日。",
        "（以下简称《办法》）自公布之日起施行。",
        "（上接第一版）职工代表们",
        "简讯 市总工会近日开会。",  # a column's name, not a place
        "工会快讯 青溪市总工会",
        "资讯（一）",
        "喜讯 青溪港务公司获奖",
        "本报通讯员　卢晓鸥",  # 本报 + 通 + 讯 is no dateline: a correspondent's credit (test_credit_lines)
    ],
)
def test_no_start_byline(line: str) -> None:
    assert start_byline(line) is None


@pytest.mark.parametrize(
    ("line", "reporters", "correspondents"),
    [
        ("记者 吴晓峰", ("吴晓峰",), ()),
        ("(记者钱江)", ("钱江",), ()),
        ("（文：许嘉怡 摄影：郑凯）", (), ()),
        ("文/图 俞佳", (), ()),
        ("记者 张三 通讯员 李四、王五", ("张三",), ("李四", "王五")),
        ("文/图 张文华", (), ()),
        ("作者：陈思远", (), ()),
        ("（记者 方立群 实习生 陶然）", ("方立群",), ()),
        ("（青溪区总工会供稿）", (), ()),
        ("（青溪区总工会 供稿）", (), ()),
        ("（青溪市总工会职工服务中心供稿）", (), ()),
        ("（青溪市总工会 通讯员 卢晓鸥）", (), ("卢晓鸥",)),
        ("文／青溪纺织公司工会 罗晓岚", (), ()),
        ("记者 青溪区总工会 罗晓岚", ("罗晓岚",), ()),  # the unit is nobody's name
        ("（通讯员 区委宣传部 卢晓鸥）", (), ("卢晓鸥",)),
        ("（青溪市总工会宣教部）", (), ()),  # a union's credit, with its writer or without
        ("（青溪区总工会 罗晓岚）", (), ()),
        ("（青溪供电公司工会 次仁卓嘎）", (), ()),
        ("（作者单位：青溪港务公司工会）", (), ()),  # where the writer works
        ("（青溪市总工会 2023年4月25日）", (), ()),  # a notice's signature
        ("（青溪市教育工会经审办）", (), ()),
        ("□本刊编辑 罗晓岚", (), ()),
        ("本刊记者 罗晓岚", ("罗晓岚",), ()),
        ("（作者：罗晓岚，青溪市总工会法律服务中心主任）", (), ()),
        ("通讯员　林　涛　谭　婧", (), ("林涛", "谭婧")),  # two-character names set out with a space
        ("本报记者　程　浩　摄影报道", ("程浩",), ()),
        ("文｜罗晓岚", (), ()),
        ("（据青溪工人报）", (), ()),  # a digest's item and its source
        ("（《青溪晚报》5月7日）", (), ()),
        ("（中工网5月6日）", (), ()),
        ("（摘自《青溪工人报》2025年6月17日）", (), ()),
        ("特刊记者　孟　凡", ("孟凡",), ()),
        ("文／图　青溪检修分厂　罗晓岚", (), ()),  # the writer's unit: a works, a school, a workshop
        ("文｜白沙县实验中学　罗晓岚", (), ()),
        ("□青溪燃料分厂　罗晓岚", (), ()),  # a box before the unit and the name
        ("■青溪市教育工会法律服务中心　罗　岚", (), ()),
        ("（来源：青溪工人日报客户端2025年5月9日）", (), ()),
        ("白沙省青溪市　读者　罗晓岚", (), ()),  # a reader's letter, signed
        ("读者　罗晓岚", (), ()),
        ("青溪省职工法律服务中心　律师　罗晓岚", (), ()),  # the lawyer answering it
        ("■本报特约律师　罗　岚", (), ()),
        ("白沙市职工法律援助工作站律师　罗晓岚", (), ()),  # the lawyer's unit run on into the role
        ("青溪新闻记者　罗晓岚　通讯员　卢晓鸥", ("罗晓岚",), ("卢晓鸥",)),  # the outlet before its reporter
        ("新华社记者　罗晓岚", ("罗晓岚",), ()),
        ("本网记者　罗晓岚", ("罗晓岚",), ()),
        ("本报通讯员　卢晓鸥、罗晓岚", (), ("卢晓鸥", "罗晓岚")),  # the paper's own correspondents
        ("本刊特约通讯员 卢晓鸥", (), ("卢晓鸥",)),
        ("本报记者 罗晓岚 本报通讯员 卢晓鸥", ("罗晓岚",), ("卢晓鸥",)),
        ("——原载《青溪工人报》2023年6月8日第2版", (), ()),  # where a digest's item first ran
        ("（青溪水泥有限公司职工家属　罗晓岚）", (), ()),  # who the writer is, then the name
    ],
)
def test_credit_lines(line: str, reporters: tuple[str, ...], correspondents: tuple[str, ...]) -> None:
    assert credit_byline(line) == Byline(line, reporters, correspondents)


@pytest.mark.parametrize("line", ["文华 李四", "记者节", "市总工会", "记者从市总工会获悉", "（上）", "（附名单）",
                                  "（以下简称《办法》）", "青溪区总工会供稿", "读者来信", "读者服务"])
def test_no_credit_line(line: str) -> None:
    assert credit_byline(line) is None


@pytest.mark.parametrize(
    ("line", "bracketed", "names"),
    [
        ("（王和平 王公民）", True, False),
        ("(王和平、王公民)", True, False),
        ("王和平 王公民", False, True),
        ("周文斌", False, True),
        ("买买提·艾力", False, True),
        ("（完）", False, False),
        ("以赛促学 以赛促练", False, False),
        ("工会送清凉活动", False, False),
        ("青溪供电公司　罗晓岚", False, True),  # a story signed by its writer's unit and name
        ("青溪市总工会研究室课题组", False, True),  # a research report's writers
        ("青溪工会送温暖", False, False),
    ],
)
def test_names(line: str, bracketed: bool, names: bool) -> None:
    assert (is_bracketed_names(line), is_names(line)) == (bracketed, names)


@pytest.mark.parametrize(
    ("paragraph", "split"),
    [
        ("大家都很满意。（王和平 王公民）", ("大家都很满意。", "（王和平 王公民）")),
        ("大家都很满意。 (记者 楼晓东)", ("大家都很满意。", "(记者 楼晓东)")),
        ("他说：“好。”（文：许嘉怡 摄影：郑凯）", ("他说：“好。”", "（文：许嘉怡 摄影：郑凯）")),
        ("大家都很满意（王和平）", None),  # no sentence end before the brackets: part of the text
        ("（王和平 王公民）", None),
        ("会议要求（一）加强领导。", None),
        ("大家都很满意。（青溪区总工会供稿）", ("大家都很满意。", "（青溪区总工会供稿）")),
        ("大家都很满意。（青溪市总工会 通讯员 卢晓鸥）", ("大家都很满意。", "（青溪市总工会 通讯员 卢晓鸥）")),
        ("自公布之日起施行。（以下简称《办法》）", None),
        ("图为工会干部为环卫工人试穿棉衣。（周航 摄）", ("图为工会干部为环卫工人试穿棉衣。", "（周航 摄）")),
        ("图为比赛现场。（罗晓岚／摄）", ("图为比赛现场。", "（罗晓岚／摄）")),  # a photographer's credit
    ],
)
def test_end_byline_closing_a_paragraph(paragraph: str, split: tuple[str, str] | None) -> None:
    assert split_end_byline(paragraph) == split


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("记者张三，李四 通讯员王五", (("张三", "李四"), ("王五",))),
        ("本报记者 张文华 特约通讯员 李四", (("张文华",), ("李四",))),
        ("文/图 张文华 记者 王五", (("王五",), ())),
        ("王和平 王公民", ((), ())),
    ],
)
def test_names_by_role(text: str, names: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
    assert names_by_role(text) == names


def test_role_words_are_never_names() -> None:
    byline = Byline("记者王五 记者李四报道", ("王五", "李四"), (), "近日，")
    assert start_byline("记者王五 记者李四报道 近日，") == byline
    assert not is_names("记者王五 通讯员李四")


@pytest.mark.parametrize(
    "line", ["记者王五 " * 3000, "王五 " * 3000, "（文：王五 摄影：" * 2000, "本报讯（" + "记者 王五 " * 2000]
)
def test_long_lines_are_no_bylines(line: str) -> None:
    """Only the first MAX_BYLINE characters are read, so a long line costs what a short one does."""
    assert credit_byline(line) is None
    assert not is_names(line) and not is_bracketed_names(line)
    byline = start_byline(line)
    assert byline is None or len(byline.text) <= 120


@pytest.mark.parametrize("line", ["文化研究", "图书馆", "摄影比赛", "作者简介", "文图并茂"])
def test_a_word_starting_with_a_role_is_no_credit_line(line: str) -> None:
    """Roles other than 记者/通讯员 need their separator (文：X, 文/图 X, 摄影 Y)."""
    assert credit_byline(line) is None
