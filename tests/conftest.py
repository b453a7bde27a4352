"""Shared pytest fixtures. Each section belongs to one area; add yours in a section of its own."""

from __future__ import annotations

# ================================================================ Telegram bot (tests/telegram/test_app.py)
# A knowledge base built from seeds/ once per session, an engine over it, the fake Bot API
# server (tests/fakebot.py) and the real Application polling it over HTTP.
import os
import string
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from fakebot import FakeBotApi

from bot.answer.engine import Engine
from bot.core.answers import Answer
from bot.nlp.segment import Segmenter
from bot.ops.settings import Settings

REPO = Path(__file__).resolve().parent.parent
# As `python -m bot run` does (bot.cli.cmd_run): the app under test reads time spans as the next major will.
os.environ.setdefault("PTB_TIMEDELTA", "1")
# Telegram's token shape: the bot id, a colon, 35 characters from [A-Za-z0-9_-].
TG_TOKEN = "123456:" + (string.ascii_letters + string.digits + "_-")[:35]
TG_BOT_ID = 123456


@dataclass
class TelegramKnowledge:
    kb: Path
    cache: Path


@pytest.fixture(scope="session")
def tg_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelegramKnowledge]:
    """knowledge/ built from the repository's seeds into a temporary directory (hermetic)."""
    from bot.knowledge.build import build_knowledge

    root = tmp_path_factory.mktemp("tg")
    kb, cache = root / "knowledge", root / "cache"
    report = build_knowledge(REPO / "seeds", kb)
    assert not report.errors, report.errors
    old = os.environ.get("UNIONBOT_CACHE_DIR")
    os.environ["UNIONBOT_CACHE_DIR"] = str(cache)  # Engine.load and subprocesses cache here
    try:
        yield TelegramKnowledge(kb, cache)
    finally:
        if old is None:
            os.environ.pop("UNIONBOT_CACHE_DIR", None)
        else:
            os.environ["UNIONBOT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def tg_engine(tg_knowledge: TelegramKnowledge) -> Engine:
    return Engine.load(tg_knowledge.kb, cache_dir=tg_knowledge.cache)


@pytest.fixture
def tg_settings(tg_knowledge: TelegramKnowledge) -> Settings:
    return Settings(token=TG_TOKEN, knowledge_dir=tg_knowledge.kb, rate_limit_per_minute=0,
                    admin_ids=frozenset({777}))


@pytest.fixture
async def tg_fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TG_TOKEN) as fake:
        yield fake


@dataclass
class RunningBot:
    fake: FakeBotApi
    app: object  # telegram.ext.Application


@pytest.fixture
async def tg_bot(tg_fake: FakeBotApi, tg_settings: Settings, tg_engine: Engine,
                 request: pytest.FixtureRequest) -> AsyncIterator[RunningBot]:
    """The real Application, polling the fake server; settings can be changed with
    ``@pytest.mark.tg_settings(rate_limit_per_minute=2, ...)``."""
    from bot.telegram.app import build_application

    marker = request.node.get_closest_marker("tg_settings")
    settings = replace(tg_settings, api_base_url=tg_fake.base_url, **(marker.kwargs if marker else {}))
    app = build_application(settings, tg_engine)
    async with app:  # the same steps as run_polling, which tests cannot use (it owns the loop)
        if app.post_init:
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield RunningBot(tg_fake, app)
        finally:
            await app.updater.stop()
            await app.stop()
            if app.post_shutdown:
                await app.post_shutdown(app)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "tg_settings(**fields): Settings fields for the tg_bot fixture")
    config.addinivalue_line("markers", "limiter(**kwargs): PatientRateLimiter arguments for the live_bot fixture")

