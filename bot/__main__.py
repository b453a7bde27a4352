"""``python -m bot``: see :mod:`bot.cli`.

Scripts run ``python -m bot`` with whatever ``python`` started them (the evaluation kit's
``score.py`` and ``score_rc.py`` use their own interpreter). When that interpreter lacks the bot's
dependencies and the project has its ``.venv`` (made by the README's commands), the command is
handed to the ``.venv``'s Python; without one it ends in one line that says how to set it up.
"""

import importlib.util
import os
import sys
from pathlib import Path

# What every command needs (looked up, not imported: finding them costs microseconds).
_NEEDED = ("numpy", "rapidfuzz", "jieba", "yaml")
_HANDED = "UNIONBOT_HANDED_TO_VENV"  # set on the hand-over, so that a broken .venv cannot loop


def _check_dependencies() -> None:
    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if not missing:
        return
    venv = Path(__file__).resolve().parent.parent / ".venv"
    python = venv / "bin" / "python"
    if python.exists() and not os.environ.get(_HANDED) and Path(sys.prefix).resolve() != venv.resolve():
        os.environ[_HANDED] = "1"
        os.execv(python, [str(python), "-m", "bot", *sys.argv[1:]])
    sys.exit(f"error: this Python ({sys.executable}) lacks the bot's dependencies ({', '.join(missing)}); "
             f"set them up with `python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e .` "
             f"and run `.venv/bin/python -m bot`")


_check_dependencies()

from bot.cli import main  # noqa: E402  (after the check: it would fail on a missing dependency)

sys.exit(main())
