"""PDF text is shaped by HarfBuzz: the glyphs drawn, and where, are those HarfBuzz returns for the
string and font; tables wrap headers at spaces and keep every value inside its column."""

import io
from dataclasses import dataclass
from typing import Any, cast

import pytest
import uharfbuzz as hb
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph  # type: ignore[import-untyped]

from forcegen.core import pdf

CERTIFIED = "ຢັ້ງຢືນ"  # "certified": a vowel and a tone mark stacked on one consonant
WATER = "ນ້ຳ"  # "water": a tone mark above AM, which HarfBuzz splits into two glyphs
LAO = f"{CERTIFIED} {WATER}"
SIZE = 40


@dataclass(frozen=True)
class Glyph:
    outline: tuple[object, ...]
    x: float
    y: float


class _Recorder:
    """A pen that records a glyph's outline, to compare glyphs across two fonts."""

    def __init__(self) -> None:
        self.path: list[object] = []

    def __getattr__(self, name: str):
        return lambda *points: self.path.append((name, *points))


def _outline(font: hb.Font, gid: int) -> tuple[object, ...]:
    """The glyph's contours and advance: the same in the shipped font and its embedded subset."""
    pen = _Recorder()
    font.draw_glyph_with_pen(gid, pen)
    return (font.get_glyph_h_advance(gid), *pen.path)


def harfbuzz_glyphs(text: str, font_file: str, size: float) -> list[Glyph]:
    """What HarfBuzz returns for the text in the font, placed from the run's origin."""
    face = hb.Face(hb.Blob((pdf.FONTS / font_file).read_bytes()))
    font = hb.Font(face)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    scale = size / face.upem
    glyphs, pen = [], 0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyphs.append(
            Glyph(
                _outline(font, info.codepoint),
                round((pen + position.x_offset) * scale, 2),
                round(position.y_offset * scale, 2),
            )
        )
        pen += position.x_advance
    return glyphs


