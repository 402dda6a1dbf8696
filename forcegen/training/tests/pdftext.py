"""Just enough of a PDF reader to check what reportlab wrote: the cross-reference table must
point at every object, and the text drawn, mapped back to Unicode through each font's ToUnicode
table, is returned one drawn string per line. A run shaped by HarfBuzz is drawn as glyphs inside a
marked-content span whose ActualText holds its characters: that text is returned instead."""

import base64
import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)


def _find(pattern: bytes, data: bytes) -> re.Match[bytes]:
    found = re.search(pattern, data, re.S)
    assert found is not None, pattern
    return found


def _stream(body: bytes) -> bytes:
    raw = _find(rb"stream\r?\n(.*?)endstream", body).group(1)
    if b"ASCII85Decode" in body:
        raw = base64.a85decode(raw.strip().removesuffix(b"~>"))
    return zlib.decompress(raw) if b"FlateDecode" in body else raw


def check_structure(data: bytes) -> int:
    """Every xref entry points at its object; returns the number of pages."""
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    start = int(_find(rb"startxref\s+(\d+)", data).group(1))
    assert data[start:].startswith(b"xref")
    header = _find(rb"\Axref\s+0 (\d+)\s+", data[start:])
    entries = data[start + header.end() :].split(b"\n")[: int(header.group(1))]
    for number, entry in enumerate(entries):
        offset, _generation, kind = entry.split()
        if kind == b"n":
            assert data[int(offset) :].startswith(b"%d 0 obj" % number), number
    return int(_find(rb"/Count (\d+) /Kids", data).group(1))


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal, flags=re.S)


def extract_text(data: bytes) -> str:
    objects = dict(OBJECT.findall(data))
    cmaps = {}
    for body in objects.values():
        font = re.search(rb"/Name /(\S+).*?/ToUnicode (\d+) 0 R", body, re.S)
        if font:
            table = _stream(objects[font.group(2)])
            cmaps[font.group(1)] = {
                int(code, 16): chr(int(char, 16))
                for code, char in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", table)
            }
    lines = []
    for page in re.findall(rb"/Contents (\d+) 0 R", data):
        content = _stream(objects[page])
        cmap: dict[int, str] = {}
        in_span = False
        for font, literal, actual, end in re.findall(
            rb"/(\S+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj|/ActualText <FEFF([0-9A-F]*)>|\b(EMC)\b",
            content,
        ):
            if font:
                cmap = cmaps.get(font, {})
            elif actual:
                lines.append(bytes.fromhex(actual.decode()).decode("utf-16-be"))
                in_span = True
            elif end:
                in_span = False
            elif not in_span:
                lines.append("".join(cmap.get(b, chr(b)) for b in _unescape(literal)))
    return "\n".join(lines)
