"""Settings.from_env: defaults, every variable, and one clear message per bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from bot.ops.settings import Settings

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456_-"


def test_defaults() -> None:
    s = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert s.token == TOKEN and s.token_file is None
    assert s.api_base_url == "https://api.telegram.org/bot"
    assert s.api_file_url == "https://api.telegram.org/file/bot"
    assert s.knowledge_dir == Path("knowledge") and s.data_dir == Path("data")
    assert (s.answer_threshold, s.admin_ids, s.default_language) == (None, frozenset(), "zh")  # None: the model's
    assert (s.log_level, s.concurrent_updates, s.rate_limit_per_minute) == ("INFO", 8, 20)
    assert s.question_log_salt == "" and s.question_log == "data/questions.sqlite3"
    assert (s.webhook_url, s.webhook_listen, s.webhook_port, s.webhook_secret) == ("", "0.0.0.0", 8443, "")
    assert s.send_timeout == 60.0


def test_every_variable() -> None:
    s = Settings.from_env({
        "TELEGRAM_BOT_TOKEN": f"  {TOKEN}\n", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot/",
        "KNOWLEDGE_DIR": "/srv/kb", "ANSWER_THRESHOLD": "0.7", "TELEGRAM_ADMIN_IDS": "1, 22,333",
        "DEFAULT_LANGUAGE": "EN", "LOG_LEVEL": "debug", "CONCURRENT_UPDATES": "32",
        "RATE_LIMIT_PER_MINUTE": "0", "DATA_DIR": "/srv/data", "QUESTION_LOG_SALT": "pepper",
        "WEBHOOK_URL": "https://bot.example.org/tg", "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": "80",
        "WEBHOOK_SECRET_TOKEN": "Abc_-9", "DATABASE_URL": "postgresql://u:pw@db/x", "TELEGRAM_TIMEOUT": "90"})
    assert s.token == TOKEN and s.send_timeout == 90.0
    assert (s.api_base_url, s.api_file_url) == ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")
    assert (s.knowledge_dir, s.data_dir) == (Path("/srv/kb"), Path("/srv/data"))
    assert (s.answer_threshold, s.admin_ids) == (0.7, frozenset({1, 22, 333}))
    assert (s.default_language, s.log_level, s.concurrent_updates) == ("en", "DEBUG", 32)
    assert (s.rate_limit_per_minute, s.question_log_salt) == (0, "pepper")
    assert (s.webhook_url, s.webhook_listen, s.webhook_port, s.webhook_secret) == (
        "https://bot.example.org/tg", "127.0.0.1", 80, "Abc_-9")
    assert s.question_log == "postgresql://u:pw@db/x"


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot"),
    ("https://tg.example.org/bot", "https://tg.example.org/bot"),
])
def test_api_url_gets_bot_path(url: str, expected: str) -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": url})
    assert settings.api_base_url == expected


def test_token_file(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    s = Settings.from_env({"TELEGRAM_BOT_TOKEN_FILE": str(secret)})
    assert (s.token, s.token_file) == (TOKEN, secret)


def test_repr_hides_secrets() -> None:
    s = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "QUESTION_LOG_SALT": "pepper",
                           "WEBHOOK_SECRET_TOKEN": "salt", "DATABASE_URL": "postgresql://u:pw@db/x"})
    assert TOKEN not in repr(s) and TOKEN.split(":")[1] not in str(s)
    assert "pepper" not in repr(s) and "salt" not in repr(s) and "pw" not in repr(s)


BAD_TOKEN = ("does not look like a bot token (expected digits, a colon and at least 30 letters, "
             "digits, '_' or '-', as @BotFather gives it)")


@pytest.mark.parametrize(("env", "message"), [
    ({}, "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in it "
         "(or name a file holding it in TELEGRAM_BOT_TOKEN_FILE)"),
    ({"TELEGRAM_BOT_TOKEN": "   "}, "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in it "
                                    "(or name a file holding it in TELEGRAM_BOT_TOKEN_FILE)"),
    ({"TELEGRAM_BOT_TOKEN": "123:ABC"}, f"TELEGRAM_BOT_TOKEN {BAD_TOKEN}"),
    ({"TELEGRAM_BOT_TOKEN": "bot" + TOKEN}, f"TELEGRAM_BOT_TOKEN {BAD_TOKEN}"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN[:20] + " " + TOKEN[20:]}, f"TELEGRAM_BOT_TOKEN {BAD_TOKEN}"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BOT_TOKEN_FILE": "/run/secrets/token"},
     "set TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE, not both"),
    ({"TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token"},
     "TELEGRAM_BOT_TOKEN_FILE: cannot read /nonexistent/token: No such file or directory"),
    ({"TELEGRAM_API_BASE_URL": "127.0.0.1:8081"},
     "TELEGRAM_API_BASE_URL: '127.0.0.1:8081' is not an http(s) URL like http://127.0.0.1:8081/bot"),
    ({"TELEGRAM_API_BASE_URL": "ftp://x/bot"},
     "TELEGRAM_API_BASE_URL: 'ftp://x/bot' is not an http(s) URL like http://127.0.0.1:8081/bot"),
    ({"ANSWER_THRESHOLD": "1.5"}, "ANSWER_THRESHOLD: '1.5' is not a number from 0 to 1"),
    ({"ANSWER_THRESHOLD": "high"}, "ANSWER_THRESHOLD: 'high' is not a number from 0 to 1"),
    ({"ANSWER_THRESHOLD": "nan"}, "ANSWER_THRESHOLD: 'nan' is not a number from 0 to 1"),
    ({"TELEGRAM_ADMIN_IDS": "abc"},
     "TELEGRAM_ADMIN_IDS: 'abc' is not a Telegram user id (comma-separated numbers)"),
    ({"TELEGRAM_ADMIN_IDS": "12,-5"},
     "TELEGRAM_ADMIN_IDS: '-5' is not a Telegram user id (comma-separated numbers)"),
    ({"DEFAULT_LANGUAGE": "fr"}, "DEFAULT_LANGUAGE: 'fr' is not a supported language (zh or en)"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL: 'LOUD' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ({"CONCURRENT_UPDATES": "0"}, "CONCURRENT_UPDATES: '0' is not a whole number from 1 to 1024"),
    ({"CONCURRENT_UPDATES": "true"}, "CONCURRENT_UPDATES: 'true' is not a whole number from 1 to 1024"),
    ({"WEBHOOK_URL": "http://bot.example.org/tg"},
     "WEBHOOK_URL: 'http://bot.example.org/tg' is not an https URL "
     "like https://bot.example.org/telegram (Telegram only posts to https)"),
    ({"WEBHOOK_PORT": "70000"}, "WEBHOOK_PORT: '70000' is not a whole number from 1 to 65535"),
    ({"WEBHOOK_SECRET_TOKEN": "no spaces"},
     "WEBHOOK_SECRET_TOKEN: use 1 to 256 letters, digits, '_' or '-' (Telegram's rule)"),
    ({"RATE_LIMIT_PER_MINUTE": "-1"}, "RATE_LIMIT_PER_MINUTE: '-1' is not a whole number from 0 to 10000"),
    ({"TELEGRAM_TIMEOUT": "0"}, "TELEGRAM_TIMEOUT: '0' is not a number of seconds from 1 to 600"),
    ({"TELEGRAM_TIMEOUT": "1h"}, "TELEGRAM_TIMEOUT: '1h' is not a number of seconds from 1 to 600"),
])
def test_bad_values_are_named(env: dict[str, str], message: str) -> None:
    if "TELEGRAM_BOT_TOKEN" not in env and "TELEGRAM_BOT_TOKEN_FILE" not in env and env:
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, **env}
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(env)
    assert str(caught.value) == message
    assert TOKEN.split(":")[1] not in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"123:short\n", b"\xff\xfe"])
def test_bad_token_file(tmp_path: Path, content: bytes) -> None:
    secret = tmp_path / "token"
    secret.write_bytes(content)
    with pytest.raises(ConfigError, match=r"^TELEGRAM_BOT_TOKEN_FILE: "):
        Settings.from_env({"TELEGRAM_BOT_TOKEN_FILE": str(secret)})
