"""bot.ingest.blocks: the passes over a page before it is walked."""

from __future__ import annotations

import pytest

from bot.ingest.blocks import (
    attachments,
    briefs,
    claims,
    comments,
    contents,
    links,
    listed,
    running_heads,
    signatures,
)
from bot.ingest.lines import Kind, Unit, classify

BODY = "市总工会近日举办活动，职工踊跃参加。"
MORE_BODY = "活动共吸引职工三百余人次参加。"


def _units(*lines: str) -> list[Unit]:
    return [classify(n, text) for n, text in enumerate(lines, 1)]


@pytest.mark.parametrize(("lines", "claimed"), [
    (("甲标题", f"本报讯 通讯员王敏报道 {BODY}"), {0: 1}),
    (("引题", "主题", "副题", f"本报讯 通讯员王敏报道 {BODY}"), {0: 3}),
    (("青溪时评", "乙标题", "□ 罗晓岚", BODY), {1: 2}),  # a column's name is no kicker
    (("甲标题", BODY, "让我们携起手来，共创美好明天！", "乙标题", f"本报讯 {BODY}"), {3: 4}),  # nor a closing line
    (("甲标题", "记者 王敏"), {}),  # a credit with no text under it ends an article
    # a paragraph closed by its end byline is finished: the three lines under it are one title block
    ((f"本报讯 {BODY}", f"{MORE_BODY}（通讯员 罗晓岚）", "白沙区总工会“悦读", "”读书分享会 10名“读书之", "星”揭晓",
      f"本报讯 通讯员王敏报道 {BODY}"), {2: 5}),
])
def test_a_byline_claims_the_title_block_above_it(lines: tuple[str, ...], claimed: dict[int, int]) -> None:
    units = _units(*lines)
    assert claims(units, [None] * (len(units) + 1)) == claimed


@pytest.mark.parametrize(("lines", "kind"), [
    (("工会动态", "▲青溪车务段工会送温暖", BODY), Kind.MARKED),
    (("甲标题", f"{BODY}（罗晓岚）", "▲青溪机务段举行技能竞赛", BODY), Kind.MARKED),
    ((BODY, "▲ 老师傅现场示范拉坯技艺", BODY), Kind.CAPTION),  # a caption inside an article
    (("工会动态", "▲青溪车务段工会送温暖"), Kind.CAPTION),  # no text under it
])
def test_triangle_items_of_a_column(lines: tuple[str, ...], kind: Kind) -> None:
    units = briefs(_units(*lines))
    assert next(u for u in units if u.text.startswith("▲")).kind is kind


@pytest.mark.parametrize(("text", "title"), [
    ("一、镇总工会举办皮毛加工行业职工技能比武", "镇总工会举办皮毛加工行业职工技能比武"),
    ("01 台山市：300余名电工同台比武", "台山市：300余名电工同台比武"),
    ("04  工地上的“大比武”", "工地上的“大比武”"),
    ("◎一线班组创新成果展评揭晓……………………3", "一线班组创新成果展评揭晓"),
    ("（二）青溪工会走访慰问", "青溪工会走访慰问"),
])
def test_a_listed_title(text: str, title: str) -> None:
    assert listed(text) == title


def test_a_contents_box_lists_titles_and_is_set_aside() -> None:
    units, titles = contents(_units("本期要目：", "一、青溪工会举办技能比武", "二、青溪工会走访困难职工",
                                    "一、青溪工会举办技能比武", BODY))
    assert [u.kind for u in units[:3]] == [Kind.FURNITURE] * 3
    assert units[3].kind is not Kind.FURNITURE  # the story's own title: the box ended at the repeat
    assert titles == {"青溪工会举办技能比武", "青溪工会走访困难职工"}


def test_a_contents_box_after_a_mark_lists_no_column() -> None:
    units, titles = contents(_units("▼ 本期导读", "01 青溪：工会驿站升级了", "02 白沙：职工夜校开课",
                                    "◎基层动态……4"))
    assert [u.kind for u in units] == [Kind.FURNITURE] * 4
    assert titles == {"青溪：工会驿站升级了", "白沙：职工夜校开课"}  # 基层动态 names a column


def test_a_contents_box_heading_in_brackets() -> None:
    units = _units("【本期要目】", "青溪工会举办技能比武", "青溪工会走访困难职工", "一、青溪工会举办技能比武", BODY)
    assert contents(units)[1] == {"青溪工会举办技能比武", "青溪工会走访困难职工"}


