"""What each line is (bot/ingest/lines.py): text, title candidates, bylines, and what is set aside."""

from __future__ import annotations

import pytest

from bot.ingest.lines import Kind, classify, dash_title, page_date, split_end_mark


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("第3版", Kind.FURNITURE),
        ("首页　　职工之家　　通知公告　　办事指南　　联系我们", Kind.FURNITURE),  # a site's menu, set apart by spaces
        ("首页  新闻中心  服务大厅  党建工作", Kind.FURNITURE),
        ("首页　工会要闻　通知公告", Kind.SHORT),  # a menu has three items or more after 首页
        ("首页　白沙区总工会举办职工运动会", Kind.SHORT),  # … each a word or two
        ("第03版：要闻", Kind.FURNITURE),
        ("A3版 基层", Kind.FURNITURE),
        ("2021年6月1日 星期二", Kind.FURNITURE),
        ("2021年6月1日 星期二 农历四月廿一", Kind.FURNITURE),
        ("2021年6月1日", Kind.DATELINE),
        ("2021-06-01 10:30", Kind.DATELINE),
        ("发布时间：2021-05-20 09:30  来源：公司工会", Kind.DATELINE),
        ("青溪新闻客户端　2024-05-06 09:48　　＋关注", Kind.DATELINE),  # a news app's, with its follow button
        ("【字号 大 中 小】【打印】【关闭】", Kind.DATELINE),  # an e-paper's font size control and print links
        ("22 ｜ 职工之友", Kind.FURNITURE),  # a page's number and its publication
        ("02 | 首批32名“青溪工匠”名单出炉", Kind.SHORT),  # a push's item: its headline is no publication's name
        ("01 | 一杯凉茶，一声问候", Kind.FURNITURE),  # a feature's part: short, set aside as a page's edge is
        ("编辑 | 罗晓岚", Kind.FURNITURE),  # a WeChat push's staff, at its top as at its end: no end of its text
        ("文 | 罗晓岚　图 | 王磊", Kind.CREDIT),  # a credit, though it reads as a menu
        ("日期: 2021/5/20", Kind.DATELINE),
        ("图为师徒结对现场。", Kind.CAPTION),
        ("（图为职工在比赛中）", Kind.CAPTION),
        ("▲ 老师傅现场示范拉坯技艺", Kind.CAPTION),
        ("本报记者 张一鸣 摄", Kind.CAPTION),
        ("（王五 摄）", Kind.CAPTION),
        ("上图：职工书屋一角", Kind.CAPTION),
        ("数据来源：省统计局", Kind.NOTE),
        ("（资料来源：市总工会）", Kind.NOTE),
        ("来源：青溪工人报", Kind.NOTE),
        ("（来源：青溪工人报2025年5月9日）", Kind.CREDIT),  # an item's source closes it, as （摘自…） does
        ("青溪市教育工会主管主办", Kind.FURNITURE),  # a publisher's line
        ("青溪工友　2024.05　·21·", Kind.FURNITURE),  # a magazine's page footer
        ("青溪工会　2025年05月06日 18:30　广东", Kind.DATELINE),  # a WeChat push's account, time, region
        ("点击上方蓝字 关注我们", Kind.DATELINE),  # its call to follow, between title and text too
        ("点击蓝字 关注我们", Kind.DATELINE),
        ("阅读原文", Kind.FURNITURE),
        ("ZHIGONG TIANDI", Kind.FURNITURE),  # a masthead's name in capitals
        ("[二维码]", Kind.FURNITURE),  # a picture the copy left out
        ("【图片】", Kind.FURNITURE),
        ("本期责编：罗晓岚  投稿邮箱：qx@example.cn", Kind.EDITOR),
        ("青内资准字（B）第2024-031号  内部资料 免费交流", Kind.FURNITURE),  # a publication's licence
        ("附件下载：", Kind.NOTE),
        ("附件2.2024年青溪市职工疗休养名额分配表.xlsx", Kind.NOTE),  # a file to download
        ("维权热线：12351", Kind.FURNITURE),  # a hotline alone
        ("收录于合集", Kind.FURNITURE),  # a WeChat push's collection tags
        ("#工会动态48个", Kind.FURNITURE),
        ("↓↓↓", Kind.FURNITURE),
        ("👆点击上方“青溪市总工会”关注我们", Kind.DATELINE),
        ("扫描二维码  观看罗晓岚的故事", Kind.FURNITURE),
        ("专刊统筹：罗晓岚  本版编辑：王磊", Kind.EDITOR),
        ("编者按", Kind.NOTE),  # an editor's note is no article's title
        ("【编者按】", Kind.NOTE),
        ("摘　要：本文基于对青溪市快递员的问卷调查", Kind.BODY),  # a paper's abstract: never a title
        ("关键词：新就业形态劳动者；入会意愿", Kind.BODY),
        ("（执笔：罗晓岚　王磊）", Kind.CREDIT),
        ("[图片：职工之家新貌]", Kind.FURNITURE),
        ("图1　改造后的职工之家阅览区", Kind.CAPTION),
        ("本报记者　罗　岚　摄", Kind.CAPTION),  # a photographer's name set out to width
        ("38　车间组诗（诗歌）…………………………罗晓岚", Kind.FURNITURE),  # a contents entry, its page first
        ("附：拟表彰对象名单", Kind.NOTE),
        ("1. 街道职工之家完成提档升级", Kind.MARKED),  # a numbered item, its dot half-width
        ("关注", Kind.FURNITURE),  # a news app's buttons, its time and place, its feed and its notices
        ("展开全文", Kind.FURNITURE),
        ("举报/反馈", Kind.FURNITURE),
        ("查看全部23条评论 >", Kind.FURNITURE),
        ("赞 126  评论 23  收藏  转发", Kind.FURNITURE),
        ("青溪日报 · 2.1万阅读 · 3天前", Kind.FURNITURE),
        ("2024-07-16 08:42·青溪市", Kind.DATELINE),
        ("本文为青溪日报原创，未经授权不得转载", Kind.FURNITURE),
        ("作者：青溪日报记者 罗晓岚", Kind.CREDIT),  # a writer by a field, whatever the name's shape
        ("作者：集团工会宣教部", Kind.CREDIT),
        ("文 | 罗　岚　　图 | 县总工会宣传教育部", Kind.CREDIT),  # a unit alone after a role
        ("向上滑动看下一个", Kind.FURNITURE),
        ("分享　收藏　点赞　在看", Kind.FURNITURE),
        ("原创 青溪工会 青溪工会 2024年05月27日 08:02 白沙", Kind.DATELINE),
        ("青溪工会 2023-06-26 17:30 发表于白沙", Kind.DATELINE),
        ("阅读 4127", Kind.FURNITURE),
        ("赞 206　在看 88　分享 301", Kind.FURNITURE),
        ("写留言", Kind.FURNITURE),
        ("已无更多数据", Kind.FURNITURE),
        ("您当前的位置：首页 > 工会要闻 > 正文", Kind.FURNITURE),
        ("放大　缩小　默认　　　　　　分享到：", Kind.DATELINE),  # an e-paper's zoom controls, unbracketed
        ("青溪市建设工会  主办", Kind.FURNITURE),
        ("（完）", Kind.END_MARK),
        ("(完)", Kind.END_MARK),
        ("【完】", Kind.END_MARK),
        ("—完—", Kind.END_MARK),
        ("责任编辑：李文", Kind.EDITOR),
        ("校对：王五", Kind.EDITOR),
        ("（责任编辑：罗晓岚）", Kind.EDITOR),
        ("[责任编辑：罗晓岚]", Kind.EDITOR),
        ("图片由通讯员提供", Kind.CAPTION),
        ("扫码关注青溪工会微信公众号", Kind.FURNITURE),
        ("微信扫一扫", Kind.FURNITURE),
        ("分享到：微信 微博", Kind.FURNITURE),
        ("扫码关注“青溪工会”公众号即可报名参加活动。", Kind.BODY),  # an instruction to members stays
        ("分享到朋友圈的职工可参加抽奖。", Kind.BODY),
        ("编辑部为职工送书。", Kind.BODY),
        ("问：高温津贴每月发多少？", Kind.BODY),  # a Q&A's question, however short: never a title
        ("此致", Kind.BODY),  # a letter's close: its text, never a name
        ("敬礼！", Kind.BODY),
        ("记者：你怎么看？", Kind.BODY),
        ("青溪区总工会", Kind.NAMES),  # a notice's signature: an end byline where an article ends
        ("青溪区总工会 2024年8月26日", Kind.NAMES),
        ("本报讯 通讯员陈晓东报道 今年起，", Kind.START),
        ("新华社北京7月20日电（记者 王梓涵）记者20日", Kind.START),
        ("记者 吴晓峰", Kind.CREDIT),
        ("（文：许嘉怡 摄影：郑凯）", Kind.CREDIT),
        ("（王和平 王公民）", Kind.BRACKETED),
        ("★ 服务企业稳发展", Kind.MARKED),
        ("■ 技能提升", Kind.MARKED),
        ("一、职工服务", Kind.MARKED),
        ("（二）就业服务", Kind.MARKED),
        ("2、加强领导", Kind.MARKED),
        ("一、加强组织领导，完善工作机制。", Kind.BODY),
        ("周文斌", Kind.NAMES),
        ("工会法律援助进工地", Kind.SHORT),
        ("稳就业，工会在行动！", Kind.SHORT),
        ("金华工会为环卫工人送清凉——7月16日，金华市总工会来到环卫所。", Kind.DASH),
        ("工会送清凉——夏日行动", Kind.SHORT),
        ("在11世纪—1220年之前，喀什是一个贸易中心。", Kind.BODY),
        ("近日，市总工会举办活动。", Kind.BODY),
        ("活动内容如下：", Kind.BODY),
        ("这是一个很长的句子但是它没有任何标点符号所以它会被当作正文来读因为它比标题长得多得多", Kind.BODY),
        # a page's header: two of date, weekday, page and editor, in fields
        ("青溪工人报　2024年6月12日　星期三　第3版　综合新闻　责任编辑：罗晓岚", Kind.FURNITURE),
        ("青溪工人报数字报　>　2024年03月15日　>　第02版：要闻", Kind.FURNITURE),
        ("青溪工人报　第4版　工会工作　2024年9月20日　星期五", Kind.FURNITURE),
        ("青溪工人报　2025.01.15　周三　04　公告·服务", Kind.FURNITURE),
        ("本报2024年6月12日第3版刊登了这份通知。", Kind.BODY),  # a sentence is no header
        ("上一版　　下一版", Kind.FURNITURE),
        ("■ 车间里的“创新角”　　　第2版", Kind.FURNITURE),  # a contents box's entry
        ("（下转第4版）", Kind.END_MARK),  # the article goes on on another page
        ("(转3版)", Kind.END_MARK),
        ("【青溪电力工会举办青年职工技能比武】12月12日，公司工会举办比武。", Kind.DASH),
        ("【编者按】近年来，工会工作不断创新。", Kind.BODY),  # a label opening the text, no title
        ("□本报记者 罗晓岚 通讯员 卢晓鸥", Kind.CREDIT),
        ("本报评论员", Kind.CREDIT),
        # headers and footers of bulletins and magazines, fields set apart by wide gaps or bars
        ("青溪市总工会编印　　　　　　2024年7月8日", Kind.FURNITURE),
        ("青溪铁道职工报　　　　综合新闻　　　　　　2", Kind.FURNITURE),
        ("22　｜　职工之友　2024.09", Kind.FURNITURE),
        ("3　要闻", Kind.FURNITURE),
        ("2024年第3期（总第41期）", Kind.FURNITURE),
        ("第5期", Kind.FURNITURE),
        ("内部资料　注意保存", Kind.FURNITURE),
        ("· 青溪工会律师帮农民工讨回工资", Kind.FURNITURE),  # an e-paper's list of links
        ("【打印本页】　【关闭窗口】", Kind.FURNITURE),
        ("————————————", Kind.FURNITURE),
        ("◎一线班组创新成果展评揭晓……………………3", Kind.FURNITURE),
        ("金秋时节 职工运动会开幕", Kind.SHORT),  # one space: a title's own
        ("图①　1956年，青溪纺织厂工会组织职工学习。", Kind.CAPTION),
        ("本版主编：罗晓岚　　责任编辑：卢晓鸥", Kind.EDITOR),
        ("本版策划：罗晓岚", Kind.EDITOR),
        ("（下转第26页）", Kind.END_MARK),
        ("附件：2024年疗休养名额分配表（略）", Kind.NOTE),
        ("○通讯员 卢晓鸥", Kind.CREDIT),
        ("□ 罗晓岚", Kind.CREDIT),
        ("往期回顾　|　报纸检索　|　联系我们", Kind.FURNITURE),  # a site's menu
        ("【工作动态】", Kind.FURNITURE),  # a column's label
        ("报送：省建设工会", Kind.FURNITURE),  # a bulletin's distribution list
        ("工会经费内部审计整改完成\t3", Kind.FURNITURE),  # a contents entry
        ("作者：本报记者 罗晓岚　来源：青溪工人报　发布时间：2024-06-02", Kind.DATELINE),
        ("本报地址：青溪市建设路59号　　邮编：010010", Kind.FURNITURE),  # the imprint
        ("第3页共3页", Kind.FURNITURE),
        ("青ICP备00000000号　建议使用1024×768以上分辨率浏览本站", Kind.FURNITURE),
        ("（高　原）", Kind.BRACKETED),  # a name set out with a space, at an item's end
        ("简　讯", Kind.NAMES),  # read as a column's name where it stands (see test_cues)
        ("02", Kind.FURNITURE),  # a number alone: a page's, or a story's in a push
        ("— 03 —", Kind.FURNITURE),
        ("- END -", Kind.FURNITURE),
        ("【字体：大 中 小】", Kind.DATELINE),  # a page's control: set aside, the title above stays the text's
        ("【放大】【缩小】【默认】", Kind.DATELINE),
        ("2024-04-23　来源：青溪工人报", Kind.DATELINE),
        ("第A02版：要闻", Kind.FURNITURE),
        ("上一版　下一版　　往期回顾", Kind.FURNITURE),
        ("主　编：罗晓岚　　副主编：卢晓鸥", Kind.EDITOR),  # a label set out with a space
        ("当前位置：首页 > 基层动态 > 正文", Kind.FURNITURE),
        ("首页 > 要闻 > 正文", Kind.FURNITURE),  # a breadcrumb without its label
        ("评论（12）", Kind.FURNITURE),  # readers' doings counted
        ("---", Kind.FURNITURE),  # a rule (Markdown's too)
        ("┏━━━━━━━━━━━━━━━━━━━┓", Kind.FURNITURE),  # a box drawn around a text
        ("打开APP", Kind.FURNITURE),  # a news app's call to open it
        ("浏览量 2.3万", Kind.FURNITURE),  # a news site's count of readers
        ("阅读量：1.2万", Kind.FURNITURE),
        ("A-  A+   听新闻", Kind.FURNITURE),  # its font and audio buttons
        ("白工发〔2025〕7号", Kind.FURNITURE),  # an official document's number under its red head
        ("浏览量大增的背后", Kind.SHORT),
        ("上一篇：青溪区总工会召开2024年工作会议", Kind.FURNITURE),
        ("请输入关键字　　搜索", Kind.FURNITURE),
        ("◎关于基层工会经费收支管理专项审计发现问题整改情况的通报……2", Kind.FURNITURE),
    ],
)
def test_classify(text: str, kind: Kind) -> None:
    assert classify(7, text).kind is kind
    assert (classify(7, text).line, classify(7, text).text) == (7, text)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "金华工会送清凉——7月16日，市总工会送去防暑物资。",
            ("金华工会送清凉", "——", "7月16日，市总工会送去防暑物资。"),
        ),
        ("“红色工匠”培育——这是一项为期三年的行动。", ("“红色工匠”培育", "——", "这是一项为期三年的行动。")),
        ("工会——职工之家", None),  # the text after the dash is no sentence: a title with a subtitle
        ("一是加强，二是落实——全面推进工作。", None),  # a clause before the dash: a sentence, not a title
        ("我——好。", None),
        (
            "【青溪电力工会举办技能比武】12月12日，公司工会举办比武。",
            ("青溪电力工会举办技能比武", "【】", "12月12日，公司工会举办比武。"),
        ),
        ("【相关链接】工会法规定，职工有权参加工会。", None),  # too short for a title
        (
            "■青溪区总工会为女职工送健康　3月8日，区总工会送去体检卡。",
            ("青溪区总工会为女职工送健康", "■　", "3月8日，区总工会送去体检卡。"),
        ),
        ("■市总工会表示，将继续做好服务　工作。", None),  # a clause before the space: a sentence
    ],
)
def test_dash_title(text: str, parts: tuple[str, str, str] | None) -> None:
    assert dash_title(text) == parts


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2021年3月8日 星期一", "2021-03-08"),
        ("发布时间：2021-05-20 09:30", "2021-05-20"),
        ("2021年2月30日", None),
        ("第3版", None),
    ],
)
def test_page_date(text: str, date: str | None) -> None:
    assert page_date(text) == date


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("活动圆满结束。（完）", ("活动圆满结束。", "（完）")),
        ("活动圆满结束。 (完)", ("活动圆满结束。", "(完)")),
        ("继续发挥示范作用。（下转第2版）", ("继续发挥示范作用。", "（下转第2版）")),
        ("活动（完）结束。", None),
        ("（完）", None),
    ],
)
def test_split_end_mark(text: str, split: tuple[str, str] | None) -> None:
    assert split_end_mark(text) == split
