"""Content checks of the fake Bot API (tests/fakebot.py): Telegram's HTML parse mode, text limits,
URLs and inline keyboards.

`parse_html` follows TDLib's parse_html (td/telegram/MessageEntity.cpp): same tags, same walk over
the UTF-8 bytes, same error messages and byte offsets. It is deliberately STRICTER than Telegram
in one way: TDLib leaves a stray "&", an unknown entity such as "&nbsp;" or an entity without ";"
in the text as is (the user then sees "&nbsp;"), and accepts a bare ">" although the Bot API docs
say it must be escaped. Here those are errors, so an escaping bug in the bot fails the test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

TAGS = frozenset(
    [
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    ]
)
_SPACE = frozenset(b" \t\r\n\0\v")
_NAME_TOKEN = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_ENTITY = re.compile(rb"&(#x[0-9a-fA-F]{1,8}|#[0-9]{1,8}|[A-Za-z]+)(;?)")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_BUTTONS = 100


class ParseError(ValueError):
    """The reason Telegram gives after "can't parse entities: "."""


class BadRequest(ValueError):
    """A full Telegram error description, e.g. "Bad Request: BUTTON_DATA_INVALID"."""


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the result
    position: int  # byte offset in the result


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(b: bytes, i: int) -> tuple[str, int]:
    """The character the reference at b[i] ("&") stands for, and the offset after it."""
    m = _ENTITY.match(b, i)
    if m is None:
        raise ParseError(f'Unescaped "&" at byte offset {i}; write it as "&amp;"')
    body, semicolon = m.group(1), m.group(2)
    shown = m.group(0).decode("ascii")
    if body.startswith(b"#"):
        code = int(body[2:], 16) if body.startswith(b"#x") else int(body[1:])
        if code == 0 or code >= 0x10FFFF or m.end() - i >= 11:
            raise ParseError(f'Invalid numeric character reference "{shown}" at byte offset {i}')
        if 0xD800 <= code <= 0xDFFF:
            raise ParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        char = chr(code)
    elif body in _NAMED:
        char = _NAMED[body]
    elif not semicolon:
        raise ParseError(f'Unescaped "&" at byte offset {i}; write it as "&amp;"')
    else:
        raise ParseError(
            f'Unsupported HTML entity "{shown}" at byte offset {i}; only &lt; &gt; '
            "&amp; &quot; and numeric references are allowed"
        )
    if not semicolon:
        raise ParseError(f'HTML entity "{shown}" at byte offset {i} must end with ";"')
    return char, m.end()


def parse_html(html: str) -> tuple[str, list[dict[str, Any]]]:
    """Text and entities of an HTML-formatted message; raises ParseError like Telegram would."""
    b = html.encode("utf-8")
    n = len(b)

    def at(k: int) -> int:
        return b[k] if k < n else 0

    out = bytearray()
    utf16 = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < n:
        c = b[i]
        if c == 0x26:  # &
            char, i = _decode_entity(b, i)
            out += char.encode("utf-8")
            utf16 += 2 if ord(char) > 0xFFFF else 1
            continue
        if c == 0x3E:  # >
            raise ParseError(f'Unescaped ">" at byte offset {i}; write it as "&gt;"')
        if c != 0x3C:  # <
            out.append(c)
            if c & 0xC0 != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            i += 1
            continue
        begin = i
        i += 1
        if at(i) != 0x2F:  # a start tag
            while at(i) not in _SPACE and at(i) != 0x3E:
                i += 1
            if at(i) == 0:
                raise ParseError(f"Unclosed start tag at byte offset {begin}")
            tag = b[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in TAGS:
                raise ParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = _attributes(b, at, begin, tag, i)
            i = argument[1]
            stack.append(_Open(tag, argument[0], utf16, len(out)))
            i += 1
            continue
        # an end tag
        if not stack:
            raise ParseError(f"Unexpected end tag at byte offset {begin}")
        while at(i) not in _SPACE and at(i) != 0x3E:
            i += 1
        end_tag = b[begin + 2 : i].decode("utf-8", "replace").lower()
        while at(i) in _SPACE and at(i) != 0:
            i += 1
        if at(i) != 0x3E:
            raise ParseError(f"Unclosed end tag at byte offset {begin}")
        opened = stack[-1]
        if end_tag and end_tag != opened.tag:
            raise ParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{opened.tag}>", found "</{end_tag}>"'
            )
        if utf16 > opened.offset:
            _add_entity(entities, opened, utf16 - opened.offset, out)
        stack.pop()
        i += 1
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language counts only inside <pre>
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return out.decode("utf-8"), entities


def _attributes(b: bytes, at: Any, begin: int, tag: str, i: int) -> tuple[str, int]:
    """Reads the attributes of a start tag up to its ">"; returns the tag's argument and that offset."""
    argument = ""
    while at(i) != 0x3E:
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) == 0x3E:
            break
        name_begin = i
        while at(i) not in _SPACE and at(i) not in b"=>/\"'":
            i += 1
        name = b[name_begin:i].decode("utf-8", "replace")
        if not name:
            raise ParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) != 0x3D:  # =
            if at(i) == 0:
                raise ParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and name == "expandable":
                argument = "1"
                continue
            raise ParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {begin}'
            )
        i += 1
        while at(i) != 0 and at(i) in _SPACE:
            i += 1
        if at(i) == 0:
            raise ParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if at(i) not in (0x22, 0x27):  # a name token
            token_begin = i
            while at(i) in _NAME_TOKEN and at(i) != 0:
                i += 1
            value = b[token_begin:i].decode("ascii").lower()
            if at(i) not in _SPACE and at(i) != 0x3E:
                raise ParseError(f"Unexpected end of name token at byte offset {token_begin}")
        else:
            quote = at(i)
            i += 1
            raw = bytearray()
            while at(i) != quote and at(i) != 0:
                if at(i) == 0x26:
                    char, i = _decode_entity(b, i)
                    raw += char.encode("utf-8")
                    continue
                raw.append(at(i))
                i += 1
            if at(i) == quote:
                i += 1
            value = raw.decode("utf-8", "replace")
        if at(i) == 0:
            raise ParseError(f"Unclosed start tag at byte offset {begin}")
        if (tag == "a" and name == "href") or (tag == "tg-emoji" and name == "emoji-id"):
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[9:]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[3:]
        elif tag == "blockquote" and name == "expandable":
            argument = "1"
    if tag == "span" and argument != "spoiler":
        raise ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    return argument, i