def drawn_glyphs(data: bytes) -> list[list[Glyph]]:
    """Each text object's glyphs, read back from the PDF: the outline in the embedded font of
    every code shown, and its position from the text object's origin (Tm, Td, T*, Ts, Tj, TJ)."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    resources: Any = page["/Resources"]
    resources = resources["/Font"]
    fonts = {}
    for name, ref in resources.items():
        font = ref.get_object()
        if "/FontDescriptor" in font:
            embedded = font["/FontDescriptor"]["/FontFile2"].get_data()
            fonts[name] = (hb.Font(hb.Face(hb.Blob(embedded))), font["/Widths"])
    objects: list[list[Glyph]] = []
    x = y = rise = leading = size = 0.0
    font = widths = None
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        op = operator.decode()
        if op == "BT":
            objects.append([])
            x = y = rise = 0.0
        elif op == "Tm":
            x, y = float(operands[4]), float(operands[5])
        elif op == "Tf":
            font, widths = fonts.get(operands[0], (None, None))
            size = float(operands[1])
        elif op == "TL":
            leading = float(operands[0])
        elif op == "T*":
            y -= leading
        elif op == "Ts":
            rise = float(operands[0])
        elif op in ("Tj", "TJ"):
            for item in operands[0] if op == "TJ" else [operands[0]]:
                if isinstance(item, (int, float)) or not hasattr(item, "get_original_bytes"):
                    x -= float(item) * size / 1000
                    continue
                for code in item.get_original_bytes():
                    if font is not None:
                        gid = font.get_nominal_glyph(code)
                        objects[-1].append(
                            Glyph(_outline(font, gid), round(x, 2), round(y + rise, 2))
                        )
                    x += float(widths[code]) * size / 1000 if widths else 0
    return objects


def _from_origin(glyphs: list[Glyph]) -> list[Glyph]:
    x0, y0 = glyphs[0].x, glyphs[0].y
    return [Glyph(g.outline, round(g.x - x0, 2), round(g.y - y0, 2)) for g in glyphs]


def _render(draw) -> bytes:
    pdf.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_lao_line_draws_the_glyphs_and_offsets_harfbuzz_returns():
    data = _render(lambda canvas: pdf.Page(canvas).line(LAO, 700, SIZE, x=50))
    (drawn,) = [g for g in drawn_glyphs(data) if g]
    expected = harfbuzz_glyphs(LAO, "NotoSansLao-Regular.ttf", SIZE)
    assert _from_origin(drawn) == _from_origin(expected)
    # Stacked: in ຢັ້ the tone mark sits above the vowel, both over the consonant, not beside it.
    consonant, vowel, tone = drawn[:3]
    advance = float(cast(float, consonant.outline[0])) * SIZE / 1000
    for mark in (vowel, tone):  # over the consonant, not on the next letter
        assert consonant.x <= mark.x < consonant.x + advance
    assert tone.y < consonant.y  # lowered by HarfBuzz to sit just above the vowel
    # The line is measured as drawn, so centring and right-aligning use the shaped width.
    advances = _advances(LAO, "NotoSansLao-Regular.ttf", SIZE)
    assert pdf.text_width(LAO, SIZE) == pytest.approx(sum(advances))


def _advances(text: str, font_file: str, size: float) -> list[float]:
    face = hb.Face(hb.Blob((pdf.FONTS / font_file).read_bytes()))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(face), buffer)
    return [p.x_advance * size / face.upem for p in buffer.glyph_positions]


def test_a_lao_table_cell_and_bold_header_are_shaped_too():
    def draw(canvas):
        table = pdf.table([f"{CERTIFIED} header"], [[WATER]], width=300, size=SIZE / 2)
        table.wrapOn(canvas, 300, 500)
        table.drawOn(canvas, 50, 500)

    runs = [g for g in drawn_glyphs(_render(draw)) if g]
    header, cell = runs[0], runs[-1]
    bold = harfbuzz_glyphs(CERTIFIED, "NotoSansLao-Bold.ttf", SIZE / 2)
    assert _from_origin(header[: len(bold)]) == _from_origin(bold)
    assert _from_origin(cell) == _from_origin(
        harfbuzz_glyphs(WATER, "NotoSansLao-Regular.ttf", SIZE / 2)
    )


def test_a_shaped_line_keeps_its_characters_for_copy_and_search():
    data = _render(lambda canvas: pdf.Page(canvas).line(LAO, 700, 12))
    content: Any = PdfReader(io.BytesIO(data)).pages[0].get_contents()
    content = content.get_data()
    assert b"/ActualText <FEFF" + LAO.encode("utf-16-be").hex().upper().encode() in content


MIXED = "ກົດໝາຍ ເລກທີ 92/2025/QH15 ວ່າດ້ວຍ UN 2026"  # Law No. 92/2025/QH15 on the UN


def _drawn_in(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    """The page's text as extracted, and each piece with the font it is drawn in."""
    pieces: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: Any, _size: object) -> None:
        if text.strip() and font is not None:
            pieces.append((text.strip(), str(font["/BaseFont"])))

    page = PdfReader(io.BytesIO(data)).pages[0]
    return page.extract_text(visitor_text=visit), pieces


@pytest.mark.parametrize("how", ["line", "paragraph"])
def test_latin_and_digits_after_lao_read_back_in_the_latin_font_on_the_same_line(how):
    def draw(canvas):
        if how == "line":
            pdf.Page(canvas).line(MIXED, 700, 14, x=40)
        else:
            pdf.register_fonts()
            text = pdf.paragraph(MIXED, pdf.style("body", 14))
            text.wrapOn(canvas, 500, 100)
            text.drawOn(canvas, 40, 700)

    text, pieces = _drawn_in(_render(draw))
    assert "\n" not in text.strip()  # one line, not a line per script
    assert "".join(text.split()) == "".join(MIXED.split())  # HarfBuzz spaces Lao marks apart
    assert "92/2025/QH15" in text
    latin = "".join(t for t, font in pieces if "NotoSans-" in font)
    lao = "".join(t for t, font in pieces if "NotoSansLao-" in font)
    assert "".join(latin.split()) == "92/2025/QH15UN2026"
    assert not any(char.isascii() and char.isalnum() for char in lao)