@pytest.mark.parametrize("head", ["本版标题导航", "本版标题"])
def test_an_e_paper_page_lists_its_titles(head: str) -> None:
    titles = contents(_units(head, "· 青溪工会全委会召开", "· 白沙大桥工地劳动竞赛热火朝天",
                             "锚定年度目标　建功重大工程", "白沙大桥工地劳动竞赛热火朝天", BODY))[1]
    assert titles == {"青溪工会全委会召开", "白沙大桥工地劳动竞赛热火朝天"}


def test_a_weekly_push_contents() -> None:
    units, titles = contents(_units("本周导读", "▶ 青溪：工会驿站升级了", "▶ 白沙：职工夜校开课",
                                    "青溪：工会驿站升级了", BODY))
    assert [u.kind for u in units[:3]] == [Kind.FURNITURE] * 3
    assert titles == {"青溪：工会驿站升级了", "白沙：职工夜校开课"}


def test_one_entry_is_no_contents_box() -> None:
    units, titles = contents(_units("目录", "青溪工会举办技能比武", BODY))
    assert units[0].kind is not Kind.FURNITURE and titles == frozenset()


def test_a_contents_box_ends_at_a_title_with_its_byline_under_it() -> None:
    units = contents(_units("本期导读", "青溪公司职代会胜利召开", "安康杯知识竞赛赛出安全意识", "■工会要闻",
                            "青溪公司第四届职工代表大会第三次会议胜利召开", "文／工会办公室　罗晓岚", BODY))[0]
    assert [u.kind for u in units[:4]] == [Kind.FURNITURE] * 4
    assert units[4].kind is Kind.SHORT  # the first story's title, whose byline stands under it


def test_a_contents_box_ends_after_its_last_marked_entry() -> None:
    # ◆ X ……1版 entries, then the first story's title block (引题 / 主题 set over two lines / 副题)
    units = contents(_units("今日导读", "◆ 青溪工会驿站升级了 ……1版", "◆ 白沙职工夜校开课 ……2版",
                            "聚焦技能提升 助力产业转型", "全市第三届职工职业技能", "大赛开幕",
                            "8个工种600余名职工同台竞技", f"本报讯（记者 罗晓岚） {BODY}"))[0]
    assert [u.kind for u in units[:3]] == [Kind.FURNITURE] * 3
    assert [u.kind for u in units[3:7]] == [Kind.SHORT] * 4


@pytest.mark.parametrize(("under", "entry"), [
    ("——院工会举办春季职工健步走活动", Kind.SHORT),  # a story's subtitle: the line above is its title
    ("——访青溪市总工会主席……………本刊记者　罗晓岚", Kind.FURNITURE),  # an entry's second line
])
def test_a_contents_box_and_a_subtitle_under_a_line(under: str, entry: Kind) -> None:
    units = contents(_units("本期导读", "活动掠影 / 会员之声", "【活动掠影】", "青溪健步迎春", under, BODY))[0]
    assert units[3].kind is entry


def test_bare_entries_among_numbered_ones_are_columns() -> None:
    units, titles = contents(_units("目　录", "工作聚焦", "02　为教师减负　让教育回归本真", "权益维护",
                                    "09　民办学校教师权益如何保障", "权益维护", "民办学校教师权益如何保障",
                                    "■青溪教育工会法律服务中心　罗晓岚", BODY))
    assert titles == {"为教师减负让教育回归本真", "民办学校教师权益如何保障"}
    assert [u.kind for u in units[:5]] == [Kind.FURNITURE] * 5
    assert units[5].kind is Kind.FURNITURE  # the column's name above its story
    assert units[6].kind is Kind.SHORT


def test_a_wechat_push_comments_are_set_aside() -> None:
    units = comments(_units(BODY, "精选留言", "青溪老钳工", "人实在，手艺没话说！", "赞 56", "作者回复：致敬！",
                            "阅读 4127", "写留言", "青溪工会会员普惠体检开始预约", BODY))
    assert [u.kind for u in units[1:8]] == [Kind.FURNITURE] * 7
    assert units[0].kind is Kind.BODY and units[8].kind is Kind.SHORT


def test_comments_headed_by_their_count() -> None:
    units = comments(_units(BODY, "留言 12", "青溪小王　白沙", "向劳模学习！", "赞 23", "阅读 3652"))
    assert [u.kind for u in units[1:]] == [Kind.FURNITURE] * 5


def test_the_links_under_往期推荐_are_furniture() -> None:
    units = links(_units(BODY, "往期推荐", "● 关于开展青溪市职工技能大赛的通知", "● 春风送岗位！招聘会来了",
                         "青溪工会普惠服务清单来了", BODY, "● 青溪工会召开全委会"))
    assert [u.kind for u in units[2:4]] == [Kind.FURNITURE] * 2
    assert units[4].kind is Kind.SHORT and units[6].kind is not Kind.FURNITURE  # unmarked, or not under the head


