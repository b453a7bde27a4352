"""Exceptions raised by the bot's library code.

The hierarchy is small on purpose; the CLI turns any of these into one readable line::

    BotError                      base class: anything the bot reports to a person
    ├── SeedError                 a seed page could not be read or parsed (bad encoding, empty, no byline)
    ├── KnowledgeError            one or more knowledge files are invalid; carries ``problems``
    └── ConfigError               a setting from the environment is missing or malformed

Every message is already in the ``file:line: what is wrong + hint`` form where a file is involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class BotError(Exception):
    """Base class for errors that are shown to a person as one line."""


class SeedError(BotError):
    """A seed page could not be read or parsed."""


class ConfigError(BotError):
    """A setting from the environment is missing or malformed."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one knowledge file, printed as ``file:line: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(BotError):
    """The knowledge base is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
