"""A web page's article when trafilatura finds none: the block of the page that holds its sentences.

Older enterprise and government sites lay their pages out with tables, and trafilatura then returns
the whole page, menus and all (:func:`bot.ingest.formats.read_document` notices it by its many
menu-like lines). On such a page the article is still the smallest element holding most of the
page's sentence ends (。！？), and its title is the nearest line above that element that reads as a
title: not a date or publisher line (发布日期：…, 来源：…, [打印]), not a breadcrumb, not a link
list. What is not found so is left to the operator, as before: the caller keeps its warning.

The same title search serves pages where trafilatura does find the text, but whose <title> holds
only the site's name (:func:`shown_title`).
"""

from __future__ import annotations

import re
from typing import Any

_ENDS = re.compile(r"[。！？!?]")
_HAN = re.compile(r"[\u3400-\u9fff]")
MIN_ENDS = 3  # fewer sentences are no article
SHARE = 0.6  # of the page's sentence ends that the block must hold (sidebars hold a few)
# A line about the page, not the article: publisher, date, hits, print/close links, a breadcrumb.
_FURNITURE = re.compile(r"(?:发布|来源|日期|时间|点击|浏览|阅读|字号|位置)[^：:]{0,4}[：:]|[\[【](?:打印|关闭)")
# ... and what else above the article is no title: a credit, a menu, a link list's entry.
_NOT_TITLE = re.compile(rf"{_FURNITURE.pattern}|(?:作者|编辑)[：:]|[|>»]|^[·•]")
TITLE_LENGTH = (6, 80)  # characters: shorter is a menu entry, longer a paragraph
LOOK_UP = 4  # lines above the article searched for its title
_BREAKS = frozenset(("p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"))
_SPACE = "\u3000\xa0 \t"


def dense_article(data: bytes) -> tuple[str, str] | None:
    """(title, text) of the page ``data`` from its densest block, a line per paragraph; None when no
    block holds most of its sentences or no line above it reads as a title."""
    root = _parse(data)
    block = None if root is None else _densest(root)
    if block is None:
        return None
    text, page = _lines(block.text_content()), _lines(root.text_content())
    start = next((i for i in range(len(page)) if page[i:i + len(text)] == text), None) if text else None
    if start is None:
        return None
    # The article starts at its first sentence; its title is the nearest title-like line above.
    first = next(i for i in range(start, start + len(text)) if _ENDS.search(page[i]))
    at = _title_above(page, first)
    if at is None:
        return None
    between = [line for line in page[max(at + 1, start):first] if not _FURNITURE.search(line)]  # a byline stays
    return page[at], "\n".join(between + page[first:start + len(text)])


def shown_title(data: bytes, title: str, body: str) -> str:
    """``title`` (the page's <title>), or the line that titles ``body`` on the page when ``title`` is
    not a line of the page: some sites put only their own name in <title> (桐乡市总工会)."""
    root = _parse(data)
    lines = _lines(body)
    if root is None or not lines:
        return title
    page = _lines(root.text_content())
    if " ".join(title.split()) in page:
        return title
    first = next((i for i, line in enumerate(page) if line == lines[0]), None)
    at = None if first is None else _title_above(page, first)
    return title if at is None else page[at]


def _parse(data: bytes) -> Any:
    """The page's tree (trafilatura decodes it as it does for the main text), without what is never
    shown, with line breaks where a browser breaks lines; None when it is no HTML."""
    import trafilatura

    root = trafilatura.load_html(data)
    if root is None:
        return None
    for el in root.xpath("//script|//style|//noscript|//head"):
        el.drop_tree()
    _mark_breaks(root)
    return root


def _title_above(page: list[str], first: int) -> int | None:
    """Where the nearest title-like line above line ``first`` is (LOOK_UP lines at most), or None."""
    return next((i for i in range(first - 1, max(first - 1 - LOOK_UP, -1), -1) if _reads_as_title(page[i])), None)


def _mark_breaks(root: Any) -> None:
    """A line break after every <br> and block element, as a browser shows them."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BREAKS or el.tag == "td":
            el.tail = "\n" + (el.tail or "")
            if el.tag != "td":
                el.text = "\n" + (el.text or "")


def _densest(root: Any) -> Any:
    """The smallest element holding SHARE of the page's sentence ends (at least MIN_ENDS), or None."""
    total = len(_ENDS.findall(root.text_content()))
    need = max(MIN_ENDS, SHARE * total)
    best, size = None, 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        content = el.text_content()
        if len(_ENDS.findall(content)) >= need and (best is None or len(content) < size):
            best, size = el, len(content)
    return best


def _lines(text: str) -> list[str]:
    return [line for raw in text.split("\n") if (line := " ".join(raw.strip(_SPACE).split()))]


def _reads_as_title(line: str) -> bool:
    low, high = TITLE_LENGTH
    return (low <= len(line) <= high and not _ENDS.search(line[-1]) and not _NOT_TITLE.search(line)
            and len(_HAN.findall(line)) >= low)  # words, not a date or a time
