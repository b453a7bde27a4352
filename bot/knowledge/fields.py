"""Typed access to the fields of YAML mapping nodes, reporting every mismatch with its line.

Scalars meant as text are taken as written even when YAML would read them as a number or a date:
an operator's ``answer: 8`` means the text "8", and refusing it would only confuse.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.errors import Problem
from bot.knowledge.nodes import describe, is_null, line_of

T = TypeVar("T")
Fields = dict[str, tuple[Node, Node]]  # key → (key node, value node)
_SCALARS = yaml.constructor.SafeConstructor()  # only its int/bool scalar parsers are used


@dataclass(frozen=True)
class Loc:
    """A place in a knowledge file, as shown to the operator."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class FieldReader:
    """Reads one file's nodes; problems are appended to the shared ``problems`` list."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def loc(self, node: Node) -> Loc:
        return Loc(self.file, line_of(node))

    def report_line(self, line: int, message: str) -> None:
        self.problems.append(Problem(file=self.file, line=line, message=message))

    def report(self, node: Node, message: str) -> None:
        self.report_line(line_of(node), message)

    def fields(self, node: MappingNode) -> Fields:
        out: Fields = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else describe(key_node)
            if key in out:
                first = line_of(out[key][0])
                self.report(key_node, f"duplicate key '{key}' (first at line {first}); keep only one")
            else:
                out[key] = (key_node, value_node)
        return out

    def unknown_keys(self, fields: Fields, known: tuple[str, ...]) -> set[str]:
        """Report keys not in ``known``; returns the known keys suggested instead."""
        suggested: set[str] = set()
        for key, (key_node, _) in fields.items():
            if key in known:
                continue
            close = difflib.get_close_matches(key, [k for k in known if k not in fields], n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(known)
            self.report(key_node, f"unknown key '{key}' ({hint})")
            suggested.update(close)
        return suggested

    def mapping(self, node: Node, *, what: str, known: tuple[str, ...],
                required: tuple[str, ...]) -> Fields | None:
        """The fields of a mapping (None if ``node`` is not one); missing and unknown keys are reported."""
        if not isinstance(node, MappingNode):
            self.report(node, f"{what} must be a mapping, got {describe(node)}")
            return None
        fields = self.fields(node)
        suggested = self.unknown_keys(fields, known)
        for key in required:
            # A misspelt key is already reported with this one as the suggestion: say it once.
            if key not in fields and key not in suggested:
                self.report(node, f"missing required key '{key}'")
        return fields

    def items(self, fields: Fields, key: str, read: Callable[[Node, int], T | None]) -> list[T]:
        """``read(item, index)`` for each item of the list under ``key``; None results are dropped."""
        node = fields[key][1] if key in fields else None
        if node is None or is_null(node):
            return []  # "qa:" with nothing under it is an empty list to an operator
        if not isinstance(node, SequenceNode):
            self.report(node, f"'{key}' must be a list, got {describe(node)}")
            return []
        return [entry for index, child in enumerate(node.value, 1)
                if (entry := read(child, index)) is not None]

    def text(self, fields: Fields, key: str, *, required: bool = True) -> str | None:
        """The text under ``key``; a required text must not be empty (None + problem if it is)."""
        node = fields[key][1] if key in fields else None
        if node is None or (is_null(node) and not required):
            return None
        if not isinstance(node, ScalarNode):
            self.report(node, f"'{key}' must be a string, got {describe(node)}")
            return None
        value = "" if is_null(node) else str(node.value)
        if required and not value.strip():
            self.report(node, f"'{key}' must not be empty")
            return None
        return value

    def texts(self, fields: Fields, key: str) -> tuple[str, ...]:
        """The non-empty texts of a list; () when absent; bad items are reported and left out."""
        node = fields[key][1] if key in fields else None
        if node is None or is_null(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.report(node, f"'{key}' must be a list of strings, got {describe(node)}")
            return ()
        return self.strings(node, f"'{key}'")

    def strings(self, node: SequenceNode, label: str) -> tuple[str, ...]:
        out: list[str] = []
        for index, item in enumerate(node.value, 1):
            if not isinstance(item, ScalarNode) or is_null(item):
                self.report(item, f"{label} item {index} must be a string, got {describe(item)}")
            elif not str(item.value).strip():
                self.report(item, f"{label} item {index} must not be empty")
            else:
                out.append(str(item.value))
        return tuple(out)

    def number(self, fields: Fields, key: str) -> int | None:
        node = fields[key][1] if key in fields else None
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag.endswith(":int"):
            return int(_SCALARS.construct_yaml_int(node))
        self.report(node, f"'{key}' must be a whole number, got {describe(node)}")
        return None

    def flag(self, fields: Fields, key: str) -> bool | None:
        node = fields[key][1] if key in fields else None
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag.endswith(":bool"):
            return bool(_SCALARS.construct_yaml_bool(node))
        self.report(node, f"'{key}' must be true or false, got {describe(node)}")
        return None

    def at(self, fields: Fields, key: str) -> Loc:
        return self.loc(fields[key][1])
