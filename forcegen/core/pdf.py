"""Every PDF the product makes draws its text here, shaped by HarfBuzz, in the fonts shipped in
./fonts (nothing is fetched at run time; see fonts/README.md).

Lao stacks vowels and tone marks on a consonant, and Vietnamese may arrive with combining
accents: the font's default placement puts a mark on the next letter or over a digit. reportlab
5.1 shapes a string with uharfbuzz (`shapeStr`): the glyphs HarfBuzz picks, at the offsets it
returns, are what the PDF draws. Text is split into Lao and other runs (`script_runs`), each drawn
in its font; runs that need no shaping (Latin without combining marks) are drawn as plain
strings, which HarfBuzz would only kern.

How an app uses it:

- A free-form page (a certificate): `register_fonts()`, then `Page(canvas).line(text, y, size)`
  draws one centred or left-aligned line; `Page.width()` measures it the same way.
- A document of paragraphs and tables (a nominal roll, a report): build a story with
  `paragraph(text, style)` and `table(header, rows, width=...)`, then `document(story, ...)`
  returns the PDF bytes, each page footed "title · Page 3 of 7". `table` sizes its columns to
  their widest value and wraps headers only at spaces.

Lines drawn by `Page` carry their text as ActualText, so copying or searching a shaped Lao line
gives the characters, not the glyphs.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.colors import Color  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont, shapeStr  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {
    "Latin": "NotoSans-Latin-Regular.ttf",
    "Latin-Bold": "NotoSans-Latin-Bold.ttf",
    "Lao": "NotoSansLao-Regular.ttf",
    "Lao-Bold": "NotoSansLao-Bold.ttf",
}
INK = Color(0.11, 0.14, 0.19)
MUTED = Color(0.33, 0.38, 0.44)
ACCENT = Color(0.04, 0.36, 0.68)
HEADER_FILL = Color(0.88, 0.91, 0.95)
STRIPE_FILL = Color(0.96, 0.97, 0.98)
RULE = Color(0.7, 0.73, 0.78)
PADDING = 2.0  # points left and right of a table cell's text
SMALLEST_TABLE_FONT = 5.0


@functools.cache
def register_fonts() -> None:
    """Load the fonts once per process (about 20 ms)."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / filename)))


def is_lao(char: str) -> bool:
    return "\u0e80" <= char <= "\u0eff"


def _scripts(text: str) -> list[bool | None]:
    """Each character's script: True for Lao (letters, marks, digits), False for a Latin letter
    or a mark on one, None for what both scripts share (digits, punctuation, spaces)."""
    scripts: list[bool | None] = []
    for char in text:
        if is_lao(char):
            scripts.append(True)
        elif char.isalpha():
            scripts.append(False)
        elif unicodedata.combining(char) and scripts:
            scripts.append(scripts[-1])
        else:
            scripts.append(None)
    return scripts


def script_runs(text: str) -> Iterator[tuple[str, bool]]:
    """Split text into (run, is Lao). Digits and punctuation go to the script of the letters of
    their word ("ເລກທີ 92/2025/QH15": "92/2025/" with "QH15"), a word without letters ("ມາດຕາ
    5") is drawn in the Latin font, and spaces stay with the run they follow. The Lao font also
    maps digits and Latin letters, so a number left in a Lao run drew in Lao glyphs that copy
    and extraction split from the rest of its word."""
    scripts = _scripts(text)
    resolved: list[bool] = []
    for index, char in enumerate(text):
        script = scripts[index]
        if script is None and char.isspace():
            script = resolved[-1] if resolved else None
        if script is None:  # the next letter of the word, else its last one, else Latin
            end = index
            while end < len(text) and not text[end].isspace() and scripts[end] is None:
                end += 1
            following = scripts[end] if end < len(text) and not text[end].isspace() else None
            before = resolved[-1] if resolved and not text[index - 1].isspace() else None
            script = following if following is not None else bool(before)
        resolved.append(script)
    run, lao = "", False
    for char, script in zip(text, resolved, strict=True):
        if script != lao and run:
            yield run, lao
            run = ""
        lao = script
        run += char
    if run:
        yield run, lao


def needs_shaping(text: str) -> bool:
    """Lao, or any combining mark (a decomposed Vietnamese accent)."""
    return any(is_lao(char) or unicodedata.combining(char) for char in text)


