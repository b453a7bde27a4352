"""bot.ingest.blocks: the passes over a page before it is walked."""

from __future__ import annotations

import pytest

from bot.ingest.blocks import briefs, claims
from bot.ingest.lines import Kind, Unit, classify

BODY = "市总工会近日举办活动，职工踊跃参加。"


def _units(*lines: str) -> list[Unit]:
    return [classify(n, text) for n, text in enumerate(lines, 1)]


@pytest.mark.parametrize(("lines", "claimed"), [
    (("甲标题", f"本报讯 通讯员王敏报道 {BODY}"), {0: 1}),
    (("引题", "主题", "副题", f"本报讯 通讯员王敏报道 {BODY}"), {0: 3}),
    (("青溪时评", "乙标题", "□ 罗晓岚", BODY), {1: 2}),  # a column's name is no kicker
    (("甲标题", BODY, "让我们携起手来，共创美好明天！", "乙标题", f"本报讯 {BODY}"), {3: 4}),  # nor a closing line
    (("甲标题", "记者 王敏"), {}),  # a credit with no text under it ends an article
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
