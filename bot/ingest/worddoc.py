"""The text of a Word 97–2003 document (``.doc``), read with olefile and no office program.

A ``.doc`` is an OLE compound file. Its ``WordDocument`` stream starts with the File Information
Block (FIB); the FIB says which table stream (``0Table`` or ``1Table``) holds the piece table and how
many characters the main text has (``ccpText``: headers, footnotes and comments follow it). The piece
table maps the text's character positions to where each run ("piece") is stored in ``WordDocument``:
as UTF-16 (any Chinese text) or one byte a character (cp1252). See [MS-DOC] 2.5.1 (FIB), 2.9.38 (Clx)
and 2.4.1 (retrieving text).

Word's control characters become what they mean: a paragraph mark (\\r), a line break (\\v) and a
page break (\\f) end a line; a table's row is one line with its cells apart (as a ``.docx``'s rows
are read); a field keeps its shown result, not its code (\\x13 code \\x14 result \\x15); pictures
and other anchors (\\x01, \\x08…) are dropped.
"""

from __future__ import annotations

import io
import re
import struct

_IDENT = 0xA5EC  # a Word binary document's FIB starts with this
_ENCRYPTED, _TABLE_1 = 0x0100, 0x0200  # FibBase flags: fEncrypted, fWhichTblStm
_COMPRESSED = 0x40000000  # a piece's fc: stored one byte a character
_FIELD = re.compile(r"\x13[^\x13\x14\x15]*(?:\x14([^\x13\x14\x15]*))?\x15")
_LINE_ENDS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x1e": "-", "\xa0": " "})
_DROPPED = re.compile(r"[\x00-\x06\x08\x0e-\x1d\x1f]")


class DocError(ValueError):
    """The file is no Word 97–2003 document that can be read (the message says why)."""


def read_doc(data: bytes) -> str:
    """The main text of a ``.doc`` file's bytes ``data``, one line per paragraph."""
    import olefile

    if not olefile.isOleFile(data=data):
        raise DocError("not a Word 97–2003 file")
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if not ole.exists("WordDocument"):
            raise DocError("no Word text in this file")
        word = ole.openstream("WordDocument").read()
        flags = _fib_base(word)
        table = "1Table" if flags & _TABLE_1 else "0Table"
        if not ole.exists(table):
            raise DocError(f"its {table} stream is missing")
        text = _text(word, ole.openstream(table).read())
    return _plain(text)


def _fib_base(word: bytes) -> int:
    if len(word) < 34:
        raise DocError("its WordDocument stream is too short")
    ident, _, _, _, _, flags = struct.unpack_from("<HHHHHH", word, 0)
    if ident != _IDENT:
        raise DocError("not a Word 97–2003 document (a Word 6/95 file, or another program's)")
    if flags & _ENCRYPTED:
        raise DocError("it is protected with a password")
    return int(flags)


def _text(word: bytes, table: bytes) -> str:
    """The main text's characters, piece by piece."""
    csw = _u16(word, 32)
    lw = 34 + 2 * csw  # FibRgLw97 starts after its count (cslw)
    cslw = _u16(word, lw)
    ccp_text = _u32(word, lw + 2 + 3 * 4)  # FibRgLw97.ccpText
    fclcb = lw + 2 + 4 * cslw + 2  # FibRgFcLcb97 starts after its count (cbRgFcLcb)
    fc_clx, lcb_clx = _u32(word, fclcb + 33 * 8), _u32(word, fclcb + 33 * 8 + 4)  # fcClx, lcbClx
    cps, pieces = _piece_table(table[fc_clx:fc_clx + lcb_clx])
    out: list[str] = []
    for i, fc in enumerate(pieces):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if start >= end:
            break
        count = end - start
        if fc & _COMPRESSED:
            at = (fc & ~_COMPRESSED) // 2
            out.append(word[at:at + count].decode("cp1252", errors="replace"))
        else:
            out.append(word[fc:fc + 2 * count].decode("utf-16-le", errors="replace"))
    return "".join(out)


def _piece_table(clx: bytes) -> tuple[list[int], list[int]]:
    """(character positions, each piece's fc) of the Clx's PlcPcd, past any property runs (Prc)."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # a Prc: clxt, cbGrpprl, grpprl
        at += 3 + _u16(clx, at + 1)
    if at >= len(clx) or clx[at] != 0x02:
        raise DocError("its piece table is missing")
    size = _u32(clx, at + 1)
    plc = clx[at + 5:at + 5 + size]
    n = (len(plc) - 4) // 12  # n + 1 positions of 4 bytes, n descriptors of 8
    if n <= 0:
        raise DocError("its piece table is empty")
    cps = [_u32(plc, 4 * i) for i in range(n + 1)]
    pieces = [_u32(plc, 4 * (n + 1) + 8 * i + 2) for i in range(n)]
    return cps, pieces


def _plain(text: str) -> str:
    text = _FIELD.sub(lambda m: m.group(1) or "", text)
    # A row's last cell mark is followed by the row's own: a row is one line, its cells apart (as .docx's)
    text = text.replace("\x07\x07", "\n").replace("\x07", "  ")
    return _DROPPED.sub("", text.translate(_LINE_ENDS))


def _u16(data: bytes, at: int) -> int:
    if at + 2 > len(data):
        raise DocError("it ends inside its own header")
    return int(struct.unpack_from("<H", data, at)[0])


def _u32(data: bytes, at: int) -> int:
    if at + 4 > len(data):
        raise DocError("it ends inside its own header")
    return int(struct.unpack_from("<I", data, at)[0])
