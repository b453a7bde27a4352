"""Title blocks (bot/ingest/titles.py): the main title of the lines above an article, and the others."""

from __future__ import annotations

import pytest

from bot.ingest.titles import TitleBlock, title_block, title_credit, title_width
from bot.nlp.segment import Segmenter


@pytest.mark.parametrize(("titles", "main"), [
    # two lines with no dash are kicker and main title (引题, 主题) ...
    (["缘聚古道凉溪", "“浙工缘”青年职工交友活动走进路桥"], ("“浙工缘”青年职工交友活动走进路桥", ("缘聚古道凉溪",))),
    (["聚焦产业工人队伍建设改革", "青溪新培育技能大师工作室12家"],
     ("青溪新培育技能大师工作室12家", ("聚焦产业工人队伍建设改革",))),
    # ... unless the second is a subtitle (——…) or a writer's name or credit the byline search left
    (["青溪职工服务中心开放", "——首日接待职工300余人次"], ("青溪职工服务中心开放", ("——首日接待职工300余人次",))),
    (["让维权跑出加速度", "罗晓岚"], ("让维权跑出加速度", ("罗晓岚",))),
    (["青溪为农民工讨薪开辟绿色通道", "今年以来累计追回欠薪2.1亿元"],  # a subtitle stating a fact
     ("青溪为农民工讨薪开辟绿色通道", ("今年以来累计追回欠薪2.1亿元",))),
    # ... or a clause of figures (a subtitle's, even where a word would run on: 行动 / 计划 reads 行动计划)
    (["青溪市总工会启动“夏送清凉”专项行动", "计划投入专项资金1860万元，覆盖一线职工15万人次"],
     ("青溪市总工会启动“夏送清凉”专项行动", ("计划投入专项资金1860万元，覆盖一线职工15万人次",))),
    (["高温下的坚守", "烈日下，他们守护钢轨“生命线”"], ("烈日下，他们守护钢轨“生命线”", ("高温下的坚守",))),
    (["答职工问：疗休养政策有哪些变化？", "作者：集团工会宣教部"],
     ("答职工问：疗休养政策有哪些变化？", ("作者：集团工会宣教部",))),
    (["父亲的扳手", "青溪公路养护中心　罗晓岚"], ("父亲的扳手", ("青溪公路养护中心　罗晓岚",))),
    (["试用期被辞退，能否要求赔偿？", "文／青溪律师事务所律师　罗晓岚"],
     ("试用期被辞退，能否要求赔偿？", ("文／青溪律师事务所律师　罗晓岚",))),
    # a kicker (引题) above the main title shows by the subtitle under the main title
    (["两会代表话工会", "让技能人才有奔头", "——访市人大代表罗晓岚"],
     ("让技能人才有奔头", ("两会代表话工会", "——访市人大代表罗晓岚"))),
    # a column's name above a title stands as its kicker
    (["一线声音", "别让职工之家只挂个牌子"], ("别让职工之家只挂个牌子", ("一线声音",))),
    (["工会在身边", "职工餐厅变职工之家"], ("职工餐厅变职工之家", ("工会在身边",))),
    (["工匠之路", "——记全国劳模罗晓岚同志"], ("工匠之路", ("——记全国劳模罗晓岚同志",))),  # a subtitle under it
    (["青溪职工服务中心开放", "——首日接待职工三百余人次", "罗晓岚"],
     ("青溪职工服务中心开放", ("——首日接待职工三百余人次", "罗晓岚"))),
    (["弘扬劳模精神 争当时代先锋", "——写在五一国际劳动节"], ("弘扬劳模精神 争当时代先锋", ("——写在五一国际劳动节",))),
    # ... and so does a slogan of like phrases
    (["弘扬劳模精神　争当时代先锋", "青溪表彰一批五一劳动奖"],
     ("青溪表彰一批五一劳动奖", ("弘扬劳模精神　争当时代先锋",))),
    # a line ending on a word that cannot end a title runs on on the next
    (["县级工会一体化建设的", "实践与思考", "青溪县总工会　罗晓岚"],
     ("县级工会一体化建设的实践与思考", ("青溪县总工会　罗晓岚",))),
    (["公司首批120名一线职工赴", "白沙康养基地疗休养"], ("公司首批120名一线职工赴白沙康养基地疗休养", ())),  # 赴…
    # ... and so does a line above one that starts with 暨 (and) or 及
    (["市总工会启动“金秋助学”", "暨困难职工子女圆梦行动"], ("市总工会启动“金秋助学”暨困难职工子女圆梦行动", ())),
    # ... and a union's name alone goes on on the next line (a kicker never is one)
    (["白沙区总工会", "为4000名一线职工送清凉"], ("白沙区总工会为4000名一线职工送清凉", ())),
    (["两会代表话工会", "让技能人才有奔头"], ("让技能人才有奔头", ("两会代表话工会",))),
    # a title line's brackets and item number are no part of the title
    (["【青溪区建成首个骑手友好社区】"], ("青溪区建成首个骑手友好社区", ())),
    (["2.县人民医院工会举办义诊活动"], ("县人民医院工会举办义诊活动", ())),
    (["02 | 首批32名“青溪工匠”名单出炉"], ("首批32名“青溪工匠”名单出炉", ())),  # a push's item number
    (["2.5万名职工参加技能培训"], ("2.5万名职工参加技能培训", ())),
    (["【】", "青溪工会建设的"], ("青溪工会建设的", ("【】",))),  # empty brackets stay; nothing breaks
    # three lines are kicker, main title and subtitle (引题, 主题, 副题), dash or not
    (["覆盖十万名一线职工", "青溪推行技能等级与薪酬双挂钩", "试点企业技能人才平均工资增长一成"],
     ("青溪推行技能等级与薪酬双挂钩", ("覆盖十万名一线职工", "试点企业技能人才平均工资增长一成"))),
])
def test_the_main_title_of_a_title_block(titles: list[str], main: tuple[str, tuple[str, ...]]) -> None:
    block = title_block(titles)
    assert (block.title, block.kickers + block.subtitles) == main


