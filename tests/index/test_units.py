"""bot.index.units: the sentences as they are read (speakers joined), and the people named in them."""

from __future__ import annotations

import re

import pytest

from bot.index.units import named, with_speakers


def test_a_quotation_is_read_with_its_speaker() -> None:
    sentences = ["“工会一直是职工的‘娘家人’。”", "路桥区总工会主席应仲友说道。", "活动很成功。"]
    # The bare attribution says nothing of its own: it is left out, the numbering kept.
    assert with_speakers(sentences) == [sentences[0] + sentences[1], "", "活动很成功。"]
    spoken = ["“只有走进一线,才能听到真实的声音。”", "副主席许炳感慨道,几天下来,他与职工的距离拉近了。"]
    assert with_speakers(spoken) == [spoken[0] + spoken[1], spoken[1]]  # it says more: it stays
    assert with_speakers(["“一句口号”", "“另一句”"]) == ["“一句口号”", "“另一句”"]


@pytest.mark.parametrize(("text", "found"), [
    ("许炳说，许炳华也来了", ["许炳", "许炳华"]),  # the longest name where two start together
    ("应仲友应仲友", ["应仲友", "应仲友"]),
    ("没有人", []),
    ("", []),
])
def test_people_are_found_as_a_longest_first_alternation_would(text: str, found: list[str]) -> None:
    people = frozenset({"许炳", "许炳华", "应仲友", "华也"})
    pattern = re.compile("|".join(sorted(map(re.escape, people), key=len, reverse=True)))
    assert named(text, people=people, sizes=(3, 2)) == found == pattern.findall(text)
