"""Where the bot keeps its caches: the one function that says so, :func:`cache_dirs`.

The engine's cache is a pickle and jieba's dictionary cache a marshal file: loading either can run
whatever the file says, so a cache is only ever read from, or written to, a directory that nobody
else can write to. That is a directory owned by this user (or by root, as an image's prebuilt one
may be) and writable by neither its group nor others; a missing one is created private (0o700).
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from pathlib import Path

ENV = "UNIONBOT_CACHE_DIR"
log = logging.getLogger(__name__)


def configured_dir() -> Path:
    """``$UNIONBOT_CACHE_DIR``, else ``~/.cache/unionbot``."""
    return Path(os.environ.get(ENV) or Path.home() / ".cache" / "unionbot")


def cache_dirs(configured: Path | None = None) -> tuple[Path, ...]:
    """The directories a cache may be read from, in order, each created and checked safe.

    First ``configured`` (else :func:`configured_dir`); then a private directory of this user in
    the temp directory (``$TMPDIR/unionbot-<uid>``), where the caches go when the first cannot
    be written (a read-only image). A directory that is unsafe or cannot be created is left out;
    an unsafe one with a warning, since someone else could have put a cache there.
    """
    places = [configured or configured_dir(), Path(tempfile.gettempdir()) / f"unionbot-{os.getuid()}"]
    return tuple(dict.fromkeys(p for p in places if _usable(p)))


def _usable(directory: Path) -> bool:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False  # e.g. a read-only file system: no cache here
    problem = unsafe(directory)
    if problem:
        log.warning("not using the cache directory %s: %s", directory, problem)
    return not problem


def unsafe(directory: Path) -> str:
    """Why a cache in ``directory`` could have been written by someone else ("" when it is safe)."""
    try:
        info = directory.stat()
    except OSError as exc:
        return exc.strerror or str(exc)
    if not stat.S_ISDIR(info.st_mode):
        return "not a directory"
    if info.st_uid not in (os.getuid(), 0):
        return f"it belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"others may write to it (mode {stat.S_IMODE(info.st_mode):o}); chmod go-w it"
    return ""