def _add_entity(entities: list[dict[str, Any]], opened: _Open, length: int, out: bytearray) -> None:
    offset, tag, arg = opened.offset, opened.tag, opened.argument
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length
    entity: dict[str, Any] = {"type": _SIMPLE.get(tag, tag), "offset": offset, "length": length}
    if tag == "tg-emoji":
        if not (arg.isascii() and arg.isdigit() and 0 < int(arg) < 2**63):
            raise ParseError("Invalid custom emoji identifier specified")
        entity.update(type="custom_emoji", custom_emoji_id=arg)
    elif tag == "a":
        url = normalize_url(arg or out[opened.position :].decode("utf-8"))
        if url is None:
            return  # Telegram silently drops a link it can't use
        entity.update(type="text_link", url=url)
    elif tag == "pre" and same_span and last is not None and last["type"] == "code" and "language" in last:
        last["type"] = "pre"
        return
    elif tag == "code" and same_span and last is not None and last["type"] == "pre" and arg:
        last["language"] = arg
        return
    elif tag == "code" and arg:
        entity["language"] = arg
    elif tag == "blockquote" and arg:
        entity["type"] = "expandable_blockquote"
    entities.append(entity)


def normalize_url(url: str) -> str | None:
    """The URL as Telegram would store it for a text link, or None if Telegram would drop it."""
    try:
        return check_url(url)
    except ValueError:
        return None


