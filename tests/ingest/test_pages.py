"""Seed files in, articles out (bot/ingest/pages.py): the seed page, small pages, read_seeds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from conftest import LAYOUT, REPO, SECOND_PATH, SEED_NAME

from bot.core.model import Article, article_id
from bot.ingest.accounting import account
from bot.ingest.pages import parse_page, read_file, read_page, read_seeds
from bot.ingest.sentences import split_sentences

# --- the seed page: article boundaries ------------------------------------------------------------

SEED_HEADS = [  # (kickers, title, subtitles, byline)
    (("吹响“冲锋号” 树起“风向标” 织密“关爱网”",), "金华市总工会为全国文明城市创建贡献力量", (),
     "记者羊荣江 通讯员林传魁、叶帅报道"),
    (("缘聚古道凉溪",), "“浙工缘”青年职工交友活动走进路桥", (), "本报讯 通讯员王敏力报道"),
    ((), "杭州市总干校进企宣讲 邀劳模工匠 话安全", (), "本报讯 通讯员周晶晶报道"),
    ((), "王晖平当选 义乌市总工会主席", (), "本报讯 通讯员倪光曦报道"),
    ((), "3年培育40名 湖州南浔选拔 又红又专的标兵", (), "本报讯 记者程雪 通讯员刘金、李华、高曙瑛报道"),
    ((), "灾后自救战 泛起“工会蓝”", (), "本报讯 通讯员邵瑜、魏星报道"),
    (("当一周工人 体工会初心",), "“走近他们才能听到真实的声音”", ("奉化工会“当一周工人”锤炼队伍",),
     "本报讯 记者张浩呈 通讯员陈标报道"),
    (("我们是家乡特产的搬运工",), "南湖工会“当一周工人”再出发", (), "本报讯 记者阮向民 通讯员祝琳报道"),
]

SEED_NAMES = [
    (("羊荣江",), ("林传魁", "叶帅")),
    ((), ("王敏力",)),
    ((), ("周晶晶",)),
    ((), ("倪光曦",)),
    (("程雪",), ("刘金", "李华", "高曙瑛")),
    ((), ("邵瑜", "魏星")),
    (("张浩呈",), ("陈标",)),
    (("阮向民",), ("祝琳",)),
]


def test_seed_page_has_eight_articles_in_page_order(seed_articles: list[Article]) -> None:
    assert [a.title for a in seed_articles] == [head[1] for head in SEED_HEADS]


@pytest.mark.parametrize(("index", "head"), list(enumerate(SEED_HEADS)))
def test_seed_titles_subtitles_and_bylines(
    seed_articles: list[Article], index: int, head: tuple[tuple[str, ...], str, tuple[str, ...], str]
) -> None:
    article = seed_articles[index]
    assert (article.kickers, article.title, article.subtitles, article.byline) == head
    assert article.file == SEED_NAME
    assert article.date is None


@pytest.mark.parametrize(("index", "names"), list(enumerate(SEED_NAMES)))
def test_seed_reporters_and_correspondents(
    seed_articles: list[Article], index: int, names: tuple[tuple[str, ...], tuple[str, ...]]
) -> None:
    assert (seed_articles[index].reporters, seed_articles[index].correspondents) == names


def test_lead_text_after_byline_is_paragraph_one(seed_articles: list[Article]) -> None:
    lead = seed_articles[0].paragraphs[0]
    assert lead.number == 1
    assert lead.text.startswith("近日,金华市以总分96.96分的成绩")
    assert seed_articles[6].paragraphs[0].text.startswith("“机械地保持同一个姿势,")


def test_section_headings_of_article_one(seed_articles: list[Article]) -> None:
    headings = [(p.number, p.text) for p in seed_articles[0].paragraphs if p.kind == "heading"]
    assert headings == [
        (3, "引领职工吹响创建“冲锋号”"),
        (6, "推优评先树好创建“风向标”"),
        (10, "纾忧解困织密职工“关爱网”"),
    ]
    assert all(p.kind == "text" for a in seed_articles[1:] for p in a.paragraphs)


@pytest.mark.parametrize(
    ("index", "number", "text"),
    [
        (0, 4, "近年来,金华市总工会积极开展以“为新中国成立70周年献礼”“庆祝五一劳动节”为主题的系列宣传活动,"
               "组织“信义和美、孝善金华”百万职工助力全国文明城市创建、“劳动光荣五一梦想”毅行、"
               "“新时代劳动者之歌”“五一”晚会、全市职工系列运动会等活动,积极展现新时代金华劳动者大军的精神风貌。"),
        (0, 11, "三年来,金华市总工会围绕健全劳动法律监督组织网络,完善劳动法律监督工作制度,"
                "加大工会劳动法律监督力度,多措并举、持续用力,发放《工会劳动法律监督意见书》317份、《工会劳动法律监督建议书》5份,"
                "有效化解劳动争议纠纷2607起,维权金额共计5400万元,企业工会监督组织覆盖率达到93%,"
                "有效维护了全市职工的正当权益。"),
        (3, 1, "7月10日,义乌市总工会第十八次代表大会召开。义乌市总工会党组书记王晖平代表"
               "市总工会第十七届委员会向大会作了题为《牢记初心使命 竭诚服务职工 "
               "团结动员全市职工为高质量高水平建成世界“小商品之都”"
               "而努力奋斗》的报告。会议审议通过了义乌市总工会第十七届委员会工作报告、经费审查委员会工作报告和"
               "财务工作报告,大会选举王晖平为义乌市总工会主席,刘德丰、方丹云为副主席,方洪为挂职副主席,"
               "李二桥为兼职副主席。"),
        (6, 4, "戚仕张的岗位是为公司生产的迷你打印机做零件组装,要把直径不到1毫米的零件装进一个狭窄的空间里面,"
               "不仅考验手上的巧劲,更考验专注力。尽管车间里装有空调,但戚仕张的脑门上还是冒出了细密的汗珠。"
               "“因为电子设备忌磁、忌水,所以每次进车间,我们都不能带手机,手腕上需佩戴消磁设备,"
               "大拇指和食指还要戴上指套。”“真枪实弹”的临场体验让戚仕张有紧迫感。"),
        (7, 2, "南湖凤桥水蜜桃是当地有名的特产,7月中旬是凤桥水蜜桃集中上市期,今年受疫情影响,"
               "市场需求量没往年那么旺盛。嘉兴凤桥生态农场有限公司总经理、年轻的“新农人”陈慧春,"
               "凭借多年“农业+旅游+电商”深度融合的经营模式,抢先谋划直播带货等经营方式,"
               "面对疫情给农产品市场带来的巨大挑战,带领桃花源生态农场逆势而上,“两月桥”品牌水蜜桃已全部预售完成。"),
        (7, 4, "“我是凤桥人,这次到桃花源生态农场当工人,对我来说是一次难得的劳动体验,希望我们的加入,"
               "为企业搭把手出力。更重要的是通过一周的劳动体验,和‘新农人’们交朋友,了解农业企业和农企职工的"
               "需求和期盼,为凤桥乡村振兴出一份力。”凤桥镇职业化工会工作者范裕婷第一个报名参加活动,"
               "道出了自己的心愿。"),
    ],
)
def test_paragraphs_broken_across_a_blank_line_are_rejoined(
    seed_articles: list[Article], index: int, number: int, text: str
) -> None:
    paragraph = seed_articles[index].paragraph(number)
    assert paragraph is not None
    assert (paragraph.text, paragraph.kind) == (text, "text")


@pytest.mark.parametrize(
    ("index", "number", "start", "end"),
    [
        (0, 5, "发挥工会网站、", "创建全国文明城市的新风吹遍八婺大地,为金华创建全国文明城市发挥了积极作用。"),
        (0, 8, "2020年推荐全国劳模8人",
         "努力打造一支优质高效的社区卫生服务团队,让更多居民在家门口享受到更好的医疗服务。”"),
        (2, 3, "该系列讲座共举办10场", "燃气安全知识、道路交通安全知识、劳动用工安全等。"
                                     "10位劳模工匠用自己几十年的经验,"),
        (4, 3, "把100名党员职工培养为技术能手", "培育40名又红又专的“红色工匠”,打造一批政治过硬、"),
        (5, 3, "7月12日下午", "他们积极响应市委、市政府号召参与全市“万人清扫大行动”"),
        (6, 6, "在与企业职工沟通交流中", "不仅能让职工得到实惠,还能帮助企业打开销路。"),
        (7, 3, "解决了销售问题", "开启今年第二期“当一周工人、体工会初心”活动。7月13日"),
    ],
)
def test_other_rejoined_paragraphs(
    seed_articles: list[Article], index: int, number: int, start: str, end: str
) -> None:
    paragraph = seed_articles[index].paragraph(number)
    assert paragraph is not None
    assert paragraph.text.startswith(start)
    assert end in paragraph.text


def test_sentence_repeated_by_the_layout_is_kept_once(seed_articles: list[Article]) -> None:
    paragraph = seed_articles[0].paragraph(7)
    assert paragraph is not None
    sentence = ("金华市总工会充分发挥职能优势,在创建全国文明城市的过程中,"
                "大力弘扬工人阶级伟大品格和新时代劳动者之歌,“五一”晚会、全市职工系列运动会等活动,积极展现新时代金华劳动者大军的精神风貌。")
    assert paragraph.text == sentence
    assert paragraph.sentences == (sentence,)


def test_repeated_dangling_tail_is_dropped(seed_articles: list[Article]) -> None:
    hangzhou = seed_articles[2]
    last = hangzhou.paragraphs[-1]
    assert last.number == 4
    assert last.text.endswith(
        "线下活动现场,通过悬挂主题横幅、电子屏滚动播出、分发安全操作手册和劳模工匠们现场讲课等方式,"
    )
    assert last.truncated is True  # once the repeated fragment is gone, the paragraph stops mid-sentence
    fragment = "增强员工安全意识,筑牢安全防护、燃气安全知识、"
    assert sum(p.text.count(fragment) for p in hangzhou.paragraphs) == 1


def test_title_block_is_not_glued_to_previous_article(seed_articles: list[Article]) -> None:
    assert all("王晖平当选" not in p.text for p in seed_articles[2].paragraphs)
    assert all("我们是家乡特产的搬运工" not in p.text for p in seed_articles[6].paragraphs)


def test_page_ends_mid_sentence(seed_articles: list[Article]) -> None:
    last = seed_articles[-1].paragraphs[-1]
    cut = "“到基层最需要的地方去,到一线最值得磨练的岗位上去,这是"
    assert (last.number, last.text, last.truncated, last.sentences) == (6, cut, True, (cut,))
    flagged = [(a.title, p.number) for a in seed_articles for p in a.paragraphs if p.truncated]
    assert flagged == [("杭州市总干校进企宣讲 邀劳模工匠 话安全", 4), ("南湖工会“当一周工人”再出发", 6)]


def test_misplaced_paragraph_stays_where_it_stands(seed_articles: list[Article]) -> None:
    fenghua = seed_articles[6]
    last = fenghua.paragraphs[-1]
    assert (last.number, last.kind) == (8, "text")
    assert last.text.startswith("我们开展这一活动的目的和意义所在。”胡国飞介绍说,今年3月初,")
    assert last.sentences[0] == "我们开展这一活动的目的和意义所在。”"
    assert seed_articles[7].paragraphs[0].text.startswith("“我们不生产农产品,但我们至少可以担当搬运工。”")


@pytest.mark.parametrize(("index", "count"), list(enumerate([14, 4, 4, 1, 5, 5, 8, 6])))
def test_paragraph_counts(seed_articles: list[Article], index: int, count: int) -> None:
    assert len(seed_articles[index].paragraphs) == count


def test_paragraphs_and_sentences_are_numbered_consistently(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        assert [p.number for p in article.paragraphs] == list(range(1, len(article.paragraphs) + 1))
        for paragraph in article.paragraphs:
            expected = (paragraph.text,) if paragraph.kind == "heading" else split_sentences(paragraph.text)
            assert paragraph.sentences == expected
            assert "".join(paragraph.sentences) == paragraph.text


def test_punctuation_and_inner_spaces_are_kept(seed_articles: list[Article]) -> None:
    lead = seed_articles[0].paragraphs[0].text
    assert "近日,金华市" in lead and "，" not in lead
    assert seed_articles[0].kickers[0].count(" ") == 2  # 吹响“冲锋号” 树起“风向标” 织密“关爱网”, the kicker


def test_ids_are_stable_and_unique(seed_articles: list[Article], seed_text: str) -> None:
    assert [a.id for a in seed_articles] == [article_id(SEED_NAME, a.title) for a in seed_articles]
    assert len({a.id for a in seed_articles}) == 8
    assert [a.id for a in parse_page(seed_text, file=SEED_NAME)] == [a.id for a in seed_articles]


def test_parsing_is_deterministic(seed_text: str) -> None:
    assert parse_page(seed_text, file=SEED_NAME) == parse_page(seed_text, file=SEED_NAME)


@pytest.mark.parametrize(("meta", "byline"), [
    ("发布时间：2024-05-22 17:30:02  来源：经济技术工作部  作者：罗 岚  浏览次数：1102", "作者：罗 岚"),
    ("作者：罗晓岚　来源：青溪工人报　发布时间：2024-05-22", "作者：罗晓岚"),
    ("发布时间：2024-01-19 16:42:08  来源：办公室  作者：  浏览次数：88", None),  # no name given
])
def test_a_web_page_s_line_about_the_article_names_its_writer(meta: str, byline: str | None) -> None:
    text = f"青溪市举办首届职工数字技能大赛\n\n{meta}\n\n5月20日，青溪市首届职工数字技能大赛举行。比赛设三个项目。\n"
    [article] = read_page(text, file="p.txt").articles
    assert (article.byline or None) == byline


@pytest.mark.parametrize(
    "text",
    ["今天天气很好。\n\n工会举办了活动。\n", "本报讯 通讯员王敏报道 近日,工会举办了活动。\n"],
    ids=["no-title", "byline-without-title"],
)
def test_pages_without_a_title_give_no_article_and_set_everything_aside(text: str) -> None:
    reading = read_page(text, file="p.txt")
    assert reading.articles == ()
    assert [(p.reason, p.text) for p in reading.set_aside] == [
        ("text before the first title", line) for line in text.split("\n") if line
    ]


def test_read_seeds_keeps_building_the_good_files(tmp_path: Path, seed_text: str) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / SEED_NAME).write_text(seed_text, encoding="utf-8")
    (tmp_path / "b_binary.txt").write_bytes(random.Random(7).randbytes(4096))
    (tmp_path / "c_nobyline.txt").write_text("只有一句话。\n", encoding="utf-8")
    (tmp_path / "second_page.txt").write_bytes(SECOND_PATH.read_bytes())
    (tmp_path / "notes.md").write_text("不是种子", encoding="utf-8")
    (tmp_path / ".~lock.txt").write_text("锁", encoding="utf-8")
    (tmp_path / "d_scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "~$draft.docx").write_bytes(b"lock")
    (tmp_path / "sub").mkdir()
    report = read_seeds(tmp_path)
    articles, errors = report.articles, report.errors
    assert [a.file for a in articles] == [SEED_NAME] * 8 + ["second_page.txt"] * 3
    nothing = ("no article found (an article starts with its title on a line of its own, then its text); "
               "nothing was built from this file")
    assert errors == [
        f"{tmp_path / 'a_empty.txt'}: the file is empty",
        f"{tmp_path / 'b_binary.txt'}: not UTF-8 or GB18030 text; save it as UTF-8 and rebuild",
        f"c_nobyline.txt: {nothing}",
        f"{tmp_path / 'd_scan.pdf'}: .pdf files are not read; copy its text into a .txt file",
        f"notes.md: {nothing}",
    ]


def test_read_seeds_of_a_missing_directory(tmp_path: Path) -> None:
    report = read_seeds(tmp_path / "nope")
    assert (report.articles, report.errors) == ([], [f"{tmp_path / 'nope'}: no such seed directory"])


def test_read_seeds_of_the_repository(seed_articles: list[Article]) -> None:
    report = read_seeds(REPO / "seeds")
    assert (report.articles, report.errors) == (seed_articles, [])


# --- generic parsing rules on small pages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "byline", "reporters", "correspondents", "lead"),
    [
        ("本报讯 记者张三 通讯员李四、王五报道 近日,开会。", "本报讯 记者张三 通讯员李四、王五报道",
         ("张三",), ("李四", "王五"), "近日,开会。"),
        ("记者张三，李四 通讯员王五报道 近日,开会。", "记者张三，李四 通讯员王五报道",
         ("张三", "李四"), ("王五",), "近日,开会。"),
        ("通讯员 赵六报道 近日,开会。", "通讯员 赵六报道", (), ("赵六",), "近日,开会。"),
        ("本报讯（记者 张三 通讯员 李四）近日,开会。", "本报讯（记者 张三 通讯员 李四）",
         ("张三",), ("李四",), "近日,开会。"),
        ("本报讯 陈七报道 近日,开会。", "本报讯 陈七报道", (), (), "近日,开会。"),
    ],
)
def test_byline_forms(
    line: str, byline: str, reporters: tuple[str, ...], correspondents: tuple[str, ...], lead: str
) -> None:
    (article,) = parse_page(f"标题\n\n{line}\n", file="p.txt")
    assert (article.byline, article.reporters, article.correspondents) == (byline, reporters, correspondents)
    assert [p.text for p in article.paragraphs] == [lead]


@pytest.mark.parametrize(("last", "byline", "reporters"), [
    ("会后开展了培训。（记者　罗晓岚）", "本报讯 （记者　罗晓岚）", ("罗晓岚",)),  # the writer named at the end
    ("会后开展了培训。", "本报讯", ()),
])
def test_a_bare_dateline_takes_the_end_credit(last: str, byline: str, reporters: tuple[str, ...]) -> None:
    (article,) = parse_page(f"青溪工会举办培训\n\n本报讯　7月10日，青溪市总工会举办培训班。\n{last}\n",
                            file="p.txt")
    assert (article.byline, article.reporters, article.paragraphs[-1].text) == (byline, reporters, "会后开展了培训。")


def test_byline_without_lead_starts_the_body_on_the_next_line() -> None:
    (article,) = parse_page("标题\n\n通讯员王敏报道\n\n近日,开会。\n", file="p.txt")
    assert [p.text for p in article.paragraphs] == ["近日,开会。"]


def test_text_before_the_first_title_is_not_an_article() -> None:
    page = "上一版转来的结尾,大家都很满意。\n\n标题\n\n通讯员王敏报道 近日,开会。\n"
    (article,) = parse_page(page, file="p.txt")
    assert article.title == "标题"


def test_same_title_twice_gets_two_ids() -> None:
    page = "简讯\n\n通讯员甲报道 第一条。\n\n简讯\n\n通讯员乙报道 第二条。\n"
    first, second = parse_page(page, file="p.txt")
    assert first.id == article_id("p.txt", "简讯")
    assert second.id != first.id
    assert second.id == parse_page(page, file="p.txt")[1].id


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("小标题\n\n正文第一句。", [("heading", "小标题"), ("text", "正文第一句。")]),
        ("前文有逗号,没有结束\n\n小标题\n\n正文。",
         [("text", "前文有逗号,没有结束"), ("heading", "小标题"), ("text", "正文。")]),
        ("前文有逗号,没有结束\n\n收尾", [("text", "前文有逗号,没有结束收尾")]),
        ("第一段。\n\n\n\n第二段。", [("text", "第一段。"), ("text", "第二段。")]),
        ("列举如下:\n\n一是加强。", [("text", "列举如下:一是加强。")]),
    ],
    ids=["heading", "heading-after-open-paragraph", "short-tail-joins", "blank-lines", "colon-joins"],
)
def test_headings_and_joins(body: str, expected: list[tuple[str, str]]) -> None:
    (article,) = parse_page(f"标题\n\n通讯员王敏报道\n\n{body}\n", file="p.txt")
    assert [(p.kind, p.text) for p in article.paragraphs] == expected


def test_short_repeats_are_not_layout_damage() -> None:
    body = "开展“当一周工人”活动。\n\n今年继续开展“当一周工人”活动。"
    (article,) = parse_page(f"标题\n\n通讯员王敏报道\n\n{body}\n", file="p.txt")
    assert [p.text for p in article.paragraphs] == [
        "开展“当一周工人”活动。", "今年继续开展“当一周工人”活动。",
    ]


# --- a second, invented page parses without code changes -----------------------------------------


def test_second_page_articles(second_articles: list[Article]) -> None:
    heads = [(a.kickers, a.title, a.subtitles, a.byline, a.reporters, a.correspondents, a.date)
             for a in second_articles]
    assert heads == [
        (("巾帼建功新时代",), "宁海县总工会为一线女职工送上“暖心包”", (),
         "本报讯 记者陈晓燕 通讯员王丽、赵敏报道", ("陈晓燕",), ("王丽", "赵敏"), "2021-03-08"),
        (("以赛促学 以赛促练",), "余姚职工技能比武决出“状元”", ("326名选手同台竞技6个工种",), "通讯员孙立新报道",
         (), ("孙立新",), "2021-03-08"),
        ((), "快递小哥有了“歇脚驿站”", (), "本报讯（记者 周明 通讯员 吴芳）", ("周明",), ("吴芳",), "2021-03-08"),
    ]


def test_second_page_paragraphs(second_articles: list[Article]) -> None:
    first = second_articles[0]
    assert [(p.number, p.kind) for p in first.paragraphs] == [
        (1, "text"), (2, "text"), (3, "heading"), (4, "text"), (5, "text"),
    ]
    assert first.paragraphs[1].text == (
        "据了解,“暖心包”内有体检卡、防护用品和法律知识手册,今年全县共发放2000份,覆盖环卫、快递、纺织等12个行业的"
        "一线女职工。县总工会女职工委员会主任李红表示,工会将继续关注女职工的身心健康和合法权益。"
    )
    assert first.paragraphs[2].text == "维权服务进车间"
    assert [len(a.paragraphs) for a in second_articles] == [5, 3, 1]
    assert not any(p.truncated for a in second_articles for p in a.paragraphs)
    assert second_articles[2].paragraphs[0].text.startswith("日前,慈溪市首批15家")


# --- the layout corpus: invented pages and files of every shape, each with its golden article list ------


GOLDEN = sorted(LAYOUT.glob("*.golden.yaml"))


def _expected(golden: Path) -> list[tuple[tuple[str, ...], str, str, tuple[str, ...]]]:
    rows = yaml.safe_load(golden.read_text(encoding="utf-8"))
    return [(tuple(row.get("kickers", ())), row["title"], row["byline"], tuple(row.get("subtitles", ())))
            for row in rows]


def _read(article: Article) -> tuple[tuple[str, ...], str, str, tuple[str, ...]]:
    return article.kickers, article.title, article.byline, article.subtitles


def _source(golden: Path) -> Path:
    return golden.with_name(golden.name.removesuffix(".golden.yaml"))


@pytest.mark.parametrize("golden", GOLDEN, ids=[_source(g).name for g in GOLDEN])
def test_layout_file_gives_its_articles_and_accounts_for_every_character(golden: Path) -> None:
    reading = read_file(_source(golden))
    assert [_read(a) for a in reading.articles] == _expected(golden)
    counts = account(reading)
    assert counts.complete, (counts.missing, counts.extra)


def test_layout_corpus_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """Articles found / expected and characters accounted for, over the whole corpus (printed with -s)."""
    found = expected = total = accounted = 0
    for golden in GOLDEN:
        reading = read_file(_source(golden))
        want = _expected(golden)
        found += sum(1 for a in reading.articles if _read(a) in want)
        expected += len(want)
        counts = account(reading)
        total += counts.total
        accounted += counts.in_articles + counts.set_aside - counts.extra.total()
    with capsys.disabled():
        print(f"\nlayout corpus: {len(GOLDEN)} files, articles {found}/{expected}, "
              f"characters accounted for {accounted}/{total} ({100 * accounted / total:.1f} %)")
    assert len(GOLDEN) >= 30
    assert {_source(g).suffix for g in GOLDEN} == {".txt", ".md", ".html", ".docx"}
    assert (found, accounted) == (expected, total)


@pytest.mark.parametrize("golden", GOLDEN, ids=[_source(g).name for g in GOLDEN])
def test_layout_articles_read_the_same_one_per_file_without_byline_and_on_a_page_with_bylines(golden: Path) -> None:
    """What the reading-comprehension kit's two layouts check, on our own articles: each article written
    alone (title, blank line, paragraphs) and on a page of bylined articles gives the same paragraphs."""
    articles = read_file(_source(golden)).articles
    page = []
    for article in articles:
        texts = [p.text for p in article.paragraphs]
        (alone,) = parse_page("\n\n".join([article.title, *texts]) + "\n", file="plain.txt")
        assert (alone.title, alone.paragraphs) == (article.title, article.paragraphs)
        byline = "本报讯 通讯员张三报道" + ("\n\n" if article.paragraphs[0].kind == "heading" else " ")
        page.append("\n\n".join([article.title, byline + texts[0], *texts[1:]]) + "\n")
    on_page = parse_page("\n".join(page), file="page.txt")
    assert [(a.title, a.paragraphs) for a in on_page] == [(a.title, a.paragraphs) for a in articles]


WECHAT_PUSH = """白沙工会
原创 白沙工会 2024年03月08日 09:15

