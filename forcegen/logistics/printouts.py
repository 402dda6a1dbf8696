"""The printable MOU (laid out as its annexes) and load lists: PDFs in the reader's language,
drawn by the core PDF helper (Lao shaped by HarfBuzz)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]

from forcegen.core import pdf

from .annexes import Annexes, Line
from .models import LoadEntry, LoadList


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _facts(rows: list[tuple[str, str]]) -> list[object]:
    fact = pdf.style("fact", 9, leading=12)
    return [pdf.paragraph(f"{label}: {value}", fact) for label, value in rows]


def _annex(
    title: str, columns: list[str], lines: list[Line], total: Decimal, width: float
) -> list[object]:
    rows = [
        [line.label, line.detail, str(line.quantity), _money(line.rate), _money(line.amount)]
        for line in lines
    ]
    rows.append([_("Total per month (US$)"), "", "", "", _money(total)])
    return [
        pdf.paragraph(title, pdf.style("annex", 11, bold=True, leading=16)),
        pdf.table(columns, rows, width=width, wraps=[True, True, False, False, False]),
    ]


def mou_pdf(annexes: Annexes) -> bytes:
    """Cover facts, annexes A, B and C with the rates in force on `annexes.on`, mission factors:
    the numbers of the page and the XLSX (one computation, `annexes.annexes`)."""
    pdf.register_fonts()  # before the styles name them
    mou = annexes.mou
    frame = pdf.page_frame(landscape(A4))
    title = _("Memorandum of understanding")
    amount = _("Amount per month (US$)")
    story: list[object] = [
        pdf.paragraph(title, pdf.style("mou-title", 14, bold=True, leading=19)),
        *_facts(
            [
                (_("Unit"), mou.unit.name),
                (_("Mission"), mou.mission.acronym),
                (_("Reference"), mou.reference or "—"),
                (_("In force from"), mou.in_force_from.isoformat()),
                (_("Rates in force on"), annexes.on.isoformat()),
                (_("Mission factors (%)"), str(annexes.uplift_percent)),
                (_("Total per month (US$)"), _money(annexes.total)),
            ]
        ),
    ]
    rate_person = _("Rate per person (US$)")
    story += _annex(
        _("Annex A: personnel"),
        [_("Category"), _("Rank"), _("Strength"), rate_person, amount],
        annexes.personnel,
        annexes.personnel_total,
        frame.width,
    )
    story += _annex(
        _("Annex B: major equipment"),
        [_("Item"), _("Lease"), _("Quantity"), _("Rate per item (US$)"), amount],
        annexes.equipment,
        annexes.equipment_total,
        frame.width,
    )
    story += _annex(
        _("Annex C: self-sustainment"),
        [_("Category"), _("Provided by"), _("Strength"), rate_person, amount],
        annexes.self_sustainment,
        annexes.self_sustainment_total,
        frame.width,
    )
    story.append(pdf.paragraph(_("Mission factors"), pdf.style("annex", 11, bold=True, leading=16)))
    story.append(
        pdf.table(
            [_("Factor"), _("Percent"), _("Source")],
            [[str(f.get_kind_display()), str(f.percent), f.source] for f in annexes.factors]
            or [["—", "", ""]],
            width=frame.width,
            wraps=[True, False, True],
        )
    )
    if annexes.missing_rates:
        story.append(
            pdf.paragraph(
                f"{_('No rate in force for:')} {', '.join(annexes.missing_rates)}.",
                pdf.style("note", 9),
            )
        )
    footer = f"{title} · {mou.unit.name} · {mou.mission.acronym}"
    return pdf.document(story, title=title, author=mou.unit.name, footer=footer, frame=frame)


def _entry_name(entry: LoadEntry) -> str:
    """An inventory item named in the reader's language, else the line as written."""
    if entry.item is not None:
        return f"{entry.label} {entry.item.serial}".strip()
    return entry.label


def load_list_pdf(load_list: LoadList, entries: list[LoadEntry]) -> bytes:
    """The movement's facts, its lines and their totals (`load_list` from `for_list()`)."""
    pdf.register_fonts()
    frame = pdf.page_frame(A4)
    rotation = load_list.rotation
    facts = [
        (_("Rotation"), f"{rotation} · {rotation.mission.acronym}"),
        (_("Mode"), f"{load_list.get_mode_display()} · {load_list.get_direction_display()}"),
        (_("Departs on"), load_list.departs_on.isoformat() if load_list.departs_on else "—"),
    ]
    if load_list.mode == LoadList.Mode.AIR:
        baggage = _("%(people)s passengers × %(kg)s kg = %(total)s kg") % {
            "people": load_list.passengers,
            "kg": load_list.baggage_kg_per_person,
            "total": load_list.baggage_allowance_kg,
        }
        facts.append((_("Air baggage"), baggage))
    rows = [
        [
            entry.container or "—",
            _entry_name(entry),
            str(entry.quantity),
            f"{entry.weight_kg:,.1f}",
            f"{entry.volume_m3:,.2f}",
        ]
        for entry in entries
    ]
    weight: Decimal = getattr(load_list, "total_weight", Decimal(0))
    volume: Decimal = getattr(load_list, "total_volume", Decimal(0))
    rows.append([_("Total"), "", "", f"{weight:,.1f}", f"{volume:,.2f}"])
    story = [
        pdf.paragraph(load_list.name, pdf.style("load-title", 14, bold=True, leading=19)),
        *_facts(facts),
        pdf.table(
            [
                _("Container"),
                _("Description"),
                _("Quantity"),
                _("Total weight (kg)"),
                _("Total volume (m³)"),
            ],
            rows,
            width=frame.width,
            wraps=[True, True, False, False, False],
        ),
    ]
    title = _("Load list: %(name)s") % {"name": load_list.name}
    return pdf.document(story, title=title, author=str(rotation.unit), footer=title, frame=frame)
