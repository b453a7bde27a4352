"""bot.index.store: the compact cache tables give back exactly what was stored, also after pickling."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from conftest import CoreKnowledge

from bot.answer.engine import Engine
from bot.core.model import Article, Paragraph, QAPair, Source, Unit
from bot.index.store import LazyArticles, Lookup, PairTable, Strings, UnitTable
from bot.knowledge.load import load_knowledge


def _roundtrip(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


TEXTS = ["", "工会", "路桥区总工会党组书记、主席应仲友说道。", "mixed 𠀀 text\n", "\u3000", "a"]


@pytest.mark.parametrize("pickled", [False, True])
def test_strings_give_back_each_value(pickled: bool) -> None:
    column = Strings(TEXTS)
    column = _roundtrip(column) if pickled else column
    assert list(column) == TEXTS
    assert len(column) == len(TEXTS)
    assert column[-1] == "a" and column[1:3] == TEXTS[1:3]


@pytest.mark.parametrize("index", [6, -7, 100])
def test_strings_out_of_range(index: int) -> None:
    with pytest.raises(IndexError):
        Strings(TEXTS)[index]


def test_empty_strings() -> None:
    assert list(_roundtrip(Strings([]))) == []


def test_lookup_finds_every_key_and_misses_others() -> None:
    items = {f"问题{i}": i * 3 for i in range(500)}
    lookup = _roundtrip(Lookup(items))
    assert all(lookup.get(k) == v for k, v in items.items())
    assert lookup.get("问题500") is None and lookup.get("") is None
    assert len(lookup) == 500


UNITS = [
    Unit("pair", 0, "a1", 2, 1, "谁是主席？\n主席是谁？", "主席应仲友说道。", True, True,
         "谁是主席主席是谁主席应仲友说道", "谁是主席", "主席应仲友说道"),
    Unit("sentence", -1, "a2", 1, 3, "活动在凉溪村举行。", "活动在凉溪村举行。", False, False, "活动在凉溪村举行", "",
         "活动在凉溪村举行"),
    Unit("pair", 1, "a2", 1, 0, "", "", False, False, "", "", ""),
    Unit("sentence", -1, "a2", 2, 1, "他说。", "他说。", False, True, "他说许炳", "", "他说"),
]


@pytest.mark.parametrize("pickled", [False, True])
def test_unit_table_gives_back_the_units(pickled: bool) -> None:
    table = UnitTable(UNITS)
    table = _roundtrip(table) if pickled else table
    assert list(table) == UNITS
    assert table[-1] == UNITS[-1] and table[0:2] == UNITS[0:2]
    assert list(_roundtrip(table)) == UNITS  # read from already: still pickles


PAIRS = [
    QAPair("p1", "谁是主席？", "主席应仲友说道。", Source("a1", 2, 1), ("主席是谁？", "主席叫什么"), ("person",),
           "curated", "person"),
    QAPair("很长的中文编号", "几场？", "共10场。", Source("a2", 1, None)),
]


@pytest.mark.parametrize("pickled", [False, True])
def test_pair_table_gives_back_the_pairs(pickled: bool) -> None:
    table = PairTable(PAIRS)
    table = _roundtrip(table) if pickled else table
    assert list(table) == PAIRS
    assert [table.pair_id(i) for i in range(2)] == ["p1", "很长的中文编号"]


def test_lazy_articles_unpickle_an_article_when_first_used() -> None:
    article = Article("a1", "f.txt", "标题", (), "本报讯", (), (), (Paragraph(1, "一段。", ("一段。",)),))
    articles = _roundtrip(LazyArticles({"a1": article}))
    assert articles._loaded == {}
    assert articles["a1"] == article and articles.get("a2") is None
    assert list(articles) == ["a1"] and len(articles) == 1
    assert articles["a1"] is articles["a1"]  # unpickled once


def test_an_engine_loaded_from_its_cache_has_the_knowledge_of_the_files(engine: Engine, core_kb: CoreKnowledge) -> None:
    cached = Engine.load(core_kb.kb, cache_dir=core_kb.cache)  # the session's engine wrote the cache
    files = load_knowledge(core_kb.kb)
    assert isinstance(cached.knowledge.pairs, PairTable)
    assert list(cached.knowledge.pairs) == list(files.pairs)
    assert dict(cached.knowledge.articles) == dict(files.articles)
    assert list(cached.units) == list(engine.units)