🌸 01

🌷 白沙区总工会为千名女职工送上健康体检

3月7日，白沙区总工会在区妇幼保健院启动女职工健康体检，首批320名一线女职工参加。🩺

今年全区计划为1000名女职工免费体检，费用由区总工会承担。

🌸 02

💐 “巾帼工匠”风采展在区职工文化中心开展

3月8日，白沙区“巾帼工匠”风采展在区职工文化中心开展，展出20名女工匠的事迹。

展览将持续到3月底，职工可免费参观。👏

（通讯员 林小雨）

👇👇往期推荐
▶ 白沙区总工会召开全委会议
"""


def test_a_push_dressed_in_emoji_reads_as_its_articles() -> None:
    reading = read_page(WECHAT_PUSH, file="push.txt")
    assert [a.title for a in reading.articles] == ["白沙区总工会为千名女职工送上健康体检",
                                                   "“巾帼工匠”风采展在区职工文化中心开展"]
    assert reading.articles[0].paragraphs[0].text.endswith("参加。")
    assert "emoji" in {piece.reason for piece in reading.set_aside}
    assert account(reading).complete


def test_a_pdf_copy_s_radicals_are_read_and_accounted_for() -> None:
    page = "市总⼯会为⼥职⼯送健康\n\n本报讯（记者 王明）3月8日，市总⼯会为⼥职⼯送上健康体检。\n"
    reading = read_page(page, file="pdf.txt")
    assert [a.title for a in reading.articles] == ["市总工会为女职工送健康"]
    assert account(reading).complete  # the text read is the one accounted for: 工 for ⼯, one for one
