"""Settings for ``python -m bot run``, read once from the environment and validated at start-up.

A bad value stops the bot before it connects anywhere, with one line naming the variable
(:class:`~bot.core.errors.ConfigError`, exit code 2). The token never appears in a message or a repr.

Variables (this table is also in the README):

| Variable | Default | Meaning |
|---|---|---|
| `TELEGRAM_BOT_TOKEN` | (required) | The bot token from @BotFather (`123456:ABC…`). |
| `TELEGRAM_BOT_TOKEN_FILE` | (unset) | A file holding the token instead (container secrets); not both. |
| `TELEGRAM_API_BASE_URL` | `https://api.telegram.org/bot` | Another Bot API server: `http://host:8081/bot`. |
| `KNOWLEDGE_DIR` | `knowledge` | The knowledge directory (`--kb` overrides it). |
| `ANSWER_THRESHOLD` | the fitted model's | Probability (0..1) an answer must reach (`ask --help` shows it). |
| `TELEGRAM_ADMIN_IDS` | (none) | Comma-separated Telegram user ids allowed `/stats`, `/reload`, `/unanswered`. |
| `DEFAULT_LANGUAGE` | `zh` | `zh` or `en`: replies to members whose Telegram language is neither. |
| `LOG_LEVEL` | `INFO` | `DEBUG`, `INFO`, `WARNING`, `ERROR` or `CRITICAL`. |
| `CONCURRENT_UPDATES` | `8` | Updates handled at the same time (1..1024). |
| `RATE_LIMIT_PER_MINUTE` | `20` | Questions per member per minute, and per group (0 = no limit; admins: no limit). |
| `DATA_DIR` | `data` | Where the question log is written (`questions.sqlite3`). |
| `QUESTION_LOG_SALT` | (none: no log) | Secret key for hashing user ids in the question log; unset: no log. |
| `DATABASE_URL` | (none) | `postgresql://…`: keep the question log there instead of `DATA_DIR`. |
| `QUESTION_LOG_RETENTION_DAYS` | `180` | Questions older than this many days (1..36500) are deleted, once a day. |
| `WEBHOOK_URL` | (unset: long polling) | Public `https://` URL Telegram posts updates to (webhook mode). |
| `WEBHOOK_LISTEN` | `0.0.0.0` | Address the webhook server listens on. |
| `WEBHOOK_PORT` | `8443` | Port the webhook server listens on (behind a TLS proxy). |
| `WEBHOOK_SECRET_TOKEN` | an HMAC of the token | Telegram sends it with every update; others are refused. |
| `TELEGRAM_CONNECT_ATTEMPTS` | `5` | Start-up tries to reach the Bot API (1..100) before giving up (exit 1). |
| `TELEGRAM_CONNECT_BACKOFF` | `1` | Seconds before the second try; doubles after each failure (at most 30 s). |
| `TELEGRAM_TIMEOUT` | `60` | Seconds to wait for the Bot API to answer a call (1..600); never sent twice. |
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.core.errors import ConfigError
from bot.present.messages import Lang

TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
_TOKEN_LIKE = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")
TELEGRAM_API = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_CONCURRENCY = 8
DEFAULT_SEND_TIMEOUT = 60.0  # seconds to wait for the Bot API's answer; a slow one's answer arrives once (transport.py)
DEFAULT_RETENTION_DAYS = 180  # the question log's, as bot.ops.qlog.RETENTION_DAYS
MAX_CONCURRENCY = 1024
MISSING_TOKEN = ("TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in it "
                 "(or name a file holding it in TELEGRAM_BOT_TOKEN_FILE)")
BAD_TOKEN = ("{source} does not look like a bot token "
             "(expected digits, a colon and at least 30 letters, digits, '_' or '-', as @BotFather gives it)")


@dataclass(frozen=True)
class Settings:
    """Everything ``run`` needs from the environment; ``repr`` hides the token and the secrets."""

    token: str = field(repr=False)
    api_base_url: str = TELEGRAM_API
    knowledge_dir: Path = Path("knowledge")
    answer_threshold: float | None = None  # None: the fitted model's (bot/answer/model.json)
    admin_ids: frozenset[int] = frozenset()
    default_language: Lang = "zh"
    log_level: str = "INFO"
    concurrent_updates: int = DEFAULT_CONCURRENCY
    rate_limit_per_minute: int = 20
    data_dir: Path = Path("data")
    question_log_salt: str = field(default="", repr=False)
    token_file: Path | None = None
    webhook_url: str = ""  # "" = long polling
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = field(default="", repr=False)
    database_url: str = field(default="", repr=False)  # may hold a password
    retention_days: int = DEFAULT_RETENTION_DAYS  # questions older than this are purged daily
    connect_attempts: int = 5  # start-up tries of getMe while the Bot API is unreachable
    connect_backoff: float = 1.0  # seconds before the second try, doubled after each failure
    send_timeout: float = DEFAULT_SEND_TIMEOUT  # seconds to wait for the Bot API's answer to a call

    @property
    def api_file_url(self) -> str:
        """The file-download URL of the same server (``…/bot`` → ``…/file/bot``)."""
        return self.api_base_url.removesuffix("/bot") + "/file/bot"

    @property
    def question_log(self) -> str:
        """Where the question log lives: DATABASE_URL, else DATA_DIR/questions.sqlite3."""
        return self.database_url or str(self.data_dir / "questions.sqlite3")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read and check every variable; raise ConfigError naming the first bad one."""
        token, token_file = _token(env)
        return cls(
            token=token,
            token_file=token_file,
            api_base_url=_api_url(_get(env, "TELEGRAM_API_BASE_URL")),
            knowledge_dir=Path(_get(env, "KNOWLEDGE_DIR") or "knowledge"),
            answer_threshold=_fraction(env, "ANSWER_THRESHOLD"),
            admin_ids=_user_ids(_get(env, "TELEGRAM_ADMIN_IDS")),
            default_language=_language(_get(env, "DEFAULT_LANGUAGE")),
            log_level=_log_level(_get(env, "LOG_LEVEL")),
            concurrent_updates=_integer(env, "CONCURRENT_UPDATES", DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
            rate_limit_per_minute=_integer(env, "RATE_LIMIT_PER_MINUTE", 20, 0, 10_000),
            data_dir=Path(_get(env, "DATA_DIR") or "data"),
            question_log_salt=_get(env, "QUESTION_LOG_SALT"),
            webhook_url=_webhook_url(_get(env, "WEBHOOK_URL")),
            webhook_listen=_get(env, "WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_integer(env, "WEBHOOK_PORT", 8443, 1, 65535),
            webhook_secret=_secret(_get(env, "WEBHOOK_SECRET_TOKEN")),
            database_url=_get(env, "DATABASE_URL"),
            retention_days=_integer(env, "QUESTION_LOG_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1, 36500),
            connect_attempts=_integer(env, "TELEGRAM_CONNECT_ATTEMPTS", 5, 1, 100),
            connect_backoff=_seconds(env, "TELEGRAM_CONNECT_BACKOFF", 1.0, 30.0),
            send_timeout=_seconds(env, "TELEGRAM_TIMEOUT", DEFAULT_SEND_TIMEOUT, 600.0, low=1.0),
        )


def _shown(value: str) -> str:
    """``value`` quoted for an error message, with anything shaped like a token hidden: a token pasted
    into the wrong variable (or into a URL) must not end up in the logs."""
    return repr(_TOKEN_LIKE.sub("<token>", value))


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _token(env: Mapping[str, str]) -> tuple[str, Path | None]:
    token, file_name = _get(env, "TELEGRAM_BOT_TOKEN"), _get(env, "TELEGRAM_BOT_TOKEN_FILE")
    if token and file_name:
        raise ConfigError("set TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE, not both")
    if file_name:
        path = Path(file_name)
        try:
            token = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a UTF-8 text file"
            raise ConfigError(f"TELEGRAM_BOT_TOKEN_FILE: cannot read {path}: {reason}") from None
        if not TOKEN_SHAPE.match(token):
            raise ConfigError(BAD_TOKEN.format(source=f"TELEGRAM_BOT_TOKEN_FILE: the content of {path}"))
        return token, path
    if not token:
        raise ConfigError(MISSING_TOKEN)
    if not TOKEN_SHAPE.match(token):
        raise ConfigError(BAD_TOKEN.format(source="TELEGRAM_BOT_TOKEN"))
    return token, None


def _api_url(value: str) -> str:
    if not value:
        return TELEGRAM_API
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"TELEGRAM_API_BASE_URL: {_shown(value)} is not an http(s) URL "
                          "like http://127.0.0.1:8081/bot")
    # A Bot API server serves /bot<token>/<method>; accept the URL with or without the /bot.
    base = value.rstrip("/")
    return base if base.endswith("/bot") else base + "/bot"


def _webhook_url(value: str) -> str:
    parts = urlsplit(value)
    if value and (parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment):
        raise ConfigError(f"WEBHOOK_URL: {_shown(value)} is not an https URL like https://bot.example.org/telegram "
                          "(Telegram only posts to https)")
    return value


def _secret(value: str) -> str:
    if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
        raise ConfigError("WEBHOOK_SECRET_TOKEN: use 1 to 256 letters, digits, '_' or '-' (Telegram's rule)")
    return value


def _fraction(env: Mapping[str, str], name: str) -> float | None:
    raw = _get(env, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"{name}: {_shown(raw)} is not a number from 0 to 1")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float, high: float, low: float = 0.0) -> float:
    raw = _get(env, name)
    if not raw:
        return default
    if not re.fullmatch(r"\d+(\.\d+)?", raw) or not low <= float(raw) <= high:
        raise ConfigError(f"{name}: {_shown(raw)} is not a number of seconds from {low:g} to {high:g}")
    return float(raw)


def _integer(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = _get(env, name)
    if not raw:
        return default
    if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:
        raise ConfigError(f"{name}: {_shown(raw)} is not a whole number from {low} to {high}")
    return int(raw)


def _user_ids(raw: str) -> frozenset[int]:
    ids: set[int] = set()
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if not re.fullmatch(r"\d{1,20}", item):
            raise ConfigError(f"TELEGRAM_ADMIN_IDS: {_shown(item)} is not a Telegram user id "
                              "(comma-separated numbers)")
        ids.add(int(item))
    return frozenset(ids)


def _language(raw: str) -> Lang:
    value = raw.lower() or "zh"
    if value == "zh":
        return "zh"
    if value == "en":
        return "en"
    raise ConfigError(f"DEFAULT_LANGUAGE: {_shown(raw)} is not a supported language (zh or en)")


def _log_level(raw: str) -> str:
    value = raw.upper() or "INFO"
    if value not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL: {_shown(raw)} is not one of {', '.join(LOG_LEVELS)}")
    return value