@pytest.mark.parametrize(("titles", "main"), [
    (["青溪区总工会推出菜单式职工教育", "职工课堂开进生产车间"],
     ("职工课堂开进生产车间", ("青溪区总工会推出菜单式职工教育",))),
    (["白沙新区建立新就业形态劳动者", "工会联合会"], ("白沙新区建立新就业形态劳动者工会联合会", ())),  # over two lines
])
def test_the_title_a_contents_box_lists_is_the_main_title(titles: list[str],
                                                          main: tuple[str, tuple[str, ...]]) -> None:
    listed = frozenset({"职工课堂开进生产车间", "白沙新区建立新就业形态劳动者工会联合会"})
    block = title_block(titles, listed=listed)
    assert (block.title, block.kickers + block.subtitles) == main


@pytest.mark.parametrize(("titles", "block"), [
    (["聚焦产业工人队伍建设改革", "青溪新培育技能大师工作室12家"],
     TitleBlock(kickers=("聚焦产业工人队伍建设改革",), title="青溪新培育技能大师工作室12家", subtitles=())),
    (["两会代表话工会", "让技能人才有奔头", "——访市人大代表罗晓岚"],
     TitleBlock(kickers=("两会代表话工会",), title="让技能人才有奔头", subtitles=("——访市人大代表罗晓岚",))),
    (["青溪职工服务中心开放", "——首日接待职工300余人次"],
     TitleBlock(kickers=(), title="青溪职工服务中心开放", subtitles=("——首日接待职工300余人次",))),
])
def test_a_title_block_keeps_its_kickers_above_and_subtitles_under(titles: list[str], block: TitleBlock) -> None:
    assert title_block(titles) == block


