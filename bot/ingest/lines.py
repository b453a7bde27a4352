"""What each line of a page is: article text, a title candidate, a byline, or something set aside.

Lines that are not article text are set aside with a reason: page furniture (``第3版``, the page
date ``2021年6月1日 星期二``, a web page's ``扫码关注…`` or ``分享到：``), a dateline
(``发布时间：2021-06-01``), a photo caption (``图为…``, ``▲…``, ``王五 摄``, ``图片由…提供``), a source
note (``数据来源：…``), an end mark (``（完）``) and the editor's line (``责任编辑：…``, ``（责任编辑：…）``).
Page furniture starts a new page, so what follows may start an article; an end mark or an editor's
line ends the article above. Captions, notes and datelines are transparent: a paragraph broken
around a caption is still rejoined.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from bot.ingest.bylines import HAN, credit_byline, is_bracketed_names, is_names, start_byline
from bot.ingest.sentences import CLAUSE, FINAL

TITLE_MAX = 40  # characters of a title line
_HEADING_MAX = 30
_TITLE_BANNED = frozenset("。；;")
_DASH_TITLE_MAX = 24


class Kind(enum.Enum):
    BODY = "body"
    SHORT = "short"  # a title line, or a section heading inside an article
    NAMES = "names"  # names alone: an end byline where an article ends, else a short line
    MARKED = "marked"  # ★ / ■ / 一、 / （一）: always a section heading, never a title
    START = "start"  # a byline that starts an article (本报讯 …)
    CREDIT = "credit"  # 记者 X, 文/图 X: a byline at the start or the end, by position
    BRACKETED = "bracketed"  # （王和平 王公民）: an end byline
    DASH = "dash"  # a title running into its text: 标题——正文
    FURNITURE = "page furniture"
    DATELINE = "dateline"
    CAPTION = "photo caption"
    NOTE = "source note"
    END_MARK = "end mark"
    EDITOR = "editor's line"


SET_ASIDE = frozenset({Kind.FURNITURE, Kind.DATELINE, Kind.CAPTION, Kind.NOTE, Kind.END_MARK, Kind.EDITOR})
ENDS_ARTICLE = frozenset({Kind.END_MARK, Kind.EDITOR})
TITLE_LIKE = frozenset({Kind.SHORT, Kind.NAMES})


@dataclass(frozen=True)
class Unit:
    """One non-blank line of the document: its 1-based line number, stripped text and kind."""

    line: int
    text: str
    kind: Kind


_DATE = r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?"
_WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
_PAGE = re.compile(r"^(?:第\s*[A-Za-zＡ-Ｚ]?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版"
                   r"|[A-Za-zＡ-Ｚ]\s*[0-9０-９]{1,2}\s*版)"
                   r"(?:\s*[:：·|｜]?\s*\S{0,12})?$")
_PAGE_DATE = re.compile(rf"^{_DATE}\s*{_WEEKDAY}(?:\s+\S{{1,12}})?$")
# A page's header line, its fields apart by spaces or ">": the paper's name, the date, the weekday,
# the page and its editor (X工人报　2024年6月12日　星期三　第3版　综合新闻　责任编辑：X). Two of
# date, weekday, page and editor make one; a sentence never does (it has a stop).
_PAGE_NUMBER = (r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版"
                r"|(?<![0-9０-９])[A-Za-zＡ-Ｚ]?\s*[0-9０-９]{1,2}\s*版(?!权)")
_HEADER_FIELDS = tuple(re.compile(p) for p in (_DATE, _WEEKDAY, _PAGE_NUMBER, r"编辑\s*[:：]"))
_FIELD_GAP = re.compile(r"[ \t\u3000]+|\s*[>＞|｜]\s*")
_HEADER_MAX = 80
LEADER = re.compile(r"…{3,}|\.{6,}|·{6,}")  # a contents entry's dots to its page (38　车间组诗…………沈　澜)
SUBTITLE_DASHES = ("——", "—", "--")  # how a subtitle (副题) starts
# A header or footer copied with its fields set apart by wide gaps (X市总工会编印　　　　2024年7月8日,
# X职工报　　　综合新闻　　　2): a number or a publisher's word in it, no sentence.
_WIDE_GAP = re.compile(r"[ \t\u3000]{3,}")
_MASTHEAD_WORD = re.compile(r"[0-9０-９]|编印|主办|主管|内部资料|编辑")
# A page number at a line's edge (22　｜　职工之友), an issue (2024年第3期（总第41期）), a section's
# page (3　要闻), an internal publication's notice (内部资料　注意保存). A push's item is no page's edge:
# 01 | 首批32名“云溪工匠”名单出炉, a headline of NEWS_ITEM_MIN (12) characters or more; a publication's name
# is short, and so is a feature's part (01 | 一杯凉茶，一声问候), which stays set aside as before.
_PAGE_EDGE = re.compile(r"^[0-9０-９]{1,3}\s*[｜|](?!\s*\S{12})|[｜|]\s*[0-9０-９]{1,3}$"
                        r"|\s[·•—-]\s*[0-9０-９]{1,3}\s*[·•—-]$"
                        r"|^[0-9０-９]{1,2}[ \u3000]+[\u4e00-\u9fff·]{2,6}$")
_ISSUE = re.compile(r"^(?:\d{4}\s*年\s*)?第\s*[0-9一二三四五六七八九十]+\s*期(?:\s*[（(]总第\s*\d+\s*期[）)])?$"
                    r"|^[0-9０-９]{1,3}$"  # a page's number alone
                    r"|^(?:内部资料|内部刊物|免费交流|注意保存)(?:[ \u3000]+\S{2,8})*$")
# A paper's imprint and a site's footer: two of address, postcode, e-mail, phone, printer…; a page count
# (第3页共3页); a site's licence or browser note.
_IMPRINT_FIELD = re.compile(r"(?:地址|社址|邮编|邮箱|电话|热线|传真|印刷|发行|网址|投稿)[^：:，。]{0,4}[：:]")
_IMPRINT = re.compile(r"第\s*\d+\s*页\s*共\s*\d+\s*页$|ICP备|内资准字|准印证|分辨率|版权所有|Copyright"
                      r"|未经(?:授权|许可)不得转载"
                      r"|(?:主办|主管|编印)$",
                      re.IGNORECASE)  # X工会主办: a publisher's line
# An e-paper's page navigation, its print/close links, a list of its links (· 标题), a rule line, and a
# contents box's entry (■ 车间里的“创新角”　　　第2版).
_NAVIGATION = re.compile(r"^(?:(?:上一版|下一版|上一期|下一期|版面导航|返回目录|往期回顾|往期推荐|报纸检索)"
                         r"[ \t\u3000]*)+$"
                         r"|^(?:【[^】]{2,6}】[ \t\u3000]*){2,}$|^[·•]\s*\S.{0,40}$|^[—\-=_*.·…\u2500-\u257f]{3,}$"
                         # a menu (往期回顾 | 报纸检索 | 联系我们), a label (【工作动态】), a distribution list
                         r"|^(?:[^|｜]{2,8}[ \u3000]*[|｜][ \u3000]*){2,}[^|｜]{2,8}$|^【[^】]{2,8}】$"
                         # a site's menu set apart by spaces (首页　工会要闻　基层动态　维权服务)
                         r"|^首页(?:[ \t\u3000]+[\u4e00-\u9fff]{2,6}){3,}[ \t\u3000]*$"
                         r"|^(?:报送|抄送|发送|分送|报|送|发)\s*[:：]"
                         # an official document's number under its issuer's red head (鹤工发〔2024〕15号)
                         r"|^[\u4e00-\u9fff]{1,10}[〔［\[（(【]\s*\d{4}\s*[〕］\]）)】]\s*\d{1,4}\s*号$"
                         # a breadcrumb, a site's previous/next links and search box, a decorated number
                         r"|^(?:您?(?:当前|现在)?的?位置|当前位置|所在位置|上一篇|下一篇|上一条|下一条)\s*[:：]|^.{0,14}搜索$"
                         r"|^(?:网站)?首页\s*[>»›＞]"  # a breadcrumb without its label (首页 > 要闻 > 正文)
                         r"|^(?:打开|下载)\s*(?:APP|App|app|客户端)$"  # a news app's call to open it
                         # a WeChat push's staff, at its top or its end (编辑 | X　审核 | Y): no end of its text
                         r"|^(?:责任编辑|责编|编辑|审核|校对|排版|美编|值班编辑)\s*[|｜丨]"
                         # a count of readers' doings
                         r"|^(?:评论|留言|点赞|在看|分享|收藏|转发)\s*[（(]\s*\d+\s*[）)]$"
                         r"|^[—\-–~·\s]*[0-9０-９]{1,3}[—\-–~·\s]*$|^[—\-–~·\s]*(?:END|THE END|完)[—\-–~·\s]*$"
                         # a picture left out of the copy ([二维码], 【图片】) and a masthead's name in capitals
                         r"|^[\[【]\s*(?:二维码|图片|图|照片|视频|音频|配图|表格)\s*(?:[:：][^\]】]{0,30})?[\]】]$"
                         r"|^[A-Z][A-Z \u3000·.&-]{4,}$"
                         r"|^[↓↑▼▽⬇👇👆\s]+$"  # arrows to what follows (↓↓↓)
                         # a hotline alone (维权热线：12351)
                         r"|^[\u4e00-\u9fff]{0,8}(?:热线|电话)\s*[:：]\s*[0-9０-９\-－—()（）×xX ]{4,}$")
_CONTENTS = re.compile(rf"^[■□●◆▲·◎]?\s*\S.{{1,50}}?(?:\t|[ \t\u3000]{{2,}}|[.·…]{{2,}}\s*)"
                       rf"(?:{_PAGE_NUMBER}|[0-9]{{1,3}})$")
_DATELINE = re.compile(rf"^(?:(?:发布|发稿|更新)?(?:时间|日期)\s*[:：]"
                       # a web page's line about the article: 作者：X　来源：Y　发布时间：Z; its font size control
                       rf"|(?:作者|来源|记者)\s*[:：].{{0,60}}?(?:来源|发布时间|时间|日期|浏览|点击)\s*[:：]"
                       rf"|[【\[]?\s*(?:字体|字号)\s*[:：]|[【\[]\s*(?:字体|字号)[\s大中小]*[】\]]"
                       rf"|(?:【(?:放大|缩小|默认|大|中|小)】\s*){{2,}}$"
                       rf"|(?:(?:放大|缩小|默认)\s*){{2,}}(?:分享到\s*[:：].{{0,30}})?$"
                       rf"|{_DATE}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s+(?:来源|作者|编辑|发布)\s*[:：]"
                       rf"|{_DATE}\s+\d{{1,2}}:\d{{2}}\s*·\s*\S{{1,10}}$"  # a news app's time and place
                       rf"|[（(]?{_DATE}[）)]?(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$"
                       # a WeChat push's account, time and region: (原创) 青溪工会　2025年05月06日 18:30　广东,
                       # and its call to follow (点击上方蓝字关注我们), both between its title and its text
                       rf"|\W{{0,2}}点击(?:上方|下方)?[^，。,！!]{{0,16}}关注[^，。,！!]{{0,6}}$"
                       rf"|(?:[^\s，。,]{{2,20}}\s+){{1,3}}{_DATE}\s+\d{{1,2}}:\d{{2}}"
                       rf"(?:\s+(?:发表于)?[\u4e00-\u9fff]{{2,4}}|\s+[＋+]\s*关注)?$)")  # …17:30 发表于江西, …＋关注
_PIPED = re.compile(r"[|｜丨]")  # a bar between a credit's parts (文 | X　图 | Y), or a menu's
_PICTURED = rf"(?:[{HAN}]{{2,3}}|[{HAN}][ \u3000][{HAN}])"  # a photographer's name, set out to width or not
_CAPTION = re.compile(rf"^(?:[▲△]|图[①-⑳][ \u3000]|图\s*[0-9]{{1,2}}[ \u3000]"  # 图1　改造后的阅览区
                      rf"|[（(]?\s*(?:图为|上图|下图|左图|右图|图[:：]|图片[:：]|图片来源|摄影[:：]"
                      rf"|图片由\S{{1,20}}提供))"
                      rf"|^[（(]?(?:本报|本刊)?(?:记者|通讯员)?[ \u3000]*{_PICTURED}"
                      rf"(?:[ 、，\u3000]+{_PICTURED}){{0,5}}"
                      rf"[ \u3000]*摄[）)]?$")
# A bracketed （来源：X报） closing an item is its end credit (bot.ingest.bylines), as （摘自X报） is.
_NOTE = re.compile(r"^[（(]?\s*(?:数据来源|资料来源|信息来源|稿件来源)\s*[:：]|^来源\s*[:：]"
                   r"|^附件\s*[0-9一二三四五六七八九十]?\s*[:：]|^附\s*[:：]|^[【\[]?编者按[】\]]?[:：]?$"
                   # a web page's files to download: 附件下载：, 附件2.X名额分配表.xlsx
                   r"|^(?:附件)?(?:下载|附件下载)\s*[:：]?$|^\S.{0,60}\.(?:docx?|xlsx?|pdf|wps|zip|rar|pptx?)$")
# The end of an article on this page: 完, or where it goes on (下转第4版: the rest is on another page).
_TURN = r"[（(]\s*(?:下转|转)(?:第\s*)?[0-9０-９一二三四五六七八九十]{1,3}\s*[版页]\s*[）)]"
_END_MARK = re.compile(rf"^(?:[（(【\[]\s*完\s*[）)】\]]|[—-]+\s*完\s*[—-]+|{_TURN})$")
_EDITOR = re.compile(r"^[（(【\[]?\s*(?:本期|本版|本刊|专刊)?"
                     r"(?:责任编辑|责编|本版编辑|本版主编|本版策划|值班编辑|美术编辑|主编|编辑|校对|美编"
                     r"|版式设计|版式|审核|审校|签发|策划|统筹|主[ \u3000]+编|编[ \u3000]+辑|校[ \u3000]+对)"
                     r"\s*[:：]")
# A web page's calls to follow or share it (扫码关注…公众号, 分享到：): page furniture, never text.
# Only a bare call counts: 扫码关注“X工会”公众号即可报名 tells members how to sign up, and stays.
_SHARE = re.compile(r"^(?:(?:扫码关注|长按(?:识别)?二维码|微信扫一扫|扫一扫"
                    r"|扫描(?:下方|上方)?二维码[ \t\u3000]*\S{0,12})"
                    r"(?:[^，。,！!；;]{0,16}(?:公众号|二维码|视频号))?|分享到(?:\s*[:：].{0,30})?"
                    # a WeChat push's own buttons and counts: 阅读原文, 分享 收藏 在看, 阅读 4127
                    r"|阅读原文|已无更多数据|向上滑动看下一个"
                    r"|收录于(?:合集|话题)\S{0,20}|(?:#\S{1,20}?[0-9]+个[ \t\u3000]*)+"
                    r"|(?:(?:分享|收藏|点赞|在看|赞|评论|转发)[ \t\u3000]*(?:\d+(?:\.\d+)?万?\+?[ \t\u3000]*)?){2,}"
                    r"|写留言"
                    r"|(?:(?:阅读|赞|在看|分享|点赞)[ \t\u3000]*(?:\d+万?\+?)[ \t\u3000]*)+"
                    # a news site's count of readers (浏览量 2.3万, 阅读量：1.2万) and its font and audio
                    # buttons (A-  A+   听新闻)
                    r"|(?:浏览量|浏览次数|阅读量|点击量|阅读数|播放量)[ \t\u3000]*[:：]?[ \t\u3000]*\d+(?:\.\d+)?万?\+?"
                    r"|A[-－][ \t\u3000]*A[+＋](?:[ \t\u3000]*听新闻)?|听新闻"
                    # a news app's buttons and its feed's entries (青溪日报 · 2.1万阅读 · 3天前)
                    r"|关注|\+关注|展开全文|举报/?反馈|查看全部\d*条评论\s*>?"
                    r"|\S{1,20}[ \t\u3000]*·[ \t\u3000]*\d+(?:\.\d+)?万?阅读(?:[ \t\u3000]*·[ \t\u3000]*\S{1,8})?)$")
_SPEAKER = re.compile(r"^(?:问|答|记者|主持人|摘\s*要|内容摘要|关键词|关键字)\s*[:：]")  # or a paper's abstract
CLOSING = re.compile(r"^(?:此致|敬礼[！!]?|此致\s*敬礼[！!]?)$")  # a letter's close: its text, never a name or title
_END_MARK_INLINE = re.compile(rf"(?<=[。！？!?…”’」』])\s*(?:[（(]\s*完\s*[）)]|{_TURN})$")
MARK_SYMBOLS = "★☆■□●○◆◇▶►◎"  # what marks a section heading, or a column's item (see cues.ITEM_MARK)
_MARKER = re.compile(rf"^(?:[{MARK_SYMBOLS}]"
                     r"|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]"
                     r"|\d{1,2}(?:[、．]|\.[ \u3000])(?!\d))")
# 6 characters at least: 【编者按】, 【相关链接】 and 【记者手记】 open text of the article they stand in.
_BRACKET_TITLE = re.compile(r"^【(?P<title>[^【】。！？!?；;]{6,40})】\s*(?P<body>\S.*)$")
_DASH = re.compile(rf"^(?P<title>[^，,。！？!?；;：:]{{2,{_DASH_TITLE_MAX}}}?)\s*(?P<dash>——)\s*(?P<body>\S.*)$")
# ■标题　正文: a brief's title after its mark, apart from its text by a wide space
_MARKED_TITLE = re.compile(r"^(?P<mark>[■◆●▲])\s*(?P<title>[^，,。！？!?；;：:\s]{6,40}?)(?P<gap>\u3000+|[ \t]{2,})"
                           r"(?P<body>\S.*)$")


def classify(line: int, text: str) -> Unit:
    """The kind of one stripped, non-blank line."""
    return Unit(line=line, text=text, kind=_kind(text))


def _kind(text: str) -> Kind:
    for kind, pattern in ((Kind.END_MARK, _END_MARK), (Kind.EDITOR, _EDITOR), (Kind.FURNITURE, _PAGE),
                          (Kind.FURNITURE, _SHARE), (Kind.FURNITURE, _PAGE_DATE), (Kind.DATELINE, _DATELINE),
                          (Kind.CAPTION, _CAPTION), (Kind.NOTE, _NOTE)):
        if pattern.match(text):
            return kind
    if _furniture(text) and not (_PIPED.search(text) and credit_byline(text)):
        return Kind.FURNITURE  # (文 | X　图 | Y reads as a menu, but is a credit)
    if start_byline(text):
        return Kind.START
    if credit_byline(text):
        return Kind.CREDIT
    if is_bracketed_names(text):
        return Kind.BRACKETED
    if _SPEAKER.match(text) or CLOSING.match(text):
        return Kind.BODY  # 问：… / 记者：… of a Q&A or an interview, however short: never a title
    if _MARKER.match(text):
        if len(text) <= _HEADING_MAX and not FINAL.intersection(text):
            return Kind.MARKED
        return Kind.DASH if dash_title(text) else Kind.BODY
    if is_names(text):
        return Kind.NAMES
    if is_title_line(text):
        return Kind.SHORT
    return Kind.DASH if dash_title(text) else Kind.BODY


def _furniture(text: str) -> bool:
    """A page's header or footer, navigation, contents entry, issue line or imprint (see the patterns)."""
    if _NAVIGATION.match(text) or _CONTENTS.match(text) or _ISSUE.match(text) or len(_IMPRINT_FIELD.findall(text)) >= 2:
        return True
    sentence = bool(FINAL.intersection(text))  # a sentence is no header
    if not sentence and (_PAGE_EDGE.search(text) or (len(text) <= _HEADER_MAX and LEADER.search(text))):
        return True
    if len(text) > _HEADER_MAX:
        return False
    if _IMPRINT.search(text):
        return True
    return not sentence and bool((_WIDE_GAP.search(text) and _MASTHEAD_WORD.search(text))
                                 or (len(_FIELD_GAP.findall(text)) >= 2
                                     and sum(bool(f.search(text)) for f in _HEADER_FIELDS) >= 2))


