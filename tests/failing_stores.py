"""Stores that fail for real, for the question log's fault tests and benchmarks/bench_faults.py.

* :class:`PgCluster`: a throwaway PostgreSQL cluster (initdb, pg_ctl) on a Unix socket in a
  temporary directory, that a test can stop ("the server went away") and start again.
* :class:`SmallDisk`: a small tmpfs mounted on a temporary directory, that a test can fill up
  ("disk full"), free, or remount read-only and back.

Both need what a CI machine has and a laptop may not (PostgreSQL's server binaries; root to mount):
:func:`PgCluster.unavailable` and :func:`SmallDisk.unavailable` say why not, for ``pytest.skip``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path


def _run(command: list[str], *, as_postgres: bool) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
    subprocess.run(prefix + command, check=True, capture_output=True, timeout=120)


class PgCluster:
    """``url`` is the cluster's ``postgres`` database; :meth:`database` makes a fresh one."""

    def __init__(self) -> None:
        self.root = os.geteuid() == 0  # initdb refuses to run as root: run the cluster as "postgres"
        self.home = Path(tempfile.mkdtemp(prefix="unionbot-pg-"))
        if self.root:
            shutil.chown(self.home, "postgres")
        self.data = self.home / "data"
        self.url = f"postgresql://postgres@/postgres?host={self.home}"
        _run([_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"],
             as_postgres=self.root)
        self.running = False

    @staticmethod
    def unavailable() -> str | None:
        """Why no cluster can be started here, or None."""
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return "psycopg is not installed"
        if not _find("initdb") or not _find("pg_ctl"):
            return "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin"
        if os.geteuid() == 0 and not shutil.which("runuser"):
            return "running as root without runuser to start PostgreSQL as another user"
        return None

    def start(self) -> PgCluster:
        _run([_bin("pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.home / "log"), "-o",
              f"-k {self.home} -c listen_addresses='' -F", "start"], as_postgres=self.root)
        self.running = True
        return self

    def stop(self) -> None:
        """As a crash or a restart looks to clients: connections cut, nothing listening."""
        _run([_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"], as_postgres=self.root)
        self.running = False

    def database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"unionbot_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@/{name}?host={self.home}"

    def remove(self) -> None:
        if self.running:
            self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def _find(name: str) -> str | None:
    """``name`` on PATH, else in the newest /usr/lib/postgresql/<version>/bin (Debian's place for them)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                      if p.parent.name.isdigit() else 0)
    return shutil.which(name) or next((str(d / name) for d in reversed(versions) if (d / name).is_file()), None)


def _bin(name: str) -> str:
    found = _find(name)
    assert found is not None, f"{name} not found"
    return found


class SmallDisk:
    """A tmpfs of ``size`` bytes at ``path`` (a new temporary directory)."""

    def __init__(self, size: int = 1 << 20) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="unionbot-disk-"))
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(self.path)],
                       check=True, capture_output=True, timeout=30)
        self._filler = self.path / ".filler"

    @staticmethod
    @functools.cache
    def unavailable() -> str | None:
        """Why no small disk can be mounted here, or None."""
        if os.geteuid() != 0 or not shutil.which("mount"):
            return "mounting a small file system (tmpfs) needs root"
        probe = Path(tempfile.mkdtemp(prefix="unionbot-probe-"))
        try:
            done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                                  capture_output=True, timeout=30)
            if done.returncode != 0:
                return f"cannot mount a tmpfs here: {done.stderr.decode().strip()}"
            subprocess.run(["umount", str(probe)], check=True, capture_output=True, timeout=30)
        finally:
            probe.rmdir()
        return None

    def fill(self) -> None:
        """Write until the disk is full (ENOSPC)."""
        with self._filler.open("ab", buffering=0) as filler:
            block = b"\0" * 4096
            try:
                while filler.write(block):
                    pass
            except OSError:  # ENOSPC: full
                pass

    def free(self) -> None:
        self._filler.unlink(missing_ok=True)

    def read_only(self) -> None:
        self._remount("ro")

    def writable(self) -> None:
        self._remount("rw")

    def _remount(self, mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.path)], check=True, capture_output=True,
                       timeout=30)

    def remove(self) -> None:
        subprocess.run(["umount", "-l", str(self.path)], check=False, capture_output=True, timeout=30)
        shutil.rmtree(self.path, ignore_errors=True)
