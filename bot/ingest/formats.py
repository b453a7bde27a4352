"""Reading a seed file into text, whatever format the operator saved it in.

- ``.txt`` and ``.md``: UTF-8 (with or without a byte-order mark) or GB18030 (which includes GBK);
  in ``.md`` the Markdown marks that would hide a title (``#``, ``>``, ``**``, ``__``) are removed.
- ``.html`` / ``.htm`` (a page saved from a browser): its title and main text, extracted by
  trafilatura (on a page laid out with tables, where it finds none: by :mod:`bot.ingest.dense`); the
  rest of its visible text (menus, links, footers) is kept apart as ``outside``.
- ``.mht`` / ``.mhtml`` (a page saved as one file, "Web page, single file"): its HTML part, read as a
  ``.html`` is.
- ``.docx``: the paragraphs and table rows of a Word document, in order, read with python-docx.
- ``.doc``: the main text of a Word 97–2003 document (:mod:`bot.ingest.worddoc`, with olefile); and
  ``.wps``, WPS Writer's own, which is that format with extensions of its own (LibreOffice reads it so).

Anything else is refused with one line naming the file. trafilatura, python-docx and olefile are
imported only when such a file is read, so the bot itself never loads them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.errors import SeedError
from bot.ingest.dense import dense_article, shown_title

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = (*TEXT_SUFFIXES, ".html", ".htm", ".mht", ".mhtml", ".docx", ".doc", ".wps")
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_HINTS = {
    ".pdf": "copy its text into a .txt file",
}
_MARKDOWN_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
_MARKDOWN_ITALIC = re.compile(r"(?<!\*)\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?!\*)")  # *江澜律师 黄志远*


@dataclass(frozen=True)
class Document:
    """The text of a seed file, one line per line or paragraph, and what was read but left out."""

    text: str
    outside: str = ""
    doubt: str = ""  # why the text read may not be the article's own (said to the operator, file:1)


def is_skipped(path: Path) -> bool:
    """Editor lock and backup files (``.~lock…``, ``~$…``) and directories are not seed files."""
    return path.name.startswith((".", "~$")) or not path.is_file()


def read_document(path: Path) -> Document:
    """The document in ``path``; SeedError (one line naming the file) when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = read_seed(path)
        return Document(_strip_markdown(text) if suffix == ".md" else text)
    if suffix in (".html", ".htm"):
        return _read_html(path, _bytes(path))
    if suffix in (".mht", ".mhtml"):
        return _read_html(path, _archived_page(path))
    if suffix == ".docx":
        return _read_docx(path)
    if suffix in (".doc", ".wps"):
        return _read_doc(path)
    hint = _HINTS.get(suffix, "save it as .txt, .md, .docx, .doc or .html")
    shown = f"{suffix} files are" if suffix else "files without an extension are"
    raise SeedError(f"{path}: {shown} not read; {hint}")


def read_seed(path: Path) -> str:
    """The text of a text file (UTF-8, UTF-8 with BOM or GB18030), with ``\\n`` line ends."""
    text = _decode(_bytes(path))
    if text is None:
        raise SeedError(f"{path}: not UTF-8 or GB18030 text; save it as UTF-8 and rebuild")
    return _nonempty(path, text.replace("\r\n", "\n").replace("\r", "\n"))


def _bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise SeedError(f"{path}: the file is empty")
    return data


def _nonempty(path: Path, text: str) -> str:
    if not text.strip():
        raise SeedError(f"{path}: the file is empty")
    return text


def _decode(data: bytes) -> str | None:
    encodings = ("utf-8-sig",) if data.startswith(codecs.BOM_UTF8) else ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # GB18030 maps almost any byte string to *some* characters, so a successful decode proves
        # little: binary data betrays itself by control, private-use or unassigned characters.
        return text.removeprefix("\ufeff") if _looks_like_text(text) else None
    return None


def _looks_like_text(text: str) -> bool:
    return all(
        ch in _TEXT_CONTROLS or unicodedata.category(ch) not in {"Cc", "Co", "Cn", "Cs"} for ch in text
    )


def _strip_markdown(text: str) -> str:
    return "\n".join(_MARKDOWN_ITALIC.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", _MARKDOWN_LINE.sub("", line)))
                     for line in text.split("\n"))


def _read_html(path: Path, data: bytes) -> Document:
    import trafilatura
    from trafilatura.settings import Document as Extracted

    extracted = trafilatura.bare_extraction(_without_captions(_unlinked_headings(data)), with_metadata=True,
                                            include_comments=False, include_tables=False)
    if not isinstance(extracted, Extracted) or not (extracted.text or "").strip():
        raise SeedError(f"{path}: no article text found in this web page; copy its text into a .txt file")
    visible = trafilatura.html2txt(data) or ""
    body, title = extracted.text or "", _page_title((extracted.title or "").strip(), visible)
    doubt = _whole_page(body)
    dense = dense_article(data) if doubt else None
    if dense is not None:  # a page laid out with tables: its article is where its sentences are
        (title, body), doubt = dense, ""
    elif not doubt:
        title = shown_title(data, title, body)
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
    return Document(text, _left_out(visible, text), doubt=doubt)


