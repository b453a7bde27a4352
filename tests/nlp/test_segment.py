"""bot.nlp.segment: jieba's tagger, quicker, in objects we own, always giving jieba's own result."""

from __future__ import annotations

import os
import subprocess
import sys
from math import log
from pathlib import Path
from typing import Any

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.segment import BLOCK, NAME_FREQUENCY, Segmenter, _cuts, load_dictionary
from bot.nlp.text import normalize

REPO = Path(__file__).resolve().parents[2]
_MIXED = "工会劳模职工主席浙江金华abcXYZ0123456789.%#+&_-,，。！？ \t\n“”《》・의ｱ"
# Characters whose words overlap (工会 / 会员 / 员工 / 工人, 中华 / 华人 / 人民), so that routes have real
# choices to make, and 仫 and 岿, which the dictionary holds only as the start of longer words (仫佬族).
_OVERLAPPING = "工会员人中华民全国总职代表大仫佬族岿然不动"
# Characters of names jieba does not know, so that its HMM has runs to guess (冯晓川, 洪银花, 桐屿).
_UNKNOWN = "冯晓川洪银花桐屿凉溪应仲友在了的和"
NAMES = [("洪银花", "nr"), ("浙工缘", "nz"), ("凉溪村", "ns"), ("工会", "nz"), ("职工", "nz"), ("应仲友", "nz"),
         ("洪银花", "nz")]


def _knowledge_texts() -> list[str]:
    from bot.knowledge.load import load_knowledge

    kb = load_knowledge(REPO / "knowledge")
    texts = [s for a in kb.articles.values() for p in a.paragraphs for s in p.sentences]
    return texts + [p.question for p in kb.pairs]


def _jieba(tmp: Path, names: list[tuple[str, str]] = ()) -> Any:  # type: ignore[assignment]
    """A jieba tagger of our own, taught ``names`` with jieba's add_word: what a Segmenter must equal."""
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp)
    tokenizer.initialize()
    for word, flag in names:
        if 2 <= len(word) <= 12 and (tokenizer.FREQ.get(word) or 0) < NAME_FREQUENCY:
            tokenizer.add_word(word, freq=NAME_FREQUENCY, tag=flag)
    return jieba.posseg.POSTokenizer(tokenizer)


@pytest.fixture(scope="module")
def reference(segmenter: Segmenter, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _jieba(tmp_path_factory.mktemp("jieba"))


@pytest.fixture(scope="module")
def named(segmenter: Segmenter) -> Segmenter:
    return Segmenter(load_dictionary(), names=NAMES)


@pytest.fixture(scope="module")
def named_reference(segmenter: Segmenter, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _jieba(tmp_path_factory.mktemp("jieba"), NAMES)


def _lcut(tagger: Any, text: str, *, hmm: bool) -> list[tuple[str, str]]:
    return [tuple(p) for p in tagger.lcut(text, HMM=hmm)]


TEXTS = ["", " ", "a1b2 c3", "3.5万元", "iPhone12手机", "1,000人", "冯晓川和洪银花在凉溪村", "abc工会123"]


def test_known_words_are_jiebas_own(segmenter: Segmenter, reference: Any) -> None:
    for text in [normalize(t) for t in _knowledge_texts()] + TEXTS:
        assert segmenter.known(text) == _lcut(reference, text, hmm=False), text


def test_guessed_words_are_jiebas_own(segmenter: Segmenter, reference: Any) -> None:
    for text in [normalize(t) for t in _knowledge_texts()] + [t for t in _knowledge_texts()] + TEXTS:
        assert segmenter.guessed(text) == _lcut(reference, text, hmm=True), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MIXED + _UNKNOWN, max_size=40))
def test_tagging_is_jiebas_own_for_any_text(segmenter: Segmenter, reference: Any, text: str) -> None:
    assert segmenter.known(text) == _lcut(reference, text, hmm=False)
    assert segmenter.guessed(text) == _lcut(reference, text, hmm=True)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_UNKNOWN + "浙工缘村" + _MIXED[:12], max_size=30))
def test_names_are_taught_as_jieba_teaches_them(named: Segmenter, named_reference: Any, text: str) -> None:
    assert named.known(text) == _lcut(named_reference, text, hmm=False)
    assert named.guessed(text) == _lcut(named_reference, text, hmm=True)