@pytest.mark.parametrize(("titles", "block"), [
    # the second line opens on a verb or an adverb under a noun phrase: one title set over two lines
    (["白沙港区职工食堂", "完成升级改造"], TitleBlock((), "白沙港区职工食堂完成升级改造", ())),
    (["青溪县二百名环卫工人", "都领到了防暑降温品"], TitleBlock((), "青溪县二百名环卫工人都领到了防暑降温品", ())),
    # ... or it is a short rest under a long line, with a subtitle under both
    (["青溪市第三届职工篮球联赛", "圆满落幕"], TitleBlock((), "青溪市第三届职工篮球联赛圆满落幕", ())),
    (["青溪市第五届职工技能大赛", "决赛落幕", "——20名选手获评“青溪工匠”"],
     TitleBlock((), "青溪市第五届职工技能大赛决赛落幕", ("——20名选手获评“青溪工匠”",))),
    (["白沙区新就业形态劳动者", "集中入会"], TitleBlock((), "白沙区新就业形态劳动者集中入会", ())),
    (["白沙区户外劳动者驿站", "升级"], TitleBlock((), "白沙区户外劳动者驿站升级", ())),  # words, not a name
    # ... or a word runs on from one line into the next (the column ended mid-word)
    (["青溪镇成立新就业形", "态劳动者工会联合会"], TitleBlock((), "青溪镇成立新就业形态劳动者工会联合会", ())),
    (["白沙港区建成首个工", "会服务中心"], TitleBlock((), "白沙港区建成首个工会服务中心", ())),
    (["青溪困难职工帮扶 发放救助金416万", "元"], TitleBlock((), "青溪困难职工帮扶 发放救助金416万元", ())),
    # ... or an official document's title (关于…) goes on to the line that names its kind
    (["关于开展2024年度青溪市“最美职工”", "推荐评选活动的通知"],
     TitleBlock((), "关于开展2024年度青溪市“最美职工”推荐评选活动的通知", ())),
    (["关于我市新就业形态劳动者劳动权益", "保障情况的调研报告", "青溪市总工会课题组"],
     TitleBlock((), "关于我市新就业形态劳动者劳动权益保障情况的调研报告", ("青溪市总工会课题组",))),
    (["关于开展职工书屋评选的通知", "青溪县总工会"], TitleBlock((), "关于开展职工书屋评选的通知", ("青溪县总工会",))),
    # ... and a congress goes on to its sitting
    (["白沙港务集团第五届职代会", "第三次会议召开"], TitleBlock((), "白沙港务集团第五届职代会第三次会议召开", ())),
    (["青溪市总工会第十五届委员会", "第三次全体会议举行"],
     TitleBlock((), "青溪市总工会第十五届委员会第三次全体会议举行", ())),
    # ... its issuer perhaps before 关于 (a union's name), but no headline's words
    (["青溪市总工会关于开展2025年度全市", "职工疗休养活动的通知"],
     TitleBlock((), "青溪市总工会关于开展2025年度全市职工疗休养活动的通知", ())),
    (["一场关于匠心的对话", "劳模工匠进校园活动的通知"],
     TitleBlock(("一场关于匠心的对话",), "劳模工匠进校园活动的通知", ())),
    # ... or the break falls inside quotation marks, or before a mark that closes them
    (["青溪港桥吊司机罗晓岚：“吊装", "一姐”的毫米功夫"],
     TitleBlock((), "青溪港桥吊司机罗晓岚：“吊装一姐”的毫米功夫", ())),
    (["白沙区总工会“职工抗洪突击队", "”坚守大堤9昼夜"],
     TitleBlock((), "白沙区总工会“职工抗洪突击队”坚守大堤9昼夜", ())),
    (["青溪驿站真正暖到心坎上", "周子明"], TitleBlock((), "青溪驿站真正暖到心坎上", ("周子明",))),  # 上周: a name
    (["技能大赛要比出“真本事”", "林　川"], TitleBlock((), "技能大赛要比出“真本事”", ("林　川",))),
    # a kicker stays one: a column's name, a two-part slogan, a line that states something (聚焦…),
    # a title that names its subject with a colon, a causative 让, a writer's name under the title
    (["职工心声", "父亲的安全帽"], TitleBlock(("职工心声",), "父亲的安全帽", ())),
    (["服务职工　法援先行", "青溪法律援助受理案件1260件"],
     TitleBlock(("服务职工　法援先行",), "青溪法律援助受理案件1260件", ())),
    (["聚焦一线职工需求", "青溪新建户外劳动者驿站30个"],
     TitleBlock(("聚焦一线职工需求",), "青溪新建户外劳动者驿站30个", ())),
    (["新业态里的“最美劳动者”", "快递员罗晓岚：风雨里的“守时人”"],
     TitleBlock(("新业态里的“最美劳动者”",), "快递员罗晓岚：风雨里的“守时人”", ())),
    (["两会代表话工会", "让技能人才有奔头"], TitleBlock(("两会代表话工会",), "让技能人才有奔头", ())),
    (["白沙区一线职工技能比武", "吴晓东"], TitleBlock((), "白沙区一线职工技能比武", ("吴晓东",))),
])
def test_a_title_set_over_two_lines_is_one_title(segmenter: Segmenter, titles: list[str], block: TitleBlock) -> None:
    assert title_block(titles) == block


