"""bot.nlp.segment: jieba's dictionary tagger, quicker, and always giving jieba's own result."""

from __future__ import annotations

import os
import subprocess
import sys
from math import log
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.segment import BLOCK, _cuts, tag_known
from bot.nlp.text import normalize

pytestmark = pytest.mark.usefixtures("core_jieba")

_MIXED = "工会劳模职工主席浙江金华abcXYZ0123456789.%#+&_-,，。！？ \t\n“”《》・의ｱ"
# Characters whose words overlap (工会 / 会员 / 员工 / 工人, 中华 / 华人 / 人民), so that routes have real
# choices to make, and 仫 and 岿, which the dictionary holds only as the start of longer words (仫佬族).
_OVERLAPPING = "工会员人中华民全国总职代表大仫佬族岿然不动"


def _knowledge_texts() -> list[str]:
    from bot.knowledge.load import load_knowledge

    kb = load_knowledge(Path(__file__).resolve().parents[2] / "knowledge")
    texts = [s for a in kb.articles.values() for p in a.paragraphs for s in p.sentences]
    return texts + [p.question for p in kb.pairs]


def _jiebas_cuts(block: str) -> list[int]:
    route: dict[int, tuple[float, int]] = {}
    jieba.dt.calc(block, jieba.dt.get_DAG(block), route)
    return [route[i][1] for i in range(len(block))]


def _our_cuts(block: str) -> list[int]:
    return _cuts(block, jieba.dt.FREQ, log(jieba.dt.total))


def test_tagging_without_guesses_is_jiebas_own() -> None:
    for text in [normalize(t) for t in _knowledge_texts()] + ["", " ", "a1b2 c3", "3.5万元", "iPhone12手机", "1,000人"]:
        assert tag_known(text) == [tuple(p) for p in jieba.posseg.lcut(text, HMM=False)], text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MIXED, max_size=40))
def test_tagging_without_guesses_is_jiebas_own_for_any_text(text: str) -> None:
    assert tag_known(text) == [tuple(p) for p in jieba.posseg.lcut(text, HMM=False)]


def test_the_best_route_is_jiebas_on_every_knowledge_block() -> None:
    blocks = [b for t in _knowledge_texts() for b in BLOCK.findall(normalize(t))]
    assert len(blocks) > 500
    for block in blocks:
        assert _our_cuts(block) == _jiebas_cuts(block), block


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_OVERLAPPING, min_size=1, max_size=30))
def test_the_best_route_is_jiebas_where_words_overlap(block: str) -> None:
    assert _our_cuts(block) == _jiebas_cuts(block)


@pytest.mark.parametrize(("block", "words"), [
    ("中华全国总工会", ["中华全国总工会"]),
    ("工会会员代表大会", ["工会", "会员", "代表大会"]),
    ("仫佬族工会", ["仫佬族", "工会"]),
    ("仫工会", ["仫", "工会"]),  # a character that only starts longer words stands alone
    ("岿", ["岿"]),
])
def test_the_best_route_cuts_words(block: str, words: list[str]) -> None:
    ends, at, out = _our_cuts(block), 0, []
    while at < len(block):
        out.append(block[at:ends[at] + 1])
        at = ends[at] + 1
    assert out == words
    assert _our_cuts(block) == _jiebas_cuts(block)


def test_loading_jieba_loads_its_word_weights_too(tmp_path: Path) -> None:
    """A member's first question must not wait 0.45 s for jieba's IDF table (see init_jieba). In a
    fresh process: this one has imported jieba.analyse long ago."""
    code = "import sys; from bot.nlp.segment import init_jieba; init_jieba(); print('jieba.analyse' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2],
                          env={**os.environ, "UNIONBOT_CACHE_DIR": str(tmp_path)})
    assert done.stdout.strip() == "True"
