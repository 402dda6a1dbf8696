"""The printable national report for a month: the dashboard's figures as a PDF, in the reader's
language, drawn by the core PDF helper (shaped Lao)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from forcegen.core.models import Organisation
from forcegen.core.pdf import document, page_frame, paragraph, register_fonts, style, table
from forcegen.deployments import numbers
from forcegen.deployments.models import Deployment, PersonnelType

from .dashboard import figures


def national_report(user: Any, organisation: Organisation, month_end: datetime.date) -> bytes:
    """Stock by mission and type on the month's last day, women against the targets, the
    readiness of units, rotations due and the UN rank: one PDF."""
    register_fonts()  # before the styles name them
    shown = figures(user, organisation, month_end)
    frame = page_frame()
    title = _("National peacekeeping report, %(month)s") % {"month": f"{month_end:%Y-%m}"}
    heading, body = style("report-h", 11, bold=True, leading=15), style("report", 9)
    stock = numbers.by_mission_and_type(Deployment.objects.editable_by(user).deployed_on(month_end))
    story = [
        paragraph(title, style("report-title", 15, bold=True, leading=20)),
        paragraph(f"{organisation.name_native} · {organisation.name_en}", body),
        paragraph(_("Deployed on %(day)s") % {"day": month_end.isoformat()}, heading),
        table(
            [_("Mission"), _("Personnel type"), _("Women"), _("Men"), _("Total")],
            [
                [row.mission, str(PersonnelType(row.personnel_type).label), *_counts(row)]
                for row in stock
            ]
            + [[_("Total"), "", *_counts(shown["stock"])]],
            width=frame.width,
        ),
        paragraph(
            _("%(total)s deployments in all, %(share)s%% women.")
            % {"total": shown["flow"].total, "share": shown["flow"].women_share or 0},
            body,
        ),
        paragraph(_("Women deployed against the UN targets"), heading),
        table(
            [_("Category"), _("Women (%)"), _("Target (%)")],
            [
                [
                    str(line.category.label),
                    str(line.counts.women_share),
                    str(line.target.percent) if line.target else "—",
                ]
                for line in shown["gender_lines"]
            ],
            width=frame.width,
        ),
        paragraph(_("Readiness of units"), heading),
        table(
            [_("Unit"), _("Score")],
            [[r.unit.name, f"{r.score}/100"] for r in shown["units"]],
            width=frame.width,
        ),
    ]
    if shown["un_rank"] and shown["un_rank"]["line"]:
        line = shown["un_rank"]["line"]
        story.append(
            paragraph(
                _("UN rank %(rank)s of %(of)s contributors in %(month)s.")
                % {
                    "rank": line.rank,
                    "of": shown["un_rank"]["of"],
                    "month": f"{shown['un_rank']['month']:%Y-%m}",
                },
                body,
            )
        )
    return document(story, title=title, author=organisation.name_en, footer=title, frame=frame)


def _counts(row: numbers.Row) -> list[str]:
    return [str(row.female), str(row.male), str(row.total)]