def test_a_name_is_a_word_of_its_own_segmenter_only(segmenter: Segmenter, named: Segmenter) -> None:
    """Loading a knowledge base changes no other segmenter: its names live in a copy."""
    assert named.known("洪银花在凉溪村") == [("洪银花", "nr"), ("在", "p"), ("凉溪村", "ns")]
    assert ("洪银花", "nr") not in segmenter.known("洪银花在凉溪村")
    assert (named.frequency("浙工缘"), segmenter.frequency("浙工缘")) == (NAME_FREQUENCY, 0)
    dictionary = load_dictionary()
    assert "浙工缘" not in dictionary.frequencies and "洪银花" not in dictionary.tags
    assert named.frequency("职工") == segmenter.frequency("职工") > NAME_FREQUENCY  # known this well: unchanged
    assert (named.frequency("工会"), segmenter.frequency("工会")) == (NAME_FREQUENCY, 981)


def _reference_cuts(reference: Any, block: str) -> list[int]:
    route: dict[int, tuple[float, int]] = {}
    reference.tokenizer.calc(block, reference.tokenizer.get_DAG(block), route)
    return [route[i][1] for i in range(len(block))]


def _our_cuts(block: str) -> list[int]:
    dictionary = load_dictionary()
    return _cuts(block, dictionary.frequencies, log(dictionary.total))


def test_the_best_route_is_jiebas_on_every_knowledge_block(reference: Any) -> None:
    blocks = [b for t in _knowledge_texts() for b in BLOCK.findall(normalize(t))]
    assert len(blocks) > 500
    for block in blocks:
        assert _our_cuts(block) == _reference_cuts(reference, block), block


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_OVERLAPPING, min_size=1, max_size=30))
def test_the_best_route_is_jiebas_where_words_overlap(reference: Any, block: str) -> None:
    assert _our_cuts(block) == _reference_cuts(reference, block)


@pytest.mark.parametrize(("block", "words"), [
    ("中华全国总工会", ["中华全国总工会"]),
    ("工会会员代表大会", ["工会", "会员", "代表大会"]),
    ("仫佬族工会", ["仫佬族", "工会"]),
    ("仫工会", ["仫", "工会"]),  # a character that only starts longer words stands alone
    ("岿", ["岿"]),
])
def test_the_best_route_cuts_words(segmenter: Segmenter, block: str, words: list[str]) -> None:
    ends, at, out = _our_cuts(block), 0, []
    while at < len(block):
        out.append(block[at:ends[at] + 1])
        at = ends[at] + 1
    assert out == words


def _fresh_process(code: str, cache: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
                          env={**os.environ, "UNIONBOT_CACHE_DIR": str(cache)})
    return done.stdout.strip()


def test_jiebas_globals_are_neither_used_nor_changed(tmp_path: Path) -> None:
    """An engine and a build leave jieba's default tokenizers, its HMM and its keyword extractor as
    they were (in a fresh process: this one's tests build jieba taggers of their own)."""
    code = ("import jieba, jieba.posseg, sys; from pathlib import Path; from bot.answer.engine import Engine; "
            "from jieba.posseg.viterbi import viterbi; from bot.knowledge.build import build_knowledge; "
            "e = Engine.load(Path('knowledge')); e.ask('义乌市总工会主席是谁'); "
            f"build_knowledge(Path('seeds'), Path({str(tmp_path / 'kb')!r})); "
            "print(jieba.dt.initialized, jieba.dt.total, len(jieba.dt.FREQ), jieba.posseg.dt.tokenizer.total, "
            "jieba.posseg.viterbi is viterbi, 'jieba.analyse' in sys.modules)")
    assert _fresh_process(code, tmp_path / "cache") == "False 0 0 0 True False"


def test_start_up_loads_the_dictionary_and_the_word_weights_once(tmp_path: Path) -> None:
    """init_nlp is the start-up step: jieba's dictionary, its cache written to the first writable
    place (not /tmp/jieba.cache), and the word weights a member's first question would otherwise wait for."""
    code = ("from pathlib import Path; from bot.nlp.text import init_nlp, _idf_table; "
            f"places = [Path({str(tmp_path / 'none')!r}), Path({str(tmp_path)!r})]; "
            "d = init_nlp(places); print(init_nlp() is d, _idf_table.cache_info().currsize)")
    (tmp_path / "none").write_text("a file, not a directory")
    assert _fresh_process(code, tmp_path / "cache") == "True 1"
    assert (tmp_path / "jieba.cache").is_file()