def cli_env(**extra: str) -> dict[str, str]:
    """This process's environment without any bot setting, plus ``extra``: for ``python -m bot run``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE_DIR"))}
    return {**env, **extra}


async def run_cli(env: dict[str, str]) -> Any:
    """``python -m bot run`` with ``env``, as deployed (an asyncio subprocess, its output piped)."""
    import asyncio
    import sys

    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def stop_cli(proc: Any, timeout: float = 10.0) -> str:
    """SIGTERM (if it still runs), then require a clean exit within ``timeout`` seconds; its stderr."""
    import asyncio
    import signal

    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(proc.communicate(), timeout=timeout)
    assert proc.returncode == 0, stderr.decode()
    return str(stderr.decode())


class FaultyEngine:
    """The engine, except that "boom" raises ``error`` and "slow" takes a second (in the engine's thread)."""

    def __init__(self, engine: Engine, *, error: str = "engine exploded") -> None:
        self._engine = engine
        self._error = error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def ask(self, question: str, *, related: bool = True, after: str | None = None) -> Answer:
        if question == "boom":
            raise RuntimeError(self._error)
        if question == "slow":
            time.sleep(1.0)
        return self._engine.ask(question, related=related, after=after)


# ================================================================ end of Telegram bot section


# ================================================================ Matching core and CLI
# (tests/nlp/test_text.py, index/test_bm25.py, nlp/test_lexicon.py,
# answer/test_engine.py, present/test_render.py, test_cli.py). knowledge/ is built from the repository's seeds/
# (by `python -m bot build` in a subprocess) into a temporary directory once per session, with the repository's
# curated files copied in; UNIONBOT_CACHE_DIR points into the same temporary directory for the whole session, so
# no test (nor a `python -m bot` subprocess) writes to ~/.cache.
@dataclass
class CoreKnowledge:
    root: Path  # holds knowledge/ (so `check` run from here prints knowledge/... paths) and cache/
    kb: Path
    cache: Path


@pytest.fixture(scope="session")
def core_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreKnowledge]:
    """knowledge/ built from seeds/ plus the repository's knowledge/curated/*.yaml (hermetic).

    Built by ``python -m bot build`` in a fresh process, as an operator builds it.
    """
    import shutil
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("core")
    kb, cache = root / "knowledge", root / "cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNIONBOT_CACHE_DIR", str(cache))
        proc = subprocess.run([sys.executable, "-m", "bot", "build", "--seeds", str(REPO / "seeds"), "--kb", str(kb)],
                              cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr
        (kb / "curated").mkdir(parents=True, exist_ok=True)
        for path in sorted((REPO / "knowledge" / "curated").glob("*.yaml")):
            shutil.copy2(path, kb / "curated" / path.name)
        yield CoreKnowledge(root, kb, cache)


@pytest.fixture(scope="session")
def segmenter(tmp_path_factory: pytest.TempPathFactory) -> Segmenter:
    """jieba's own dictionary, without any knowledge base's names (what builds cut with), its cache in a
    temporary directory (for tests without ``engine``)."""
    from bot.nlp.segment import plain
    from bot.nlp.text import init_nlp

    init_nlp([tmp_path_factory.mktemp("jieba")])
    return plain()


@pytest.fixture(scope="session")
def engine(core_kb: CoreKnowledge) -> Engine:
    """One engine over ``core_kb``, shared by every test of this section (never mutate it)."""
    return Engine.load(core_kb.kb, cache_dir=core_kb.cache)

# ================================================================ end of matching core and CLI section


# ================================================================ Reliability and security
# (tests/telegram/test_faults.py, telegram/test_hostile.py, telegram/test_security.py). ``live_bot`` is the real
# Application polling the fake server exactly as ``run_bot`` does: ALLOWED_UPDATES, and polling errors handed to
# the error handler (run_polling's error_callback), not to PTB's default callback as ``tg_bot`` does. Settings
# come from ``@pytest.mark.tg_settings(...)`` as for ``tg_bot`` (with question_log_salt=..., a question log is
# kept in the test's tmp_path); the rate limiter's arguments from ``@pytest.mark.limiter(send_retries=...,
# backoff=...)``.
@pytest.fixture
async def live_bot(tg_fake: FakeBotApi, tg_settings: Settings, tg_engine: Engine, tmp_path: Path,
                   request: pytest.FixtureRequest) -> AsyncIterator[RunningBot]:
    from bot.telegram.app import ALLOWED_UPDATES, build_application, open_question_log
    from bot.telegram.transport import PatientRateLimiter

    marker, limiter = request.node.get_closest_marker("tg_settings"), request.node.get_closest_marker("limiter")
    # The Bot API's timeout scaled as test_faults.py scales its delays (SCALE): the same races, faster.
    fields = {"send_timeout": tg_settings.send_timeout / 20, **(marker.kwargs if marker else {})}
    settings = replace(tg_settings, api_base_url=tg_fake.base_url, data_dir=tmp_path / "data", **fields)
    app = build_application(settings, tg_engine, qlog=open_question_log(settings),
                            rate_limiter=PatientRateLimiter(**(limiter.kwargs if limiter else {})))

    def error_callback(exc: Exception) -> None:  # what Application.run_polling passes to the updater
        app.create_task(app.process_error(error=exc, update=None))

    async with app:
        await app.post_init(app)  # type: ignore[misc]
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES,
                                        error_callback=error_callback)
        try:
            yield RunningBot(tg_fake, app)
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.post_shutdown(app)  # type: ignore[misc]



@dataclass
class Replica:
    """One bot in webhook mode (``run_webhook``, as ``run_bot`` serves it) on loopback."""

    app: Any  # telegram.ext.Application
    url: str  # where the proxy (the fake's route_webhook) posts updates to it
    stop: Any  # asyncio.Event: set it to stop the replica
    task: Any  # asyncio.Task running run_webhook


