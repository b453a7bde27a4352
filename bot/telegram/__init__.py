"""The Telegram bot (python-telegram-bot): application, handlers, admin, rate limiting."""
