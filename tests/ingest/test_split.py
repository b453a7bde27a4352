"""Page splitting (bot/ingest/split.py): where articles start and end, on small invented pages."""

from __future__ import annotations

import pytest

from bot.ingest.lines import classify
from bot.ingest.split import Split, split_units

BODY = "市总工会近日举办活动，职工踊跃参加。"
MORE = "活动共吸引职工三百余人次参加。"


def split(page: str) -> Split:
    return split_units([classify(n, s) for n, line in enumerate(page.split("\n"), start=1) if (s := line.strip())])


def heads(page: str) -> list[tuple[list[str], str]]:
    """(title lines, byline: the start byline, else the end bylines) of each article."""
    return [
        (d.titles, d.byline.text if d.byline else " / ".join(text for _, text in d.end_bylines))
        for d in split(page).drafts
    ]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (f"标题\n{BODY}\n{MORE}", [(["标题"], "")]),
        (f"引题\n主题\n副题\n{BODY}", [(["引题", "主题", "副题"], "")]),
        (
            f"甲标题\n本报讯 通讯员王敏报道 {BODY}\n乙标题\n本报讯 通讯员李华报道 {BODY}",
            [(["甲标题"], "本报讯 通讯员王敏报道"), (["乙标题"], "本报讯 通讯员李华报道")],
        ),
        (f"甲标题\n记者 王敏\n{BODY}", [(["甲标题"], "记者 王敏")]),
        # a single short line after a finished paragraph is a section heading; two or three are a title block
        (f"甲标题\n{BODY}\n小标题\n{MORE}", [(["甲标题"], "")]),
        (f"甲标题\n{BODY}\n稳岗留工在行动\n乙标题\n{MORE}", [(["甲标题"], ""), (["稳岗留工在行动", "乙标题"], "")]),
        # ... and after a sentence cut mid-way, short lines continue that sentence, whatever follows
        (
            f"甲标题\n市总工会近日举办活动，\n职工踊跃参加\n乙标题\n本报讯 通讯员王敏报道 {BODY}",
            [(["甲标题"], ""), (["乙标题"], "本报讯 通讯员王敏报道")],
        ),
        # end bylines close an article, so a single short line after one is a title
        (f"甲标题\n{BODY}\n（王和平 王公民）\n乙标题\n{MORE}", [(["甲标题"], "（王和平 王公民）"), (["乙标题"], "")]),
        (f"甲标题\n{BODY}\n文/图 俞佳\n乙标题\n{MORE}", [(["甲标题"], "文/图 俞佳"), (["乙标题"], "")]),
        (f"甲标题\n{BODY}\n记者 吴晓峰\n乙标题\n{MORE}", [(["甲标题"], "记者 吴晓峰"), (["乙标题"], "")]),
        (f"甲标题\n{BODY}\n周文斌\n乙标题\n{MORE}", [(["甲标题"], "周文斌"), (["乙标题"], "")]),
        (f"甲标题\n{BODY}\n周文斌", [(["甲标题"], "周文斌")]),
        # names followed by text are a heading (a profile's sub-heading), not a byline
        (f"甲标题\n{BODY}\n周文斌\n{MORE}", [(["甲标题"], "")]),
        # names right above a byline are its title
        (
            f"甲标题\n{BODY}\n狄更斯\n本报讯 通讯员王敏报道 {BODY}",
            [(["甲标题"], ""), (["狄更斯"], "本报讯 通讯员王敏报道")],
        ),
        # an end mark or an editor's line ends an article; so does a paragraph closed by one
        (f"甲标题\n{BODY}\n（完）\n乙标题\n{MORE}", [(["甲标题"], ""), (["乙标题"], "")]),
        (f"甲标题\n{BODY}\n责任编辑：李文\n乙标题\n{MORE}", [(["甲标题"], ""), (["乙标题"], "")]),
        (f"甲标题\n{BODY}（完）\n乙标题\n{MORE}", [(["甲标题"], ""), (["乙标题"], "")]),
        (f"甲标题\n{BODY}（王和平）\n乙标题\n{MORE}", [(["甲标题"], ""), (["乙标题"], "")]),
        # page furniture starts a new page: a title may follow; text continues the article above
        (f"甲标题\n{BODY}\n第4版\n乙标题\n{MORE}", [(["甲标题"], ""), (["乙标题"], "")]),
        (f"甲标题\n{BODY}\n第4版\n{MORE}", [(["甲标题"], "")]),
        # titles running into their text
        (f"甲标题——{BODY}\n{MORE}", [(["甲标题"], "")]),
        (f"简讯\n甲消息——{BODY}\n乙消息——{MORE}", [(["甲消息"], ""), (["乙消息"], "")]),
        (f"甲标题\n{BODY}\n乙消息——{MORE}", [(["甲标题"], "")]),
        # a notice's short closing line and its signature end it; the title block after is the next article's
        (
            f"甲通知\n{BODY}\n让我们携起手来，共同营造文明和谐的城市！\n青溪市总工会 2024年7月8日\n乙标题\n{MORE}",
            [(["甲通知"], "青溪市总工会 2024年7月8日"), (["乙标题"], "")],
        ),
        # a short sentence closing an article (。 or ！, quoted or not) is no title; a question may be one
        (
            f"甲标题\n{BODY}\n临别时，他在留言簿上写下：“回去继续好好干！”\n乙标题不短于十六个字符的一行标题\n{MORE}",
            [(["甲标题"], ""), (["乙标题不短于十六个字符的一行标题"], "")],
        ),
        (f"甲标题\n{BODY}\n高温津贴怎么发？\n乙标题\n{MORE}", [(["甲标题"], ""), (["高温津贴怎么发？", "乙标题"], "")]),
        # a lone line of 8 or more characters is a title when a news lead follows it (5月18日，近日，)
        (
            f"甲标题\n{BODY}\n青禾镇工会完成换届\n5月18日，青禾镇工会召开会员代表大会。\n{MORE}",
            [(["甲标题"], ""), (["青禾镇工会完成换届"], "")],
        ),
        (f"甲标题\n{BODY}\n青禾镇工会完成换届\n{MORE}", [(["甲标题"], "")]),  # without one: a heading
        # ... and one of 14 or more is a title whatever follows, unless a feature's part number heads it
        (f"甲标题\n{BODY}\n“工匠学院”里的“第二课堂”\n{MORE}", [(["甲标题"], ""), (["“工匠学院”里的“第二课堂”"], "")]),
        (f"甲标题\n{BODY}\n02　从“歇脚点”到职工的“娘家”\n{MORE}", [(["甲标题"], "")]),
        # a column's name above a title block is set aside: the item's title is the block's next line
        (f"甲标题\n{BODY}\n一线传真\n乙标题\n{MORE}", [(["甲标题"], ""), (["乙标题"], "")]),
        (
            f"甲标题\n{BODY}\n产业简讯\n【青溪电力工会举办技能比武】{BODY}\n【青溪纺织工会开展送健康活动】{MORE}",
            [(["甲标题"], ""), (["青溪电力工会举办技能比武"], ""), (["青溪纺织工会开展送健康活动"], "")],
        ),
        # a column's name above a bylined title block is no kicker
        (f"甲标题\n{BODY}\n青溪时评\n乙标题\n□ 罗晓岚\n{MORE}", [(["甲标题"], ""), (["乙标题"], "□ 罗晓岚")]),
        # items marked by a symbol after a column's name, each closed by its credit
        (
            f"甲标题\n{BODY}\n基层动态\n◆青溪电力工会举办比武\n{BODY}（罗晓岚）\n◆青溪纺织工会送健康\n{MORE}",
            [(["甲标题"], ""), (["青溪电力工会举办比武"], ""), (["青溪纺织工会送健康"], "")],
        ),
        (f"甲标题\n{BODY}\n■ 困难时有人帮\n{MORE}", [(["甲标题"], "")]),  # in an article: a section heading
        (
            f"甲标题\n{BODY}\n工会动态\n▲青溪车务段工会送温暖\n{BODY}（罗晓岚）\n▲青溪机务段举行技能竞赛\n{MORE}",
            [(["甲标题"], ""), (["青溪车务段工会送温暖"], ""), (["青溪机务段举行技能竞赛"], "")],
        ),
        (f"甲标题\n{BODY}\n▲ 老师傅现场示范拉坯技艺\n{MORE}", [(["甲标题"], "")]),  # a caption in an article
        # short items closed by their writer's name, set out with a space, at the paragraph's end
        (
            f"各地传真\n青溪：快递小哥可申领暖心卡\n{BODY}（高　原）\n白沙：爱心妈咪小屋增至310家\n{MORE}（王　静）",
            [(["青溪：快递小哥可申领暖心卡"], ""), (["白沙：爱心妈咪小屋增至310家"], "")],
        ),
        # a bulletin's stories, numbered as its contents box lists them
        (
            f"本期要目：\n一、青溪工会举办技能比武\n二、青溪工会走访困难职工\n一、青溪工会举办技能比武\n{BODY}\n"
            f"二、青溪工会走访困难职工\n{MORE}",
            [(["青溪工会举办技能比武"], ""), (["青溪工会走访困难职工"], "")],
        ),
        # a report's numbered news items: headlines, where section headings are short phrases
        (
            f"甲标题\n{BODY}\n1．市总工会第十五次代表大会胜利召开\n{BODY}\n2．基层工会规范化建设三年行动收官\n{MORE}",
            [(["甲标题"], ""), (["市总工会第十五次代表大会胜利召开"], ""), (["基层工会规范化建设三年行动收官"], "")],
        ),
        (f"甲标题\n{BODY}\n1．加强组织领导\n{MORE}", [(["甲标题"], "")]),
        # ... numbered 一、 with a news lead under it; a speech's 一、 parts have none
        (
            "一、区总工会召开三季度工作推进会\n9月5日，区总工会召开三季度工作推进会。\n"
            "二、“金秋助学”为八十六名学子圆梦\n8月28日，区总工会举行金秋助学发放仪式。",
            [(["区总工会召开三季度工作推进会"], ""), (["“金秋助学”为八十六名学子圆梦"], "")],
        ),
        (f"甲标题\n{BODY}\n一、充分肯定过去一年的工作成绩\n过去的一年，全县各级工会攻坚克难。", [(["甲标题"], "")]),
        # ... the first under a section's heading too
        (
            f"甲标题\n{BODY}\n（一）组织建设与工会改革\n1．市总工会第十五次代表大会胜利召开\n{BODY}\n"
            f"（二）维权服务\n2．职工法律服务中心全年挽回经济损失千万元\n{MORE}",
            [(["甲标题"], ""), (["市总工会第十五次代表大会胜利召开"], ""),
             (["职工法律服务中心全年挽回经济损失千万元"], "")],
        ),
        # a notice signed by its union above the date, then a story
        (
            f"关于开展职工书屋评选的通知\n{BODY}\n附件：1.推荐表\n2.汇总表\n青溪市总工会\n2024年3月15日\n"
            f"户外劳动者驿站全新升级\n{MORE}",
            [(["关于开展职工书屋评选的通知"], "青溪市总工会"), (["户外劳动者驿站全新升级"], "")],
        ),
        # a commentary under its label
        (f"本报评论员文章\n让劳动者歇得下脚\n本报评论员\n{BODY}", [(["让劳动者歇得下脚"], "本报评论员")]),
        # a column's items, each a marked title over its text (and its byline), closed or not
        (
            f"工会动态\n■青溪县举办首届民族刺绣技能大赛\n文图／罗晓岚\n{BODY}\n■温泉镇工会驿站揭牌\n{MORE}\n"
            f"■市总工会开展专题调研\n{BODY}",
            [(["青溪县举办首届民族刺绣技能大赛"], "文图／罗晓岚"), (["温泉镇工会驿站揭牌"], ""),
             (["市总工会开展专题调研"], "")],
        ),
        # a column's briefs, each a marked title apart from its text by a wide space
        (
            f"甲标题\n{BODY}\n简讯\n■青溪区总工会开展春送岗位专场招聘　{BODY}\n"
            f"■白沙港务集团工会举办安全技能比武　{MORE}",
            [(["甲标题"], ""), (["青溪区总工会开展春送岗位专场招聘"], ""), (["白沙港务集团工会举办安全技能比武"], "")],
        ),
        # a digest's items, each closed by its source
        (
            f"甲标题\n{BODY}（据青溪工人报）\n白沙：职工夜校开课\n{MORE}（《青溪晚报》5月7日）",
            [(["甲标题"], ""), (["白沙：职工夜校开课"], "")],
        ),
        # a digest's numbered items under section headings, each closed by its source on a line of its own
        (
            f"编者按：现将近期各地工会工作信息摘编如下。\n一、各地动态\n1．青溪：工会驿站升级为劳动者港湾\n{BODY}\n"
            f"（摘自《青溪工人报》2025年5月6日）\n2．白沙：建立职工诉求一站式调处机制\n{MORE}\n"
            f"（来源：白沙工人日报客户端2025年5月9日）\n二、经验借鉴\n3．一家民营企业的职工议事会\n{BODY}",
            [(["青溪：工会驿站升级为劳动者港湾"], "（摘自《青溪工人报》2025年5月6日）"),
             (["白沙：建立职工诉求一站式调处机制"], "（来源：白沙工人日报客户端2025年5月9日）"),
             (["一家民营企业的职工议事会"], "")],
        ),
        # a web page copied with its breadcrumb, meta line and font control between the title and the text
        (
            f"当前位置：首页 > 工会要闻\n甲标题\n发布时间：2024-03-28 16:42　　浏览次数：412\n【字体：大 中 小】\n"
            f"文/罗晓岚\n{BODY}\n【打印】【关闭】\n上一篇：乙标题\n当前位置：首页 > 工会要闻\n乙标题\n{MORE}",
            [(["甲标题"], "文/罗晓岚"), (["乙标题"], "")],
        ),
        # a speech: its title, the occasion as a subtitle, the speaker
        (
            f"凝心聚力 奋力开创工会工作新局面\n——在全县工会工作会议上的讲话\n罗晓岚\n{BODY}",
            [(["凝心聚力 奋力开创工会工作新局面", "——在全县工会工作会议上的讲话"], "罗晓岚")],
        ),
        # a masthead's lines apart from the text by an issue line title nothing
        (f"工 作 简 报\n第5期\n{BODY}\n甲标题\n{MORE}", [(["甲标题"], "")]),
        # a paragraph closed by a notice's signature is finished: a lone title may follow it
        (
            f"甲通知\n{BODY}（青溪市总工会 2023年4月25日）\n乙标题不短于十六个字符的一行标题\n{MORE}",
            [(["甲通知"], ""), (["乙标题不短于十六个字符的一行标题"], "")],  # the signature: see test_pages
        ),
        # an article with a byline that gets another at its end: its last short line was a title
        (
            f"甲标题\n本报讯 通讯员王敏报道 {BODY}\n乙标题\n{MORE}\n（陈晓明 丁一凡）",
            [(["甲标题"], "本报讯 通讯员王敏报道"), (["乙标题"], "（陈晓明 丁一凡）")],
        ),
        # ■ items after a section's label in brackets (【年度要闻】), below a long article
        (
            f"甲标题\n{BODY}\n【年度要闻】\n■ 青溪工会举办技能比武大赛\n{BODY}\n■ 青溪工会走访慰问困难职工\n{MORE}",
            [(["甲标题"], ""), (["青溪工会举办技能比武大赛"], ""), (["青溪工会走访慰问困难职工"], "")],
        ),
        # a headline above a label of its text (案例二：X / 【基本案情】) is a title, not a label
        (
            f"典型案例\n{MORE}\n案例一：青溪某公司以末位淘汰为由解除合同被认定违法\n【基本案情】\n{BODY}\n"
            f"案例二：女职工孕期被调岗降薪工会协商促成恢复原岗\n【基本案情】\n{MORE}",
            [(["典型案例"], ""), (["案例一：青溪某公司以末位淘汰为由解除合同被认定违法"], ""),
             (["案例二：女职工孕期被调岗降薪工会协商促成恢复原岗"], "")],
        ),
        # a report's numbered items under a section heading, after an intro that ends 如下：
        (
            f"青溪街道总工会上半年工作情况汇报\n{BODY}现将有关情况汇报如下：\n一、主要工作开展情况\n"
            f"1. 街道职工之家完成提档升级改造\n{BODY}\n（街道总工会办公室）\n2. 辖区货车司机有了暖心驿站\n{MORE}",
            [(["青溪街道总工会上半年工作情况汇报"], ""), (["街道职工之家完成提档升级改造"], "（街道总工会办公室）"),
             (["辖区货车司机有了暖心驿站"], "")],
        ),
        # a news app's title at the top, apart from its writer by its time and buttons
        (
            f"青溪户外劳动者歇脚点全面升级\n2024-07-16 08:42·青溪市\n关注\n作者：青溪日报记者 罗晓岚\n{BODY}",
            [(["青溪户外劳动者歇脚点全面升级"], "作者：青溪日报记者 罗晓岚")],
        ),
    ],
    ids=[
        "one",
        "three-line-title",
        "two-bylines",
        "credit-under-title",
        "heading",
        "mid-page-title-block",
        "cut-sentence",
        "end-bracketed",
        "end-credit",
        "end-reporter",
        "end-names",
        "end-names-last",
        "names-heading",
        "names-title",
        "end-mark",
        "editor",
        "end-mark-inline",
        "end-byline-inline",
        "furniture-title",
        "furniture-continues",
        "dash",
        "dash-column",
        "dash-mid-article",
        "closing-line-and-signature",
        "closing-sentence",
        "question-kicker",
        "lead-title",
        "no-lead-heading",
        "long-lone-title",
        "part-number",
        "column-name",
        "bracket-briefs",
        "column-name-above-byline",
        "marked-items",
        "marked-heading",
        "triangle-items",
        "triangle-caption",
        "spaced-name-items",
        "contents-box",
        "numbered-news-items",
        "numbered-heading",
        "chinese-numbered-items",
        "speech-parts",
        "numbered-under-heading",
        "signed-notice",
        "commentary-label",
        "marked-column-items",
        "marked-briefs",
        "digest",
        "numbered-digest",
        "web-pages-copied",
        "speech",
        "masthead",
        "signed-paragraph",
        "resplit",
        "marked-items-after-a-label",
        "headline-above-its-label",
        "report-items-after-its-intro",
        "app-title-above-its-time-and-writer",
    ],
)
def test_article_heads(page: str, expected: list[tuple[list[str], str]]) -> None:
    assert heads(page) == expected


