"""A rotation's member table, drawn in Python (`core.rows`) and kept until anything is written
(`core.kept`): a hospital rotation has about 60 members and an engineering company 180, and the
rotation page is read far more often than its members change."""

from __future__ import annotations

import datetime
from html import escape

from django.utils.safestring import SafeString, mark_safe

from forcegen.core import rows
from forcegen.core.kept import KeptUntilWrite
from forcegen.core.links import path_to
from forcegen.core.models import Term
from forcegen.core.terms import term

from .models import Deployment, Rotation

_KEPT: KeptUntilWrite[SafeString] = KeptUntilWrite(size=256)


def member_rows(rotation: Rotation) -> SafeString:
    """The rows of the rotation's members, by sub-unit, role and name ("" when it has none)."""
    return _KEPT.get(rotation.pk, lambda: _rows(rotation))


def _rows(rotation: Rotation) -> SafeString:
    members = rotation.members.select_related("person__rank").order_by(
        "sub_unit", "role", "person__full_name", "pk"
    )
    return mark_safe(  # noqa: S308 (every value in it is escaped)
        "\n".join(_row(member, path_to("deployments:detail", member.pk)) for member in members)
    )


def _row(member: Deployment, href: str) -> str:
    person = member.person
    role = term(Term.Kind.POSITION, member.role) or rows.NONE
    sub_unit = term(Term.Kind.SUB_UNIT, member.sub_unit) or rows.NONE
    cells = (
        f'<a href="{href}">{escape(person.full_name)}</a>'
        f'<br><span class="muted">{escape(person.service_number)}</span>',
        escape(str(person.rank)),
        escape(role),
        escape(sub_unit),
        escape(str(person.get_sex_display())),
        escape(str(member.get_status_display())),
        f"{_day(member.starts_on)} – {_day(member.ends_on)}",
    )
    return rows.row(cells)


def _day(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""
