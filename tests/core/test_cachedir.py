"""bot.core.cachedir: caches live only in directories nobody else can write to."""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from pathlib import Path

import pytest

from bot.core.cachedir import ENV, cache_dirs, configured_dir, unsafe


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp directory of the test's own (where the fallback cache directory is made)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path / "tmp"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_configured_dir_is_the_setting_else_the_users_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    assert configured_dir() == tmp_path / "cache"
    monkeypatch.delenv(ENV)
    assert configured_dir() == Path.home() / ".cache" / "unionbot"


def test_missing_directories_are_made_private(tmp_path: Path, temp: Path) -> None:
    places = cache_dirs(tmp_path / "a" / "cache")
    assert places == (tmp_path / "a" / "cache", temp / f"unionbot-{os.getuid()}")
    assert [_mode(p) for p in places] == [0o700, 0o700]


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_directory_others_may_write_to_is_refused(tmp_path: Path, temp: Path, mode: int,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    with caplog.at_level(logging.WARNING, logger="bot.core.cachedir"):
        assert cache_dirs(shared) == (temp / f"unionbot-{os.getuid()}",)
    assert caplog.messages == [f"not using the cache directory {shared}: others may write to it "
                               f"(mode {mode:o}); chmod go-w it"]


def test_a_readable_directory_of_ours_is_used(tmp_path: Path, temp: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o755)
    mine.chmod(0o755)
    assert cache_dirs(mine)[0] == mine


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a directory to another user")
def test_a_directory_of_another_user_is_refused(tmp_path: Path, temp: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 65534, 65534)
    assert unsafe(theirs) == "it belongs to another user (uid 65534)"
    assert theirs not in cache_dirs(theirs)


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a directory to another user")
def test_someone_elses_directory_in_the_temp_dir_is_not_taken_over(tmp_path: Path, temp: Path) -> None:
    """The fallback's name is predictable: a directory made there first by someone else is refused."""
    planted = temp / f"unionbot-{os.getuid()}"
    planted.mkdir(mode=0o755)
    os.chown(planted, 65534, 65534)
    assert cache_dirs(tmp_path / "cache") == (tmp_path / "cache",)


def test_a_file_or_an_unmakeable_directory_is_left_out(tmp_path: Path, temp: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert cache_dirs(blocker / "cache") == (temp / f"unionbot-{os.getuid()}",)  # cannot be made, even by root
    assert unsafe(blocker) == "not a directory"