def test_a_number_takes_the_script_of_its_word_and_a_bare_number_is_latin():
    assert list(pdf.script_runs(MIXED)) == [
        ("ກົດໝາຍ ເລກທີ ", True),
        ("92/2025/QH15 ", False),
        ("ວ່າດ້ວຍ ", True),
        ("UN 2026", False),
    ]
    assert list(pdf.script_runs("ມາດຕາ 5: ລາວ")) == [
        ("ມາດຕາ ", True),
        ("5: ", False),
        ("ລາວ", True),
    ]
    assert list(pdf.script_runs("ລາວ: (1)")) == [("ລາວ: ", True), ("(1)", False)]
    assert list(pdf.script_runs("Tra\u0300n ລາວ")) == [("Tra\u0300n ", False), ("ລາວ", True)]


def test_latin_without_combining_marks_is_drawn_as_plain_text():
    assert not pdf.needs_shaping("Trần Thị Lan (VN-0001)")
    assert pdf.needs_shaping("Tra\u0300n")  # a decomposed accent is positioned by HarfBuzz
    assert pdf.needs_shaping(WATER)


HEADER = ["Service number", "Blood group", "Date of birth", "Next of kin", "Role"]
ROWS = [
    ["VN-0001", "O+", "1990-05-17", "Nguyen Van Binh (0912 345 678)", "Combat engineer"],
    ["LA-000123", "AB-", "1988-11-02", "ສົມພອນ ແກ້ວມະນີ", "Section leader"],
]
WRAPS = [False, False, False, True, True]


@pytest.mark.parametrize("width", [190.0, 260.0, 600.0])
def test_table_columns_fit_their_widest_value_and_headers_wrap_only_at_spaces(width):
    pdf.register_fonts()
    table = pdf.table(HEADER, ROWS, width=width, wraps=WRAPS, size=7)
    widths = table._colWidths
    assert sum(widths) == pytest.approx(width)
    size = table._cellStyles[1][0].fontsize
    for index, wraps in enumerate(WRAPS):
        inner = widths[index] - 2 * pdf.PADDING
        if not wraps:  # dates and codes are never cut: they fit on one line
            for row in ROWS:
                assert pdf.text_width(row[index], size) <= inner + 1e-6
        head = table._cellvalues[0][index]
        assert isinstance(head, Paragraph)
        head.wrap(inner, 1000)
        lines = [" ".join(words) for _width, words in head.blPara.lines]
        assert " ".join(lines) == HEADER[index]  # split between words, never inside one
        for line in lines:
            assert pdfmetrics.stringWidth(line, "Latin-Bold", size) <= inner + 1e-6


def test_a_narrow_page_shrinks_the_font_rather_than_cutting_words():
    pdf.register_fonts()
    roomy = pdf.table(HEADER, ROWS, width=600, wraps=WRAPS, size=7)
    narrow = pdf.table(HEADER, ROWS, width=150, wraps=WRAPS, size=7)
    assert roomy._cellStyles[1][0].fontsize == 7
    assert narrow._cellStyles[1][0].fontsize < 7
    assert pdf.column_widths(HEADER, ROWS, width=100, wraps=WRAPS, size=7) is None


def test_a_word_opening_with_punctuation_goes_whole_to_the_font_of_its_letters():
    """A paragraph shapes a word split across fonts in the first font's glyphs."""
    assert pdf.word_runs("ລົດໂຮງໝໍ (4x4)") == [("ລົດໂຮງໝໍ ", True), ("(4x4)", False)]
    assert pdf.word_runs("ລວມ (US$): 12") == [("ລວມ ", True), ("(US$): 12", False)]
    assert pdf.word_runs("Total (ລວມ)") == [("Total ", False), ("(ລວມ)", True)]
    assert pdf.markup("ລົດ (4x4)") == '<font name="Lao">ລົດ </font>(4x4)'