def check_url(url: str, *, allow_tg: bool = True) -> str:
    """Raises ValueError("Wrong HTTP URL" / "Unsupported URL protocol") like Telegram's URL check."""
    url = url.strip()
    if not url:
        raise ValueError("URL host is empty")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("tg", "ton") and allow_tg:
        return url
    if scheme not in ("", "http", "https"):
        raise ValueError("Unsupported URL protocol")
    full = url if scheme else "http://" + url
    try:
        parts = urlsplit(full)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise ValueError("Wrong HTTP URL") from exc
    if not host:
        raise ValueError("URL host is empty")
    if not re.fullmatch(r"[\w-]+(\.[\w-]+)+\.?|localhost|\[[0-9a-fA-F:]+\]", host) or " " in full:
        raise ValueError("Wrong HTTP URL")
    return full if parts.path else urlunsplit(parts._replace(path="/"))


def finalize_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strips leading/trailing whitespace like Telegram does, moving/cutting entities along."""
    stripped = text.strip(" \t\r\n\v\f")
    if not stripped:
        return "", []
    lead = utf16_len(text[: text.index(stripped[0])])
    total = utf16_len(stripped)
    kept = []
    for e in entities:
        start, end = max(e["offset"] - lead, 0), min(e["offset"] + e["length"] - lead, total)
        if end > start:
            kept.append({**e, "offset": start, "length": end - start})
    return stripped, kept


def format_text(
    text: Any, parse_mode: Any, entities: Any, *, limit: int, what: str = "message"
) -> tuple[str, list[dict[str, Any]]]:
    """Validates a message text or caption; raises BadRequest with Telegram's description."""
    if not isinstance(text, str):
        raise BadRequest(
            f'Bad Request: field "{"text" if what == "message" else "caption"}" must be of type String'
        )
    mode = (parse_mode or "").lower() if isinstance(parse_mode, str) else parse_mode
    if mode == "html":
        try:
            plain, found = parse_html(text)
        except ParseError as exc:
            raise BadRequest(f"Bad Request: can't parse entities: {exc}") from None
    elif mode in ("markdown", "markdownv2"):
        raise BadRequest(f"Bad Request: parse_mode {parse_mode} is not supported by the fake (use HTML)")
    elif mode:
        raise BadRequest("Bad Request: unsupported parse_mode")
    else:
        plain, found = text, check_entities(text, entities)
    plain, found = finalize_text(plain, found)
    if not plain and what == "message":
        raise BadRequest("Bad Request: text must be non-empty")
    if utf16_len(plain) > limit:
        raise BadRequest(
            f"Bad Request: {what} is too long"
            if what == "message"
            else "Bad Request: message caption is too long"
        )
    return plain, found


def check_entities(text: str, entities: Any) -> list[dict[str, Any]]:
    if entities in (None, ""):
        return []
    if not isinstance(entities, list):
        raise BadRequest('Bad Request: field "entities" must be of type Array')
    total = utf16_len(text)
    for e in entities:
        if not isinstance(e, dict) or not isinstance(e.get("type"), str):
            raise BadRequest("Bad Request: can't parse MessageEntity: Unsupported type specified")
        offset, length = e.get("offset", 0), e.get("length", 0)
        if offset < 0:
            raise BadRequest(f"Bad Request: receive an entity with incorrect offset {offset}")
        if offset > total:
            raise BadRequest(
                f"Bad Request: entity begins after the end of the text at UTF-16 offset {offset}"
            )
        if offset + length > total:
            raise BadRequest(
                f"Bad Request: entity beginning at UTF-16 offset {offset} ends after the end "
                f"of the text at UTF-16 offset {offset + length}"
            )
    return [dict(e) for e in entities]


_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "login_url",
    "copy_text",
    "callback_game",
    "pay",
)