def font_name(lao: bool, bold: bool = False) -> str:
    return ("Lao" if lao else "Latin") + ("-Bold" if bold else "")


def shaped(text: str, font: str, size: float) -> tuple[str, float]:
    """The run to draw (a reportlab ShapedStr when HarfBuzz changes anything) and its width."""
    if not needs_shaping(text):
        return text, float(pdfmetrics.stringWidth(text, font, size))
    glyphs = shapeStr(text, font, size)
    data = getattr(glyphs, "__shapeData__", None)
    if data is None:  # HarfBuzz changed nothing
        return text, float(pdfmetrics.stringWidth(text, font, size))
    return glyphs, sum(glyph.x_advance for glyph in data) * size / 1000


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The drawn width of a mixed-script line, shaped (remembered: tables repeat their values)."""
    return sum(shaped(run, font_name(lao, bold), size)[1] for run, lao in script_runs(text))


def _actual_text(text: str) -> str:
    """A marked-content operator giving the characters behind the glyphs that follow."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


class Page:
    """A canvas that draws mixed-script, shaped lines centred or from a left edge."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas

    @staticmethod
    def width(text: str, size: float, bold: bool = False) -> float:
        return text_width(text, size, bold=bold)

    def line(
        self,
        text: str,
        y: float,
        size: float,
        *,
        bold: bool = False,
        x: float | None = None,
        colour: Color = INK,
    ) -> None:
        """Draw one line; centred on the page unless a left edge `x` is given."""
        left = x if x is not None else (self.canvas._pagesize[0] - self.width(text, size, bold)) / 2
        self.canvas.setFillColor(colour)
        # One text object: each run continues where the last one ended, in its own font, so
        # that text extraction reads the line as one line, not a line per run.
        line = self.canvas.beginText(left, y)
        for run, lao in script_runs(text):
            font = font_name(lao, bold)
            glyphs, _width = shaped(run, font, size)
            line.setFont(font, size)
            if glyphs is run:
                line._textOut(run)
            else:
                line._code.append(_actual_text(run))
                line._textOut(glyphs)
                line._code.append("EMC")
        self.canvas.drawText(line)


# --- Paragraphs and documents ---------------------------------------------------------------------


def word_runs(text: str) -> list[tuple[str, bool]]:
    """`script_runs` as a list: a paragraph shapes a word split across two fonts in the first
    font's glyphs, so "ລົດ (4x4)" split as "ລົດ (" and "4x4)" drew "x4)" as Lao glyphs."""
    return list(script_runs(text))


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup drawing Lao runs in the Lao font; the paragraph's font draws the rest."""
    lao = font_name(True, bold)
    return "".join(
        f'<font name="{lao}">{escape(run)}</font>' if is_lao else escape(run)
        for run, is_lao in word_runs(text)
    )


def style(name: str, size: float, *, bold: bool = False, leading: float | None = None) -> Any:
    """A paragraph style in the shipped fonts; words never split inside (they wrap at spaces)."""
    return ParagraphStyle(
        name,
        fontName=font_name(False, bold),
        fontSize=size,
        leading=leading or size * 1.25,
        splitLongWords=0,
    )