@pytest.fixture
async def webhook_replicas(tg_fake: FakeBotApi, tg_settings: Settings, tg_engine: Engine,
                           tmp_path: Path) -> AsyncIterator[Any]:
    """``start(n=1, **settings) -> list[Replica]``: n bots in webhook mode behind the fake, which posts
    each update to the next one in turn (``route_webhook``); each has its own settings (the same
    fields), question log (with question_log_salt=...: DATA_DIR in tmp_path, or database_url=...)
    and port. Whatever a test did not stop is stopped at its end."""
    import asyncio
    import socket

    from bot.telegram.app import build_application, open_question_log, run_webhook

    started: list[Replica] = []

    async def start(n: int = 1, **fields: Any) -> list[Replica]:
        replicas = []
        for _ in range(n):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = int(probe.getsockname()[1])
            settings = replace(tg_settings, api_base_url=tg_fake.base_url, data_dir=tmp_path / f"data-{port}",
                               webhook_url="https://bot.example.org/tg/hook", webhook_listen="127.0.0.1",
                               webhook_port=port, **fields)
            app = build_application(settings, tg_engine, qlog=open_question_log(settings))
            stop = asyncio.Event()
            replica = Replica(app, f"http://127.0.0.1:{port}/tg/hook", stop,
                              asyncio.create_task(run_webhook(app, settings, stop=stop)))
            started.append(replica)
            await tg_fake.wait_for_call("setWebhook", len(started), timeout=30)
            replicas.append(replica)
        tg_fake.route_webhook([r.url for r in started])
        return replicas

    yield start
    for replica in started:
        replica.stop.set()
    await asyncio.gather(*(r.task for r in started))



# Stores that fail for real (tests/failing_stores.py), for the question log's faults: a PostgreSQL cluster
# the tests may stop and start (``pg_server``: running again after the test), a small tmpfs to fill up or
# mount read-only (``small_disk``). Skipped, with the reason, where PostgreSQL's binaries or root are missing.
@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    from failing_stores import PgCluster

    if why := PgCluster.unavailable():
        pytest.skip(why)
    cluster = PgCluster().start()
    yield cluster
    cluster.remove()


@pytest.fixture
def pg_server(pg_cluster: Any) -> Iterator[Any]:
    yield pg_cluster
    if not pg_cluster.running:
        pg_cluster.start()


@pytest.fixture
def small_disk() -> Iterator[Any]:
    from failing_stores import SmallDisk

    if why := SmallDisk.unavailable():
        pytest.skip(why)
    disk = SmallDisk(256 * 1024)
    yield disk
    disk.remove()

# ================================================================ end of reliability and security section


# ================================================================ Operators' loop (tests/telegram/test_admin.py)
# ``kb_copy``: the Telegram section's knowledge copied into the test's tmp_path, for tests that edit it.
# ``start_bot(engine, qlog=None, fake=None, **settings)``: the real Application over that engine (and
# question log), polling ``tg_fake`` (or ``fake``) with the same steps as run_polling and the settings
# of ``tg_settings`` with the given fields replaced; whatever a test did not stop is stopped at its end.
@pytest.fixture
def kb_copy(tg_knowledge: TelegramKnowledge, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(tg_knowledge.kb, tmp_path / "knowledge"))


@pytest.fixture
async def start_bot(tg_fake: FakeBotApi, tg_settings: Settings) -> AsyncIterator[Any]:
    from bot.telegram.app import build_application

    started: list[Any] = []

    async def start(engine: Any, *, qlog: Any = None, fake: FakeBotApi | None = None,
                    **fields: Any) -> RunningBot:
        server = fake or tg_fake
        app: Any = build_application(replace(tg_settings, api_base_url=server.base_url, **fields), engine, qlog=qlog)
        await app.initialize()
        started.append(app)
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        return RunningBot(server, app)

    yield start
    for app in reversed(started):
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        await app.post_shutdown(app)

# ================================================================ end of operators' loop section



# ================================================================ Ingestion (tests/ingest/)
# The repository's seed page and an invented second page, read once per session; the layout corpus
# (tests/data/layout/: invented pages and files, each with its expected articles in <file>.golden.yaml).
SEED_NAME = "000_5287d6df03cc26e1.txt"
SEED_PATH = REPO / "seeds" / SEED_NAME
SECOND_PATH = REPO / "tests" / "data" / "seeds" / "second_page.txt"
LAYOUT = REPO / "tests" / "data" / "layout"


@pytest.fixture(scope="session")
def seed_text() -> str:
    from bot.ingest.formats import read_seed

    return read_seed(SEED_PATH)