@pytest.mark.parametrize(("line", "split"), [
    ("青溪区第五届职工篮球联赛闭幕 通讯员 吴晓东", ("青溪区第五届职工篮球联赛闭幕", "通讯员 吴晓东")),
    ("白沙区“骑手之家”揭牌　通讯员 陈小雨 本报记者 罗晓岚", ("白沙区“骑手之家”揭牌", "通讯员 陈小雨 本报记者 罗晓岚")),
    ("服务职工 法援先行", None),  # a slogan's second half is no credit
    ("青溪区第五届职工篮球联赛闭幕", None),
])
def test_a_byline_on_the_title_s_line_is_split_off(line: str, split: tuple[str, str] | None) -> None:
    credited = title_credit(line)
    assert ((credited[0], credited[1].text) if credited else None) == split


# A narrow column wraps every title at one width: 14 characters here, the longest title line of the page.
_WRAPPED_PAGE = [["青溪市总工会经费审计问题整改", "到位 追回违规资金38.7万", "元"],
                 ["白沙区工会资助首批86名快递", "小哥读大专"],
                 ["青溪县第二届职工足球联赛在白", "沙开踢 24支球队参赛"],
                 ["白沙港区职工食堂开放"]]


@pytest.mark.parametrize(("blocks", "width"), [
    (_WRAPPED_PAGE, 14),
    (_WRAPPED_PAGE[:2] + _WRAPPED_PAGE[3:], None),  # two blocks wrapped at one width may be chance
    ([*_WRAPPED_PAGE, ["青溪县二百名环卫工人领到春季劳保用品"]], None),  # a longer title: no title is wrapped
    ([["一线声音", "别让职工之家只挂个牌子"], ["工会在身边", "职工餐厅变职工之家"], ["职工心声", "父亲的安全帽"]],
     None),  # kickers of one length, titles longer: set whole
    ([["工会动态", "青溪"], ["工会动态", "白沙"], ["工会动态", "港区"]], None),  # shorter than a wrapped line
    ([], None),
])
def test_the_width_a_page_s_titles_are_wrapped_at(blocks: list[list[str]], width: int | None) -> None:
    assert title_width(blocks) == width


@pytest.mark.parametrize(("titles", "block"), [
    # a line as wide as the page's titles goes on on the next, whatever the line under it reads as
    (_WRAPPED_PAGE[0], TitleBlock((), "青溪市总工会经费审计问题整改到位 追回违规资金38.7万元", ())),
    (_WRAPPED_PAGE[2], TitleBlock((), "青溪县第二届职工足球联赛在白沙开踢 24支球队参赛", ())),
    # ... but not into a subtitle, and a shorter line is read as before (a kicker)
    (["青溪市总工会召开十五届二次全", "——部署全年工作"],
     TitleBlock((), "青溪市总工会召开十五届二次全", ("——部署全年工作",))),
    (["聚焦一线职工需求", "青溪新建驿站30个"], TitleBlock(("聚焦一线职工需求",), "青溪新建驿站30个", ())),
])
def test_a_line_as_wide_as_the_page_s_titles_runs_on(titles: list[str], block: TitleBlock) -> None:
    assert title_block(titles, width=14) == block
