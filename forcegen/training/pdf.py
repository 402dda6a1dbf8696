"""Certificate PDFs: one A4 page, English plus the trainee's language, drawn with reportlab.

Rendered on demand inside the request rather than by the task worker: a certificate renders in
about 45 ms (benchmarks/training.py; budget 300 ms), and a file drawn when asked always shows the
certificate as it stands (a revoked one is stamped), which a stored file would not without
re-rendering on every revocation.

Text is drawn through forcegen.core.pdf: the shipped Noto fonts, shaped by HarfBuzz, so a Lao
vowel and tone mark stacked on one consonant sit where the font means them to.
"""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.graphics.barcode.qr import QrCodeWidget  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib.colors import Color  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from forcegen.core.pdf import ACCENT, MUTED, Page, register_fonts

from .models import Certificate

REVOKED_RED = Color(0.64, 0.09, 0.1, alpha=0.35)

# The language a certificate adds to English, from the trainee organisation's country.
FRENCH_SPEAKING = (
    "FRA", "BEL", "CHE", "LUX", "MCO", "SEN", "CIV", "MLI", "BFA", "NER", "TCD", "CMR",
    "GAB", "COG", "COD", "CAF", "BEN", "TGO", "GIN", "MDG", "BDI", "DJI", "MRT", "HTI",
)  # fmt: skip
COUNTRY_LANGUAGE = {"VNM": "vi", "LAO": "lo", **dict.fromkeys(FRENCH_SPEAKING, "fr")}

TITLE = _("Certificate of completion")
CERTIFY = _("This is to certify that")
COMPLETED = _("has successfully completed the course")
HELD = _("held from %(start)s to %(end)s at %(venue)s — %(hours)d hours")
NUMBER = _("Certificate number")
ISSUED = _("Issued on")
VALID_UNTIL = _("Valid until")
NO_EXPIRY = _("does not expire")
VERIFY = _("Verify this certificate at")
REVOKED = _("REVOKED")


def certificate_language(country: str) -> str | None:
    return COUNTRY_LANGUAGE.get(country.upper())


def _in(language: str | None, message: str | Promise, **values: object) -> str:
    with translation.override(language or "en"):
        text = str(message)
    return text % values if values else text


def _bilingual(language: str | None, message: str | Promise, **values: object) -> list[str]:
    """The English line, then the trainee's language when it has a different text."""
    english = _in("en", message, **values)
    other = _in(language, message, **values) if language else english
    return [english] if other == english else [english, other]


def _label(language: str | None, message: str | Promise) -> str:
    return " · ".join(_bilingual(language, message))


def _frame(canvas: Canvas, width: float, height: float) -> None:
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(24, 24, width - 48, height - 48)
    canvas.setLineWidth(0.8)
    canvas.rect(32, 32, width - 64, height - 64)


def _qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _revoked_stamp(
    canvas: Canvas, page: Page, width: float, height: float, lang: str | None
) -> None:
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(20)
    canvas.translate(-width / 2, -height / 2)
    text = _label(lang, REVOKED)
    size = min(64.0, 0.7 * width / page.width(text, 1, bold=True))
    page.line(text, height / 2, size, bold=True, colour=REVOKED_RED)
    canvas.restoreState()


def render_certificate(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate as a one-page PDF. Reads the certificate with its enrolment, class,
    course, person and both organisations (select them beforehand to save queries)."""
    register_fonts()
    session = certificate.enrolment.session
    course, person = certificate.course, certificate.person
    trainee_org, issuer = certificate.enrolment.organisation, certificate.organisation
    lang = certificate_language(trainee_org.country)
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(f"{certificate.number} — {person.full_name}")
    canvas.setAuthor(issuer.name_en)
    canvas.setSubject(course.title)
    page = Page(canvas)
    _frame(canvas, width, height)

    y = height - 78
    page.line(issuer.name_en, y, 13, bold=True, colour=ACCENT)
    if issuer.name_native != issuer.name_en:
        y -= 17
        page.line(issuer.name_native, y, 11, colour=ACCENT)
    y -= 45
    for index, text in enumerate(_bilingual(lang, TITLE)):
        y -= 0 if index == 0 else 28
        page.line(text, y, 28 if index == 0 else 20, bold=True)
    y -= 38
    page.line(" · ".join(_bilingual(lang, CERTIFY)), y, 12, colour=MUTED)
    y -= 36
    page.line(person.full_name, y, 24, bold=True)
    if person.full_name_native and person.full_name_native != person.full_name:
        y -= 26
        page.line(person.full_name_native, y, 18)
    y -= 20
    page.line(f"{trainee_org.name_en} · {trainee_org.name_native}", y, 10, colour=MUTED)
    y -= 30
    page.line(" · ".join(_bilingual(lang, COMPLETED)), y, 12, colour=MUTED)
    y -= 30
    page.line(f"{course.code} — {course.title}", y, 17, bold=True)
    if lang and course.title_in(lang):
        y -= 22
        page.line(course.title_in(lang), y, 15)
    held = {
        "start": session.starts_on.isoformat(),
        "end": session.ends_on.isoformat(),
        "venue": session.venue,
        "hours": course.hours,
    }
    for text in _bilingual(lang, HELD, **held):
        y -= 20
        page.line(text, y, 10, colour=MUTED)

    expiry = (
        certificate.valid_until.isoformat() if certificate.valid_until else _label(lang, NO_EXPIRY)
    )
    facts = [
        (NUMBER, certificate.number),
        (ISSUED, certificate.issued_on.isoformat()),
        (VALID_UNTIL, expiry),
    ]
    for index, (label, value) in enumerate(facts):
        row = 92 - index * 18
        page.line(f"{_label(lang, label)}: ", row, 9, x=60, colour=MUTED)
        page.line(value, row, 9, x=60 + page.width(f"{_label(lang, label)}: ", 9), bold=True)
    _qr(canvas, verify_url, width - 150, 50, 90)
    page.line(f"{_label(lang, VERIFY)}:", 44, 7, x=60, colour=MUTED)
    page.line(verify_url, 34, 7, x=60)
    if certificate.state_on(timezone.localdate()) == Certificate.State.REVOKED:
        _revoked_stamp(canvas, page, width, height, lang)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
