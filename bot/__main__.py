"""``python -m bot``: see :mod:`bot.cli`.

Scripts run ``python -m bot`` with whatever ``python`` started them (the evaluation kit's
``score.py`` and ``score_rc.py`` use their own interpreter). When that interpreter lacks the bot's
dependencies, the command is handed to the project's ``.venv`` Python. In a source checkout without
a ``.venv`` (its ``pyproject.toml`` and ``constraints.txt`` beside ``bot/``) the ``.venv`` is made first,
as the README's first command makes it, once, with pip's output on stderr (stdout stays the
command's own: ``ask --jsonl`` is read from it). Otherwise, or when that fails, the command ends in
one line that says how to set it up.
"""

import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# What every command needs (looked up, not imported: finding them costs microseconds).
_NEEDED = ("numpy", "rapidfuzz", "jieba", "yaml")
_HANDED = "UNIONBOT_HANDED_TO_VENV"  # set on the hand-over, so that a broken .venv cannot loop
_ROOT = Path(__file__).resolve().parent.parent


def _check_dependencies() -> None:
    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if not missing:
        return
    venv = _ROOT / ".venv"
    python = venv / "bin" / "python"
    if not os.environ.get(_HANDED) and Path(sys.prefix).resolve() != venv.resolve() and _set_up(venv, missing):
        os.environ[_HANDED] = "1"
        os.execv(python, [str(python), "-m", "bot", *sys.argv[1:]])
    sys.exit(f"error: this Python ({sys.executable}) lacks the bot's dependencies ({', '.join(missing)}); "
             f"set them up with `python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e .` "
             f"and run `.venv/bin/python -m bot`")


def _set_up(venv: Path, missing: list[str]) -> bool:
    """Whether ``venv`` has its Python, made now if need be (one process at a time makes it)."""
    constraints = _ROOT / "constraints.txt"
    if (venv / "bin" / "python").exists():
        return True
    if not ((_ROOT / "pyproject.toml").is_file() and constraints.is_file()):
        return False  # not a source checkout: nothing to install from
    with open(_ROOT / ".venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / "bin" / "python").exists():  # made by another process meanwhile
            return True
        print(f"python -m bot: this Python ({sys.executable}) lacks {', '.join(missing)}; setting up {venv} "
              f"once (venv + pip install -c constraints.txt -e .)", file=sys.stderr, flush=True)
        steps = ([sys.executable, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-c", str(constraints), "-e", str(_ROOT)])
        for step in steps:  # pip's output goes to stderr: stdout is the command's (ask --jsonl)
            if subprocess.run(step, stdout=sys.stderr, check=False).returncode != 0:
                shutil.rmtree(venv, ignore_errors=True)  # half made: the next run tries again
                return False
    return True


_check_dependencies()

from bot.cli import main  # noqa: E402  (after the check: it would fail on a missing dependency)

sys.exit(main())
