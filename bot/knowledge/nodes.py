"""Safe YAML reading for knowledge files: node trees with line numbers, never objects.

Files are only *composed*, never constructed, so no tag can run code; every tag outside plain YAML
is refused with its line. Aliases are refused too (they enable "billion laughs" blow-ups and no
operator needs them), and nesting is capped so a hostile file gives an error line, not a crash.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.core.errors import Problem

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 32  # the deepest legal knowledge file is 7 levels deep
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map",
                                              "timestamp"))
SYNTAX_HINT = "check indentation and quotes"


class _Refused(Exception):
    """A construct that is valid YAML but not allowed in a knowledge file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Composer(yaml.SafeLoader):
    """A SafeLoader that refuses aliases, foreign tags and deep nesting while composing."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line,
                           f"YAML alias '*{event.anchor}' is not supported; write the value out in full")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(line,
                           f"the file is nested too deeply (more than {MAX_DEPTH} levels)")
        try:
            node: Node | None = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None and node.tag not in _ALLOWED_TAGS:
            raise _Refused(line_of(node), f"YAML tag '{short_tag(node.tag)}' is not allowed; remove it")
        return node


def short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def describe(node: Node) -> str:
    """What an operator wrote, in words: "a list", "a string", "an empty value", …"""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = node.tag[len(_CORE):] if node.tag.startswith(_CORE) else "str"
    return {"null": "an empty value", "bool": "true/false", "int": "a number", "float": "a number",
            "timestamp": "a date"}.get(kind, "a string")


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _CORE + "null"


def read_yaml(path: Path, display: str) -> tuple[bytes, Node | None, list[Problem]]:
    """The file's bytes and its root node (None for an empty file), or the problems that stop reading."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"the file is too large ({_size(size)}; the limit is {_size(MAX_BYTES)})"
            return b"", None, [Problem(file=display, line=1, message=message)]
        data = path.read_bytes()
    except OSError as exc:
        return b"", None, [Problem(file=display, line=1, message=f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data, None, [Problem(file=display, line=data[:exc.start].count(b"\n") + 1,
                                    message="not UTF-8; save the file as UTF-8")]
    return data, *_compose(text.removeprefix("\ufeff"), display)


def _compose(text: str, display: str) -> tuple[Node | None, list[Problem]]:
    loader: _Composer | None = None
    try:
        loader = _Composer(text)
        return loader.get_single_node(), []
    except _Refused as exc:
        return None, [Problem(file=display, line=exc.line, message=exc.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [Problem(file=display, line=_error_line(exc), message=_syntax_message(exc))]
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        message = f"the file contains the control character #x{exc.character:04x}, which YAML does not allow"
        return None, [Problem(file=display, line=line, message=f"{message}; remove it")]
    except RecursionError:
        return None, [Problem(file=display, line=1, message="the file is nested too deeply")]
    except yaml.YAMLError as exc:
        return None, [Problem(file=display, line=1, message=f"YAML syntax error: {_one_line(str(exc))}; {SYNTAX_HINT}")]
    finally:
        if loader is not None:
            loader.dispose()


def _error_line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.problem_mark or exc.context_mark
    return int(mark.line) + 1 if mark is not None else 1


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem, context = _one_line(exc.problem or ""), _one_line(exc.context or "")
    # The two mistakes operators make most get a plain-words message instead of the parser's.
    if "'\\t'" in problem:
        return "YAML syntax error: a tab character; indent with spaces, not tabs"
    if context.startswith("expected a single document"):
        return "YAML syntax error: a second document starts here ('---'); keep one document per file"
    message = problem or context or "invalid YAML"
    if problem and context:
        mark = exc.context_mark
        same = mark is None or mark.line == _error_line(exc) - 1
        message += f" ({context})" if same or mark is None else f" ({context} at line {mark.line + 1})"
    return f"YAML syntax error: {message}; {SYNTAX_HINT}"


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{-(-count // 1024)} KB"


def _one_line(text: str) -> str:
    return " ".join(text.split())
