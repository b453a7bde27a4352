"""bot.ingest.cues: what one line says about where articles start and end."""

from __future__ import annotations

import pytest

from bot.ingest.cues import closing, column_name, declares, finished, label, news_item, news_lead, signature
from bot.ingest.lines import Unit, classify


def _unit(text: str) -> Unit:
    return classify(1, text)


@pytest.mark.parametrize(("text", "done"), [
    ("市总工会近日举办活动。", True),
    ("希望受表彰的职工再接再厉。（青溪市总工会 2023年4月25日）", True),  # a signature closes it
    ("市总工会近日举办活动，", False),
    ("本报讯 通讯员王敏报道 市总工会近日举办活动。", True),  # a byline's lead
    # a notice's signature a narrow column ran on after its last sentence
    ("联系人：王莉，电话：0515-88312351。青溪市总工会 2024年8月26日", True),
    ("请于9月20日前报送。青溪市总工会2025年7月3日", True),
    ("青溪市总工会 2024年8月26日", False),  # no sentence before it: a signature alone is no paragraph
    ("请于9月20日前报送。青溪市总工会 2025年7月", False),  # the date goes on on the next line
])
def test_a_paragraph_is_finished(text: str, done: bool) -> None:
    assert finished(_unit(text)) is done


@pytest.mark.parametrize(("text", "closes", "declared"), [
    ("让我们携起手来，为户外劳动者撑起一片“清凉”！", True, True),
    ("临别时，他写下：“回去继续好好干！”", True, True),
    ("高温津贴怎么发？", True, False),  # a question may be a title (2 of 330 union titles)
    ("工会法律援助进工地", False, False),
])
def test_a_short_line_may_close_an_article(text: str, closes: bool, declared: bool) -> None:
    assert closing(_unit(text)) is closes
    assert declares(text) is declared


@pytest.mark.parametrize(("text", "column"), [
    ("一线传真", True), ("简讯", True), ("以案说法", True), ("基层工会动态", True),
    ("简　讯", True), ("工 作 简 报", True),  # set out with spaces
    ("江川时评", True), ("读者来信", True), ("编辑手记", True), ("职工信箱", True),
    ("基层采风", True), ("卷首语", True),
    ("工会法律援助进工地", False),  # too long for a column's name
    ("法援先行", False),
])
def test_a_column_name(text: str, column: bool) -> None:
    assert column_name(text) is column


@pytest.mark.parametrize(("text", "lead"), [
    ("5月18日，青禾镇工会召开会员代表大会。", True),
    ("近日，市总工会举办活动。", True),
    ("4月至5月，市教育工会开展审计。", True),
    ("2023年，全市工会围绕中心工作。", False),  # a year opens a review's section as well
    ("市总工会近日举办活动。", False),
])
def test_a_news_lead(text: str, lead: bool) -> None:
    assert news_lead(_unit(text)) is lead


@pytest.mark.parametrize(("text", "signed"), [
    ("青溪市总工会 2024年7月8日", True),
    ("青溪市总工会", False),  # names alone: a byline or a heading, by position
    ("周文斌", False),
])
def test_a_signature(text: str, signed: bool) -> None:
    assert signature(_unit(text)) is signed


@pytest.mark.parametrize(("text", "is_label"), [("本期导读", True), ("下一步，工会将", False)])
def test_a_label(text: str, is_label: bool) -> None:
    assert label(text) is is_label


@pytest.mark.parametrize(("text", "item"), [
    ("1．市总工会第十五次代表大会胜利召开", True),  # a report's numbered news item
    ("1．加强组织领导", False),  # a section's heading: a short phrase
    ("2．加强组织领导，完善工作机制", False),
])
def test_a_numbered_news_item(text: str, item: bool) -> None:
    assert news_item(_unit(text)) is item
