"""bot.answer.slots: where in a candidate the kind of answer asked for can stand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answer.engine import Engine
from bot.answer.slots import MEASURES, MONEY, NUMBER, CountedSlot, measured
from bot.nlp.text import squash

# The last: a numeral longer than CountedSlot looks back.
_EDGES = ["共有1234名党员参加", "党员8名党员", "党员人数达到了百分之八十", "12.5万名党员", "三百余名党员和党员", "党员",
          "8党员党员9", "٣名党员", "３党员", "多党员余党员万党员", "一二三四五六七八九十一二三四五六七八九名党员"]


def _reference(noun: str) -> re.Pattern[str]:
    noun = re.escape(noun)
    return re.compile(rf"{NUMBER}+(?:\.\d+)?[余多]?(?:万|千)?[{MEASURES}]?{noun}|{noun}\D{{0,6}}\d")


@pytest.mark.parametrize("noun", ["党员", "职工", "人次", "名", "万元", "企业", "劳模", "年"])
def test_counted_slot_finds_what_its_regex_finds(engine: Engine, noun: str) -> None:
    reference = _reference(noun)
    texts = [squash(s) for a in engine.knowledge.articles.values() for p in a.paragraphs for s in p.sentences]
    for text in texts + _EDGES[:-1]:
        assert [m.start() for m in CountedSlot(noun).finditer(text)] == [m.start() for m in reference.finditer(text)]
        assert CountedSlot(noun).search(text) == bool(reference.search(text))
    assert [m.start() for m in CountedSlot("党员").finditer(_EDGES[-1])] == [4]  # not 0: 16 characters back


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="党员名人万千余多一二十百.0123456789٣３的", max_size=40))
def test_counted_slot_finds_what_its_regex_finds_in_any_text(text: str) -> None:
    # Not for a noun that starts with a measure word or 万 ("0万万0"): see CountedSlot.
    for noun in ("党员", "员的"):
        found = [m.start() for m in CountedSlot(noun).finditer(text)]
        assert found == [m.start() for m in _reference(noun).finditer(text)]


def test_a_measured_slot_is_compiled_once() -> None:
    assert measured("人名位") is measured("人名位")
    assert measured("人名位").search("共有10位劳模") and not measured("场次").search("共有10位劳模")


@pytest.mark.parametrize(("text", "found"), [("发放救助1061.36万元", True), ("共3亿元", True), ("三万人", False)])
def test_money(text: str, found: bool) -> None:
    assert bool(MONEY.search(text)) is found