def check_reply_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Validates reply_markup (already JSON-decoded); raises BadRequest like Telegram."""
    if markup in (None, ""):
        return None
    if not isinstance(markup, dict):
        raise BadRequest("Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if inline_only or not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            raise BadRequest("Bad Request: object expected as reply markup")
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise BadRequest('Bad Request: field "inline_keyboard" must be of type Array')
    if sum(len(r) for r in rows) > MAX_BUTTONS:
        raise BadRequest("Bad Request: REPLY_MARKUP_TOO_LONG")
    for row in rows:
        for button in row:
            _check_button(button)
    return markup


def _check_button(button: Any) -> None:
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise BadRequest(prefix + "expected an Object")
    if "text" not in button:
        raise BadRequest(prefix + 'Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise BadRequest(prefix + 'Field "text" must be of type String')
    if not button["text"].strip():
        raise BadRequest("Bad Request: BUTTON_TEXT_INVALID")
    actions = [
        k
        for k in _ACTIONS
        if button.get(k) not in (None, "", False)
        or (k.startswith("switch_inline_query") and isinstance(button.get(k), str))
    ]
    if not actions:
        raise BadRequest(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise BadRequest(prefix + f"exactly one action field must be used, got {', '.join(actions)}")
    if actions[0] == "callback_data":
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
    elif actions[0] == "url":
        try:
            check_url(str(button["url"]))
        except ValueError as exc:
            raise BadRequest(
                f"Bad Request: inline keyboard button URL '{button['url']}' is invalid: {exc}"
            ) from None


def check_inline_results(results: Any) -> list[dict[str, Any]]:
    """Validates answerInlineQuery's results like Telegram; raises BadRequest."""
    prefix = "Bad Request: can't parse inline query result: "
    if not isinstance(results, list):
        raise BadRequest("Bad Request: can't parse JSON encoded inline query results")
    if len(results) > 50:
        raise BadRequest("Bad Request: RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            raise BadRequest(prefix + "expected an Object")
        kind = result.get("type", "")
        if kind not in (
            "article",
            "photo",
            "gif",
            "mpeg4_gif",
            "video",
            "audio",
            "voice",
            "document",
            "location",
            "venue",
            "contact",
            "game",
            "sticker",
        ):
            raise BadRequest(prefix + f'type "{kind}" is unsupported for the inline query result')
        if "id" not in result:
            raise BadRequest(prefix + 'Can\'t find field "id"')
        rid = result["id"]
        if not isinstance(rid, str) or not 1 <= len(rid.encode("utf-8")) <= 64:
            raise BadRequest("Bad Request: RESULT_ID_INVALID")
        if rid in seen:
            raise BadRequest("Bad Request: RESULT_ID_DUPLICATE")
        seen.add(rid)
        if kind == "article":
            for name in ("title", "input_message_content"):
                if name not in result:
                    raise BadRequest(prefix + f'Can\'t find field "{name}"')
            if not isinstance(result["title"], str) or not result["title"].strip():
                raise BadRequest("Bad Request: RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if content is not None:
            if not isinstance(content, dict):
                raise BadRequest(prefix + 'Field "input_message_content" must be of type Object')
            if "message_text" in content or not any(k in content for k in ("latitude", "phone_number")):
                if "message_text" not in content:
                    raise BadRequest(prefix + 'Can\'t find field "message_text"')
                try:
                    format_text(
                        content["message_text"],
                        content.get("parse_mode"),
                        content.get("entities"),
                        limit=MAX_TEXT,
                    )
                except BadRequest as exc:
                    reason = str(exc).removeprefix("Bad Request: ")
                    raise BadRequest(prefix + reason[:1].upper() + reason[1:]) from None
        check_reply_markup(result.get("reply_markup"), inline_only=True)
    return results


def decode_json(value: Any, label: str) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise BadRequest(f"Bad Request: can't parse {label} JSON object") from None