def is_title_line(text: str) -> bool:
    """Short, no sentence inside it, not ending in a clause mark: a title (or a section heading)."""
    return len(text) <= TITLE_MAX and not _TITLE_BANNED.intersection(text) and text[-1] not in CLAUSE


def dash_title(text: str) -> tuple[str, str, str] | None:
    """(title, dash, text) of a title that runs into its text with a dash (标题——正文), in square
    brackets (【标题】正文; the dash is then "【】") or after a mark and before a wide space (■标题　正文;
    the dash is the mark and the space), or None."""
    match = _DASH.match(text)
    bracketed = None if match else _BRACKET_TITLE.match(text)
    marked = None if match or bracketed else _MARKED_TITLE.match(text)
    if marked is not None:
        title, dash, body = marked.group("title"), marked.group("mark") + marked.group("gap"), marked.group("body")
    elif bracketed is not None:
        title, dash, body = bracketed.group("title").strip(), "【】", bracketed.group("body")
    elif match is not None:
        title, dash, body = match.group("title").strip(), match.group("dash"), match.group("body")
    else:
        return None
    if sum(ch.isalpha() for ch in title) < 2 or not (FINAL.intersection(body) or len(body) > TITLE_MAX):
        return None
    return title, dash, body


def page_date(text: str) -> str | None:
    """The ISO date of a page-date or dateline line, when it holds a valid one."""
    match = re.search(_DATE, text)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def split_end_mark(text: str) -> tuple[str, str] | None:
    """(text, mark) when ``text`` ends with ``（完）`` after its last sentence."""
    match = _END_MARK_INLINE.search(text, max(len(text) - 16, 0))
    if match is None:
        return None
    return text[: match.start()].rstrip(), match.group(0).strip()
