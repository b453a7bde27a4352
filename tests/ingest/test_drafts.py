"""The walk's moves (bot.ingest.drafts), each on a stream of made-up lines."""

from __future__ import annotations

from bot.ingest.drafts import Draft, Walk, add_text, aside, end_byline, open_dash, open_item
from bot.ingest.lines import Kind, Unit, classify
from bot.ingest.repairs import BodyLine

BODY = "市总工会近日举办活动，职工踊跃参加。"


def walk(*texts: str) -> Walk:
    stream = [classify(n, text) for n, text in enumerate(texts, start=1)]
    return Walk(stream=stream, stops=[None] * (len(stream) + 1), claims={})


def test_text_before_the_first_title_is_set_aside() -> None:
    w = walk(BODY)
    add_text(w, w.stream[0])
    assert w.out.drafts == [] and [(p.line, p.reason) for p in w.out.set_aside] == [(1, "text before the first title")]


def test_text_after_an_ended_article_stays_in_it_with_a_doubt() -> None:
    w = walk(BODY)
    w.out.drafts.append(Draft(1, ["甲标题"]))
    w.ended = True
    add_text(w, Unit(2, BODY, Kind.BODY))
    assert [b.text for b in w.out.drafts[0].body] == [BODY] and not w.ended
    assert "has no title of its own" in w.out.doubts[0].message


def test_an_item_opens_without_its_mark_and_takes_its_credit() -> None:
    w = walk("■ 青溪工会举办技能比武大赛", "文图／罗晓岚", BODY)
    assert open_item(w, 0, None, "mark before a title") == 2
    assert w.out.drafts[0].titles == ["■ 青溪工会举办技能比武大赛"]
    assert w.out.drafts[0].byline is not None and w.out.drafts[0].byline.text == "文图／罗晓岚"


def test_a_run_in_title_opens_with_its_text_as_lead() -> None:
    w = walk("青溪简讯——市总工会近日举办活动，职工踊跃参加。")
    assert open_dash(w, 0) == 1
    draft = w.out.drafts[0]
    assert (draft.titles, [b.text for b in draft.body], draft.dash) == (["青溪简讯"], [BODY], True)
    assert [p.text for p in w.out.set_aside] == ["——"]


def test_a_second_end_byline_splits_off_the_untitled_article_it_closes() -> None:
    w = walk("（罗晓岚）")
    first = Draft(1, ["甲标题"], end_bylines=[(3, "（王磊）")])
    first.body = [BodyLine(2, BODY), BodyLine(4, "乙标题", kind=Kind.SHORT), BodyLine(5, BODY)]
    w.out.drafts.append(first)
    end_byline(w, 0)
    assert [d.titles for d in w.out.drafts] == [["甲标题"], ["乙标题"]]
    assert w.out.drafts[1].end_bylines == [(1, "（罗晓岚）")] and w.ended


def test_lone_short_lines_are_set_aside() -> None:
    w = walk("本期导读", "青溪工会")
    assert aside(w, 0, 2) == 2
    assert [p.reason for p in w.out.set_aside] == ["short line outside any article"] * 2