def test_a_news_app_s_recommended_titles_are_furniture() -> None:
    units = links(_units(BODY, "相关推荐", "高温来袭，这些歇脚点请收好", "青溪日报 · 2.1万阅读 · 3天前",
                         "青溪工会今年为职工免费体检", "青溪发布 · 8632阅读 · 1周前", "青溪工会召开全委会", BODY))
    assert [u.kind for u in units[2:6]] == [Kind.FURNITURE] * 4
    assert units[6].kind is not Kind.FURNITURE  # a title with its text under it ends the list


def test_a_site_s_related_titles_dated_under_each_are_furniture() -> None:
    units = links(_units(BODY, "相关推荐", "白沙：职工书屋“搬”进工业园区", "2024-06-10", "青溪开展安康杯知识竞赛",
                         "2024-06-09", "青溪首家“司机之家”投入使用", "2024-06-12 08:15 来源：青溪日报", BODY))
    assert [u.kind for u in units[2:6]] == [Kind.FURNITURE] * 4
    assert units[6].kind is not Kind.FURNITURE  # an article's own line holds its time and source


def test_comments_headed_by_their_count_in_brackets() -> None:
    units = comments(_units(BODY, "评论（3）", "白沙跑车的老刘：终于有地方洗澡了", "用户8825***：挺实惠",
                            "青溪首家“司机之家”投入使用", "2024-06-12 08:15 来源：青溪日报", BODY))
    assert [u.kind for u in units[1:4]] == [Kind.FURNITURE] * 3
    assert units[4].kind is not Kind.FURNITURE  # the next article's title, its time and source under it


def test_a_site_s_comments_end_at_its_link_to_the_rest() -> None:
    units = comments(_units(BODY, "热门评论（12）", "青溪老李：为工匠们点赞！", "查看更多评论＞",
                            "市总工会走访慰问坚守岗位职工", "青溪新闻客户端　2024-05-03 18:20　　＋关注", BODY))
    assert [u.kind for u in units[1:4]] == [Kind.FURNITURE] * 3
    assert units[4].kind is not Kind.FURNITURE  # the next article's title, whatever its line under it


def test_a_line_printed_three_times_is_a_running_header() -> None:
    units = running_heads(_units("青溪工运·2024年第2期", "甲标题", BODY, "青溪工运·2024年第2期", MORE_BODY,
                                 "青溪工运·2024年第2期", "乙标题", BODY, "乙标题"))
    assert [u.kind for u in units if u.text.startswith("青溪工运")] == [Kind.FURNITURE] * 3
    assert [u.kind for u in units if u.text == "乙标题"] == [Kind.NAMES] * 2  # twice: a title and its entry


def test_a_notice_s_numbered_attachments_are_its_note() -> None:
    units = attachments(_units(BODY, "附件：1.青溪市五一劳动奖状推荐表", "2.青溪市五一劳动奖章推荐表",
                               "3.推荐对象汇总表", "青溪市总工会", "甲标题", BODY))
    assert [u.kind for u in units[1:4]] == [Kind.NOTE] * 3
    assert units[4].kind is not Kind.NOTE


def test_a_running_header_with_the_section_beside_the_masthead() -> None:
    units = running_heads(_units("青溪工运", "调查研究　　　　　　青溪工运", "甲标题", BODY, "青溪工运　2024年第2期",
                                 MORE_BODY, "工运论坛　　　　　　青溪工运", "乙标题", BODY))
    assert [u.kind for u in units if "青溪工运" in u.text] == [Kind.FURNITURE] * 4
    assert units[2].kind is not Kind.FURNITURE


def test_comments_end_where_the_next_push_begins() -> None:
    units = comments(_units(BODY, "留言", "精选留言", "青溪小王　白沙", "快递员能报吗？", "7", "作者", "可以的。",
                            "好消息！青溪职工疗休养报名启动", "青溪工会 2024-05-08 12:00 白沙", BODY))
    assert [u.kind for u in units[1:8]] == [Kind.FURNITURE] * 7
    assert units[8].kind is Kind.SHORT


@pytest.mark.parametrize(("lines", "kind"), [
    ((BODY, "青溪市总工会", "2024年3月15日"), Kind.CREDIT),  # a notice's union above its date
    ((BODY, "罗晓岚", "2024年3月15日"), Kind.NAMES),  # a person's name: not a union's
    ((BODY, "青溪市总工会", BODY), Kind.NAMES),  # no date under it
    (("此致", "敬礼！", "车间职工　罗晓岚", "2024年3月15日"), Kind.CREDIT),  # the writer under a letter's close
])
def test_a_notice_s_signature(lines: tuple[str, ...], kind: Kind) -> None:
    assert signatures(_units(*lines))[-2].kind is kind
