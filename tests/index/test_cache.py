"""bot.index.cache: the engine's cache is read only when it is ours and of this format."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import CoreKnowledge

from bot.answer.engine import Engine
from bot.index.cache import Built, cache_file, load_built
from bot.index.units import pair_question, sentence_key
from bot.knowledge.load import fingerprint
from bot.nlp.text import member_like


class _Trap:
    """Unpickling it makes the directory ``marker``: proof that a file was unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.fixture
def built(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[Built]:
    """Builds are counted (and are the session engine's, to save the time)."""
    made: list[Built] = []

    def build(_: object) -> Built:
        made.append(engine._built)
        return engine._built

    monkeypatch.setattr("bot.index.cache.build", build)
    return made


@pytest.mark.parametrize("header", [b"", b"unionbot engine cache, format 11\n", b"another program's file\n"])
def test_a_file_of_another_format_is_rebuilt_never_unpickled(core_kb: CoreKnowledge, built: list[Built],
                                                             tmp_path: Path, header: bytes) -> None:
    key = fingerprint(core_kb.kb)
    marker = tmp_path / "unpickled"
    cache_file(tmp_path, key).write_bytes(header + pickle.dumps(_Trap(marker)))

    load_built(core_kb.kb, key, [tmp_path])

    assert not marker.exists() and len(built) == 1
    load_built(core_kb.kb, key, [tmp_path])  # rewritten in this format: a hit now
    assert len(built) == 1


def _header(core_kb: CoreKnowledge) -> bytes:
    """The first line of a cache file of this format (the session's engine wrote one)."""
    good = cache_file(core_kb.cache, fingerprint(core_kb.kb)).read_bytes()
    return good[:good.index(b"\n") + 1]


def test_the_first_place_that_takes_it_is_written(core_kb: CoreKnowledge, built: list[Built],
                                                  tmp_path: Path) -> None:
    key = fingerprint(core_kb.kb)
    blocked, second = tmp_path / "not-a-directory", tmp_path / "tmp"  # a read-only directory, even for root
    blocked.write_text("")
    second.mkdir()
    load_built(core_kb.kb, key, [blocked, second])
    assert cache_file(second, key).read_bytes().startswith(_header(core_kb)) and len(built) == 1
    load_built(core_kb.kb, key, [blocked, second])
    assert len(built) == 1


def test_the_first_place_that_holds_it_is_read(core_kb: CoreKnowledge, built: list[Built], tmp_path: Path) -> None:
    key = fingerprint(core_kb.kb)
    first, second = tmp_path / "image", tmp_path / "tmp"
    first.mkdir()
    second.mkdir()
    cache_file(first, key).write_bytes(cache_file(core_kb.cache, key).read_bytes())
    marker = tmp_path / "unpickled"
    cache_file(second, key).write_bytes(_header(core_kb) + pickle.dumps(_Trap(marker)))
    load_built(core_kb.kb, key, [first, second])
    assert not marker.exists() and not built


def test_an_unsafe_cache_directory_is_never_read(core_kb: CoreKnowledge, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A pickle in a directory others may write to could be anyone's: Engine.load does not look there."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    marker = tmp_path / "unpickled"
    cache_file(shared, fingerprint(core_kb.kb)).write_bytes(_header(core_kb) + pickle.dumps(_Trap(marker)))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    assert Engine.load(core_kb.kb, cache_dir=shared).ask("路桥区总工会党组书记是谁").answered
    assert not marker.exists()


def test_every_pair_of_a_sentence_is_chained_in_order(engine: Engine) -> None:
    built = engine._built
    pairs: dict[str, list[int]] = {}
    for row in range(len(built.units)):
        if built.units[row].kind == "pair":
            pairs.setdefault(sentence_key(built.units[row]), []).append(row)
    assert any(len(rows) > 1 for rows in pairs.values())  # the seed page's sentences do yield several
    for key, rows in pairs.items():
        chained, row = [], built.by_sentence.get(key)
        while row is not None and row >= 0:
            chained.append(row)
            row = built.next_pair[row]
        assert chained == rows, key


def test_asked_like_marks_the_pairs_a_member_would_ask(engine: Engine) -> None:
    built = engine._built
    marked = [bool(flag) for flag in built.asked_like]
    assert marked == [u.kind == "pair" and member_like(pair_question(u)) for u in built.units]
    assert any(marked) and not all(u.kind == "sentence" or flag for u, flag in zip(built.units, marked, strict=True))
