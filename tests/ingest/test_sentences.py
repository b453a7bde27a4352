"""Chinese sentences (bot/ingest/sentences.py): where they end, and whether a text ends one."""

from __future__ import annotations

import random
from typing import SupportsIndex

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.sentences import has_sentence_end, split_sentences, terminated


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("", ()),
        ("  \n ", ()),
        ("没有句号", ("没有句号",)),
        ("第一句。第二句！第三句？", ("第一句。", "第二句！", "第三句？")),
        ("Why? Yes! ok", ("Why?", "Yes!", "ok")),
        ("一是增收；二是减负;三是维权。", ("一是增收；", "二是减负;", "三是维权。")),
        ("他说:“好的。”然后走了。", ("他说:“好的。”", "然后走了。")),
        ("“真的吗？！”她问。", ("“真的吗？！”", "她问。")),
        ("（见附件。）下文", ("（见附件。）", "下文")),
        ("「对。」『是。』", ("「对。」", "『是。』")),
        ("‘好。’他答", ("‘好。’", "他答")),
        ("防护……该系列", ("防护……", "该系列")),
        ("等等…然后", ("等等…然后",)),
        ("结束。。。", ("结束。。。",)),
        ("。。", ("。。",)),
        ("”开头。", ("”开头。",)),
        ("金额1061.36万元。", ("金额1061.36万元。",)),
        ("第一句。  第二句。 ", ("第一句。", "第二句。")),
    ],
)
def test_split_sentences(text: str, sentences: tuple[str, ...]) -> None:
    assert split_sentences(text) == sentences


@given(st.text(alphabet=st.sampled_from(list("工会。！？!?；;…”’」）)“ ,，a1\n")) | st.characters(),
               max_size=300))
def test_split_sentences_keeps_every_character(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())


@pytest.mark.parametrize(
    "text",
    ["。" * 4096, "…" * 4096, "”" * 4096, "。”" * 2048, "工" * 4096, "…工" * 2048,
     "".join(random.Random(3).choice("。！？…”’工 ,") for _ in range(4096))],
    ids=["stops", "ellipses", "quotes", "stop-quote", "no-stop", "single-ellipses", "random"],
)
def test_split_sentences_reads_each_character_a_bounded_number_of_times(text: str) -> None:
    # Linear on any input, counted rather than timed (its time is benchmarks/bench_hostile.py's): the
    # scan indexes the text at most a few times a character, whatever the marks in a row.
    counted = _Reads(text)
    sentences = split_sentences(counted)
    assert _Reads.reads <= 6 * len(text) + len(sentences) + 1
    assert "".join("".join(sentences).split()) == "".join(text.split())


class _Reads(str):
    """A str that counts how often it is indexed (sliced or read)."""

    reads = 0

    def __new__(cls, text: str) -> _Reads:
        cls.reads = 0
        return super().__new__(cls, text)

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        _Reads.reads += 1
        return str.__getitem__(self, key)


@pytest.mark.parametrize(
    ("text", "ends", "inside"),
    [
        ("结束了。", True, True),
        ("他说：“好的。”", True, True),
        ("防护……", True, True),
        ("开展了活动，", False, False),
        ("第一句。第二句没有", False, True),
        ("", False, False),
        ("  ", False, False),
        ("只有一个省略号…", False, False),
    ],
)
def test_terminated_and_has_sentence_end(text: str, ends: bool, inside: bool) -> None:
    assert (terminated(text), has_sentence_end(text)) == (ends, inside)
