"""Word 97–2003 documents (.doc): the main text, read with olefile (bot.ingest.worddoc)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from bot.core.errors import SeedError
from bot.ingest.formats import read_document
from bot.ingest.pages import read_file
from bot.ingest.worddoc import DocError, _fib_base, _text

HERE = Path(__file__).resolve().parent.parent / "data"
WORD97, LAYOUT = HERE / "word97", HERE / "layout"


def _read(path: Path) -> list[tuple[str, str, list[str]]]:
    return [(a.title, a.byline, [p.text for p in a.paragraphs]) for a in read_file(path).articles]


@pytest.mark.parametrize("name", ["23_article", "24_two_articles"])
def test_a_doc_reads_as_the_docx_it_was_saved_from(name: str) -> None:
    """The layout corpus's Word documents, saved as .doc by LibreOffice: the same text, the same articles."""
    doc, docx = WORD97 / f"{name}.doc", LAYOUT / f"{name}.docx"
    assert read_document(doc).text.rstrip("\n") == read_document(docx).text
    assert _read(doc) == _read(docx)


def test_headers_fields_and_breaks() -> None:
    """The page header and footer are no main text; a link field keeps its shown text; a line break and
    a page break end a line."""
    text = read_document(WORD97 / "25_header_link_breaks.doc").text
    assert text == "Plain ASCII title line\n详见市总工会网站。\n第一行\n同一段第二行\n\n分页后的一段。\n"


def _word(ccp_text: int, fc_clx: int, lcb_clx: int, *, flags: int = 0, size: int = 0x400) -> bytearray:
    """A WordDocument stream's FIB (Word 97: 14 shorts, 22 longs, then fc/lcb pairs), ``size`` long."""
    word = bytearray(size)
    struct.pack_into("<HH", word, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", word, 10, flags)
    struct.pack_into("<H", word, 32, 14)
    struct.pack_into("<H", word, 62, 22)
    struct.pack_into("<I", word, 64 + 3 * 4, ccp_text)
    struct.pack_into("<H", word, 152, 93)
    struct.pack_into("<II", word, 154 + 33 * 8, fc_clx, lcb_clx)
    return word


def test_pieces_of_one_byte_and_two_bytes_a_character() -> None:
    """A piece flagged compressed is stored one byte a character (cp1252) at half its fc."""
    word = _word(ccp_text=9, fc_clx=0, lcb_clx=0)
    word[0x300:0x305] = b"Hello"  # compressed: fc = 0x600 | 0x40000000
    word[0x320:0x328] = "工会讲座".encode("utf-16-le")
    pieces = struct.pack("<HIH", 0, 0x600 | 0x40000000, 0) + struct.pack("<HIH", 0, 0x320, 0)
    plc = struct.pack("<III", 0, 5, 9) + pieces
    table = b"\x01\x02\x00ab" + b"\x02" + struct.pack("<I", len(plc)) + plc  # a property run first, then the pieces
    struct.pack_into("<II", word, 154 + 33 * 8, 0, len(table))
    assert _text(bytes(word), table) == "Hello工会讲座"


def test_the_main_text_stops_at_its_length() -> None:
    """What follows the main text (headers, footnotes) is left out: ccpText counts the main text."""
    word = _word(ccp_text=2, fc_clx=0, lcb_clx=0)
    word[0x320:0x328] = "正文页眉".encode("utf-16-le")
    plc = struct.pack("<II", 0, 4) + struct.pack("<HIH", 0, 0x320, 0)
    table = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, 154 + 33 * 8, 0, len(table))
    assert _text(bytes(word), table) == "正文"


@pytest.mark.parametrize(
    ("word", "message"),
    [
        (bytes(_word(0, 0, 0, flags=0x0100)), "it is protected with a password"),
        (b"\xec\xa5" + bytes(10), "its WordDocument stream is too short"),
        (bytes(40), "not a Word 97–2003 document (a Word 6/95 file, or another program's)"),
    ],
)
def test_what_cannot_be_read_says_why(word: bytes, message: str) -> None:
    with pytest.raises(DocError, match=rf"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        _fib_base(word)


@pytest.mark.parametrize("data", [b"plain text saved as .doc", b"PK\x03\x04 a .docx renamed"])
def test_a_file_that_is_no_word_97_document_is_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "notice.doc"
    path.write_bytes(data)
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value) == (f"{path}: not a Word 97–2003 document that can be read (not a Word 97–2003 file); "
                                 "open it in Word or WPS and save it as .docx")


@pytest.mark.parametrize(("at", "data"), [(0x1E, b"\xff\xff"), (0x20, b"\xff\xff"), (0x200, b"\x00" * 512)])
def test_a_damaged_doc_is_one_line(tmp_path: Path, at: int, data: bytes) -> None:
    """A damaged compound file (its sector sizes, its first sector) fails as one line, whatever olefile raises."""
    damaged = bytearray((WORD97 / "23_article.doc").read_bytes())
    damaged[at:at + len(data)] = data
    path = tmp_path / "damaged.doc"
    path.write_bytes(bytes(damaged))
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: not a Word 97–2003 document that can be read (")
    assert str(caught.value).endswith("); open it in Word or WPS and save it as .docx")


def test_a_wps_file_is_read_as_the_word_format_it_builds_on(tmp_path: Path) -> None:
    """WPS Writer's .wps is Word 97–2003's format with extensions of its own; Works' .wps is not."""
    path = tmp_path / "notice.wps"
    path.write_bytes((WORD97 / "23_article.doc").read_bytes())
    assert read_document(path).text == read_document(WORD97 / "23_article.doc").text
    path.write_bytes(b"a Microsoft Works file")
    with pytest.raises(SeedError) as caught:
        read_document(path)
    assert str(caught.value) == (f"{path}: not a WPS document that can be read (not a Word 97–2003 file); "
                                 "open it in WPS and save it as .docx")