@pytest.fixture(scope="session")
def seed_articles(seed_text: str) -> list[Any]:
    """The eight articles of the seed page, parsed once per test session."""
    from bot.ingest.pages import parse_page

    return parse_page(seed_text, file=SEED_NAME)


@pytest.fixture(scope="session")
def second_articles() -> list[Any]:
    """The articles of the invented second page, tests/data/seeds/second_page.txt."""
    from bot.ingest.formats import read_seed
    from bot.ingest.pages import parse_page

    return parse_page(read_seed(SECOND_PATH), file=SECOND_PATH.name)
# ================================================================ end of ingestion section


# ==== answering core (tests/answer/test_*.py)
# ``answer_built``: the seed knowledge (``core_kb``) plus one invented curated pair (``CURATED_ASK``), in the
# form the engine answers from. ``answer_model``: a small hand-made model (its ranker prefers the index's
# best hits, then the sentences holding more of the question), so that look and candidate tests never depend
# on the fitted bot/answer/model.json, which is refitted from time to time; ``answer_engine`` answers with it.
# ``answer_stump`` and ``answer_forest`` make trees by hand (tests/answer/test_trees.py, test_model.py).
CURATED_ASK = "职工书屋周末开放吗？"  # invented: no article says so
CURATED_ALSO = "职工书屋星期天开不开门"
CURATED_SAYS = "职工书屋周六周日照常开放。"


def answer_stump(feature: int, low: float, high: float) -> dict[str, Any]:
    """One tree, as a model file stores it: ``feature`` <= 0.5 scores ``low``, above it ``high``."""
    return {"feature": [feature, 0, 0], "threshold": [0.5, 0.0, 0.0], "left": [1, 1, 2], "right": [2, 1, 2],
            "value": [0.0, low, high], "roots": [0], "depth": 1, "base": 0.0}


def answer_forest(*trees: dict[str, Any], depth: int, base: float = 0.0, features: int) -> Any:
    """A Forest of ``trees`` (each numbered from its root, 0, a leaf its own child), their nodes laid end to end."""
    from bot.answer.trees import Forest

    nodes: dict[str, list[Any]] = {k: [] for k in ("feature", "threshold", "left", "right", "value")}
    roots = []
    for tree in trees:
        offset = len(nodes["feature"])
        roots.append(offset)
        for key in ("feature", "threshold", "value"):
            nodes[key] += tree[key]
        for key in ("left", "right"):
            nodes[key] += [i + offset for i in tree[key]]
    return Forest(**nodes, roots=roots, depth=depth, base=base, features=features)


@pytest.fixture(scope="session")
def answer_built(core_kb: CoreKnowledge, tmp_path_factory: pytest.TempPathFactory) -> Any:
    import shutil

    from bot.core.cachedir import cache_dirs
    from bot.index.cache import load_built
    from bot.knowledge.load import fingerprint, load_knowledge

    kb = tmp_path_factory.mktemp("answering") / "knowledge"
    shutil.copytree(core_kb.kb, kb)
    first = next(iter(load_knowledge(kb).articles.values()))
    (kb / "curated" / "qa.yaml").write_text(
        f"version: 1\nqa:\n- id: card\n  question: {CURATED_ASK}\n  alternatives: [{CURATED_ALSO}]\n"
        f"  answer: {CURATED_SAYS}\n  source: {{article: {first.id}, paragraph: 1}}\n", encoding="utf-8")
    return load_built(kb, fingerprint(kb), cache_dirs(core_kb.cache))


@pytest.fixture(scope="session")
def answer_model() -> Any:
    from bot.answer.features import DECISION, SENTENCE
    from bot.answer.model import Model
    from bot.answer.pairs import PAIR

    ranker = answer_forest(answer_stump(SENTENCE.index("retrieval"), 0.0, 2.0),
                           answer_stump(SENTENCE.index("cov"), 0.0, 1.0), depth=1, features=len(SENTENCE))
    return Model(ranker=ranker, decider=answer_forest(answer_stump(DECISION.index("cov"), -2.0, 2.0), depth=1,
                                                      features=len(DECISION)),
                 pairs=answer_forest(answer_stump(PAIR.index("ratio"), -2.0, 2.0), depth=1, features=len(PAIR)),
                 follow=answer_forest(answer_stump(DECISION.index("cov"), -2.0, 2.0), depth=1, features=len(DECISION)),
                 threshold=0.5, pair_threshold=0.5, second_margin=1.0, fitted={"by": "tests/conftest.py"})


@pytest.fixture(scope="session")
def answer_engine(answer_built: Any, answer_model: Any, core_kb: CoreKnowledge) -> Engine:
    from bot.core.cachedir import cache_dirs
    from bot.nlp.text import init_nlp

    return Engine(answer_built, model=answer_model, dictionary=init_nlp(cache_dirs(core_kb.cache)))
# ==== end of answering core section