def _unlinked_headings(data: bytes) -> Any:
    """The page's tree with a heading that is one link (<h2><a href=…>标题</a></h2>, a list page's items
    shown in full) turned into a line of plain text: trafilatura leaves such links out of the main
    text, and so the items' titles (the page as bytes when it is no HTML)."""
    import trafilatura

    root = trafilatura.load_html(data)
    if root is None:
        return data
    for heading in root.xpath("//h1|//h2|//h3|//h4|//h5|//h6"):
        links = heading.xpath("./a")
        if len(links) == 1 and len(heading) == 1 and not (heading.text or "").strip() \
                and not (links[0].tail or "").strip():
            links[0].drop_tag()
            heading.tag = "p"  # trafilatura may leave a heading out too (its issue #774): a line of text
    return root


_CAPTION_MAX = 30  # a picture's caption is a phrase, not a paragraph (入会仪式现场)
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", "…", "：", ":")


def _without_captions(root: Any) -> Any:
    """The tree without the captions under its pictures (<p><img></p><p>入会仪式现场</p>): a caption is
    no article text, and trafilatura keeps it as a line that the title above would run on into."""
    if isinstance(root, bytes):
        return root
    for picture in root.xpath("//p[img][not(normalize-space())]|//div[img][not(normalize-space())]"):
        caption = picture.getnext()
        text = caption.text_content().strip() if caption is not None and caption.tag == "p" else ""
        if text and len(text) <= _CAPTION_MAX and not text.endswith(_SENTENCE_END) and not caption.xpath(".//img"):
            caption.drop_tree()
    return root


# A main text that is mostly short lines is the whole page (menus, links) read as text: trafilatura
# found no article in it (pages laid out with tables). 24 saved pages of union sites: 4 such pages
# had 48 short lines of about 65, the 20 others at most 4.
_SHORT_LINE = 8
_MENU_LINES = 12


def _whole_page(body: str) -> str:
    lines = [line for line in body.split("\n") if line.strip()]
    short = sum(len(line.strip()) <= _SHORT_LINE for line in lines)
    if short >= _MENU_LINES and 2 * short >= len(lines):
        return (f"the page's main text was not found ({short} of its {len(lines)} lines are menu-like); its menus "
                "may be read as titles and text: paste the article's own text into a .txt file instead")
    return ""


# What a site appends to a page's <title>: 标题_栏目_XX市总工会, 标题 | 站点, 标题 - 站点 (a bare
# "-" or "——" is left alone: titles hold those themselves).
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-–]\s)\s*")


def _page_title(title: str, visible: str) -> str:
    """``title`` without the site's suffix, when the page shows the shorter title itself."""
    head = _SITE_SUFFIX.split(title, maxsplit=1)[0].strip()
    return head if len(head) >= 4 and head != title and head in visible else title


def _left_out(visible: str, main: str) -> str:
    """The words of a page's visible text that are not in its main text, in page order."""
    rest = "".join(main.split())
    out: list[str] = []
    for word in visible.split():
        if word in rest:
            rest = rest.replace(word, "", 1)
        else:
            out.append(word)
    return " ".join(out)


def _read_docx(path: Path) -> Document:
    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table

    _bytes(path)
    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SeedError(f"{path}: not a Word document that can be read ({exc}); save it again as .docx") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend("  ".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return Document(_nonempty(path, "\n".join(lines).replace("\r", "\n")))


def _read_doc(path: Path) -> Document:
    from bot.ingest.worddoc import read_doc

    data = _bytes(path)
    try:
        text = read_doc(data)
    except (ValueError, OSError) as exc:  # DocError, or olefile's on a damaged compound file
        kind, program = ("WPS", "WPS") if path.suffix.lower() == ".wps" else ("Word 97–2003", "Word or WPS")
        raise SeedError(f"{path}: not a {kind} document that can be read ({exc}); "
                        f"open it in {program} and save it as .docx") from exc
    return Document(_nonempty(path, text))


def _archived_page(path: Path) -> bytes:
    """The HTML of a page saved as one file (MHTML: a MIME message, its first text/html part), as UTF-8:
    the part's charset is in its MIME header (IE and 360 save gb2312 there), and the readers of a page's
    bytes take UTF-8 before any <meta> (a gb2312 page in a quoted-printable part: tested)."""
    import email
    import email.policy

    message = email.message_from_bytes(_bytes(path), policy=email.policy.compat32)
    page = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    payload = page.get_payload(decode=True) if page is not None else None
    if page is None or not isinstance(payload, bytes) or not payload.strip():
        raise SeedError(f"{path}: no web page found in this file; "
                        "save the page again as \"Web page, HTML only\" (.html)")
    try:
        html = payload.decode(page.get_content_charset() or "utf-8")
    except (LookupError, UnicodeDecodeError):
        html = _decode(payload) or payload.decode("utf-8", errors="replace")
    return html.encode("utf-8")