def paragraph(text: str, style: Any) -> Any:
    """A paragraph of mixed-script text, shaped by HarfBuzz when it needs it."""
    if needs_shaping(text):
        style = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
    return Paragraph(markup(text, bold="Bold" in style.fontName), style)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page back until the end so each footer can say "page 3 of 7"."""

    def __init__(self, *args: Any, footer: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, len(self._pages))
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        page = Page(self)
        width = self._pagesize[0]
        page.line(self._footer, 6 * mm, 7, x=10 * mm)
        numbering = _("Page %(number)d of %(total)d") % {"number": number, "total": total}
        page.line(numbering, 6 * mm, 7, x=width - 10 * mm - page.width(numbering, 7))


def page_frame(pagesize: tuple[float, float] = A4) -> SimpleDocTemplate:
    """A document template with the product's margins, to read its usable `width` before
    laying out a table; pass it on to `document`."""
    return SimpleDocTemplate(
        io.BytesIO(),
        pagesize=pagesize,
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=12 * mm,
    )


def document(
    story: Sequence[Flowable],
    *,
    title: str,
    author: str,
    footer: str,
    frame: SimpleDocTemplate | None = None,
) -> bytes:
    """The story laid out on pages (A4 portrait unless `frame` says otherwise), each footed
    and numbered."""
    register_fonts()
    frame = frame or page_frame()
    buffer = io.BytesIO()
    frame.filename = buffer
    frame.title, frame.author = title, author
    frame.build(list(story), canvasmaker=functools.partial(_NumberedCanvas, footer=footer))
    return buffer.getvalue()


# --- Tables ---------------------------------------------------------------------------------------


def _widest(texts: Sequence[str], size: float, *, bold: bool = False, words: bool = False) -> float:
    """The widest text, or with `words` the widest single word, drawn at `size`."""
    pieces = [word for text in texts for word in text.split()] if words else texts
    return max((text_width(piece, size, bold=bold) for piece in pieces), default=0.0)


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: float,
    wraps: Sequence[bool],
    size: float,
) -> list[float] | None:
    """Column widths filling `width` in which no word is split and no unwrapped value (a date,
    a code) crosses its border; None if that cannot be done at this font size.

    Each column first gets its widest word (of the header and of wrapping text) or unwrapped
    value; then room to show each value on one line; then room for the header on one line;
    what is left after that widens every column alike."""
    pad = 2 * PADDING
    least, values, labels = [], [], []
    for index, label in enumerate(header):
        column = [row[index] for row in rows]
        word = max(
            _widest([label], size, bold=True, words=True), _widest(column, size, words=wraps[index])
        )
        least.append(word + pad)
        values.append(max(_widest(column, size) + pad, least[-1]))
        labels.append(max(_widest([label], size, bold=True) + pad, values[-1]))
    if sum(least) > width:
        return None
    widths = _grow(least, values, width)
    widths = _grow(widths, labels, width)
    return [w * width / sum(widths) for w in widths]


def _grow(widths: list[float], wanted: list[float], width: float) -> list[float]:
    """Widen each column toward what it wants, in proportion to its want, within `width`."""
    want = sum(wanted) - sum(widths)
    share = min(1.0, (width - sum(widths)) / want) if want > 0 else 0.0
    return [w + (goal - w) * share for w, goal in zip(widths, wanted, strict=True)]


def _cell(text: str, wraps: bool, width: float, cell_style: Any) -> Any:
    """Plain text draws fastest; a Paragraph only where text wraps or needs shaping."""
    too_wide = wraps and pdfmetrics.stringWidth(text, "Latin", cell_style.fontSize) > width
    return paragraph(text, cell_style) if needs_shaping(text) or too_wide else text


def _fit(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: float,
    wraps: Sequence[bool],
    size: float,
) -> tuple[float, list[float]]:
    """The largest font size (in half points, down to 5 pt) at which every column fits."""
    while size > SMALLEST_TABLE_FONT:
        widths = column_widths(header, rows, width=width, wraps=wraps, size=size)
        if widths is not None:
            return size, widths
        size -= 0.5
    size = SMALLEST_TABLE_FONT
    widths = column_widths(header, rows, width=width, wraps=wraps, size=size)
    return size, widths or [width / len(header)] * len(header)  # too many columns: share alike


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: float,
    wraps: Sequence[bool] | None = None,
    size: float = 8,
) -> Any:
    """A table filling `width`: bold header repeated on every page, striped rows, cells sized
    by `column_widths` (the font shrinks, down to 5 pt, until every column fits)."""
    register_fonts()
    wraps = list(wraps) if wraps is not None else [True] * len(header)
    size, widths = _fit(header, rows, width=width, wraps=wraps, size=size)
    head_style = style("table-head", size, bold=True, leading=size + 1.5)
    cell_style = style("table-cell", size, leading=size + 1.5)
    body = [
        [
            _cell(text, wrap, w - 2 * PADDING, cell_style)
            for text, wrap, w in zip(row, wraps, widths, strict=True)
        ]
        for row in rows
    ]
    heads = [paragraph(label, head_style) for label in header]
    result = Table([heads, *body], colWidths=widths, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 1), (-1, -1), "Latin"),
                ("FONTSIZE", (0, 1), (-1, -1), size),
                ("LEADING", (0, 1), (-1, -1), size + 1.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [Color(1, 1, 1), STRIPE_FILL]),
                ("GRID", (0, 0), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return result