@pytest.mark.parametrize(
    ("page", "set_aside"),
    [
        (
            f"上一版转来的结尾，大家都很满意。\n标题\n{BODY}",
            [(1, "text before the first title", "上一版转来的结尾，大家都很满意。")],
        ),
        (
            f"浙江工人日报\n第3版\n标题\n{BODY}",
            [(1, "short line outside any article", "浙江工人日报"), (2, "page furniture", "第3版")],
        ),
        (
            f"标题\n{BODY}\n第3版\n工会供稿",
            [(3, "page furniture", "第3版"), (4, "short line outside any article", "工会供稿")],
        ),
        (f"一\n二\n三\n四\n{BODY}", [(1, "short line outside any article", "一")]),
        (
            f"简讯\n甲消息——{BODY}\n乙消息——{MORE}",
            [
                (1, "column heading", "简讯"),
                (2, "dash after a run-in title", "——"),
                (3, "dash after a run-in title", "——"),
            ],
        ),
    ],
)
def test_what_is_set_aside(page: str, set_aside: list[tuple[int, str, str]]) -> None:
    assert sorted((p.line, p.reason, p.text) for p in split(page).set_aside) == set_aside


@pytest.mark.parametrize(
    ("page", "doubts"),
    [
        (
            f"甲标题\n{BODY}\n本报讯 通讯员王敏报道 {MORE}",
            [(3, "a byline without a title above it; it is kept as text in 《甲标题》")],
        ),
        (
            f"甲标题\n{BODY}\n（完）\n{MORE}",
            [(4, "text after the end of 《甲标题》 has no title of its own; it is kept in that article")],
        ),
        (
            "一个很长很长的标题它超过了四十个字但是没有句号所以仍然是标题而不是正文的一部分吧对吧是的\n" + BODY,
            [(1, "a title longer than a sentence (44 characters)")],
        ),
        (f"甲标题\n{BODY}", []),
        (f"甲标题\n本报讯 通讯员王敏报道 {BODY}\n稳岗留工在行动\n乙标题\n{MORE}",
         [(3, "an article without a byline among articles with one: 《稳岗留工在行动》 (a title, or section headings "
              "of the article above?)")]),
        (f"甲标题\n{BODY}\n稳岗留工在行动\n乙标题\n{MORE}", []),
    ],
)
def test_doubts(page: str, doubts: list[tuple[int, str]]) -> None:
    assert [(d.line, d.message) for d in split(page).doubts] == doubts


def test_body_lines_keep_their_line_numbers_and_kinds() -> None:
    (draft,) = split(f"标题\n\n本报讯 通讯员王敏报道 {BODY}\n\n★ 小标题\n\n{MORE}").drafts
    assert [(b.line, b.text, b.lead, b.marked) for b in draft.body] == [
        (3, BODY, True, False),
        (5, "★ 小标题", False, True),
        (7, MORE, False, False),
    ]
