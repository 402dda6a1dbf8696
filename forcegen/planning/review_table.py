"""A plan review's proposal tables, one per rotation, drawn in Python (`core.rows`) and kept
until anything is written (`core.kept`), as a unit's slot table is: a planner reads the review
many times between changes. The sentences are the messages the template used, so their
translations stay as they were."""

from __future__ import annotations

from html import escape
from itertools import groupby

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forcegen.core import rows
from forcegen.core.kept import KeptUntilWrite
from forcegen.core.links import path_to
from forcegen.core.models import Term
from forcegen.core.terms import term
from forcegen.deployments.models import Rotation

from .models import Change, PlanRun, Proposal

_KEPT: KeptUntilWrite[list[tuple[Rotation, SafeString]]] = KeptUntilWrite(size=64)


def review_tables(
    run: PlanRun, proposals: list[Proposal], *, can_edit: bool
) -> list[tuple[Rotation, SafeString]]:
    """(rotation, its table's rows) for each rotation of the run's proposals (from
    `services.kept_review`, in its order); `can_edit` adds the column of "Change" links."""

    def draw() -> list[tuple[Rotation, SafeString]]:
        return [
            (rotation, _rows(run, list(group), can_edit))
            for rotation, group in groupby(proposals, key=lambda p: p.rotation)
        ]

    return _KEPT.get((run.pk, can_edit), draw)


def _rows(run: PlanRun, proposals: list[Proposal], can_edit: bool) -> SafeString:
    return mark_safe(  # noqa: S308 (every value in it is escaped)
        "\n".join(_row(run, proposal, can_edit) for proposal in proposals)
    )


def _row(run: PlanRun, p: Proposal, can_edit: bool) -> str:
    cells = [_position(p), _proposed(p), _why(p), _against(p)]
    if can_edit:
        change = path_to("planning:proposal", run.pk, p.pk)
        label = escape(_("Change"))
        cells.append("" if p.kept else f'<a href="{change}">{label}</a>')
    return rows.row(cells, f"proposal-{p.pk}")


def _position(p: Proposal) -> str:
    slot = p.slot
    where = f"#{slot.seat}"
    if slot.sub_unit:
        where += f" · {escape(term(Term.Kind.SUB_UNIT, slot.sub_unit))}"
    cell = (
        f'{escape(term(Term.Kind.POSITION, slot.title))} <span class="muted">{where}</span>'
        f'<br><span class="muted">{escape(slot.requirement.label)}</span>'
    )
    if slot.requirement.female_only:
        cell += " " + rows.span("tag", _("reserved for women"))
    return cell


def _proposed(p: Proposal) -> str:
    cell = rows.span("bad", _("empty")) if p.person is None else rows.person(p.person)
    if p.kept:
        cell += "<br>" + rows.span("tag", _("already a member: kept"))
    return cell


def _why(p: Proposal) -> str:
    """Why this person (eligible, their tours), or why the slot is empty and what would fill
    it; and who changed it by hand."""
    parts = []
    if p.person is not None:
        parts.append(escape(_history(p)))
    elif p.why or p.note_texts:
        parts.append(f'<p data-testid="why-empty">{escape(p.why)}</p>')
        parts.append(rows.failures(p.note_texts, "notes"))
        if p.fix_texts:
            fill = escape(_("What would fill it"))
            parts.append(f"<p><strong>{fill}:</strong></p>")
            parts.append(rows.failures(p.fix_texts, "fixes"))
    if p.edited:
        parts.append(f'<p class="muted">{escape(_edit(p))}</p>')
    return "".join(parts)


def _history(p: Proposal) -> str:
    assert p.person is not None
    count: int = p.tours  # type: ignore[attr-defined]  # annotated by proposals_for_review
    tours = ngettext("%(tours)s past tour", "%(tours)s past tours", count) % {"tours": count}
    back = p.person.last_mission_return
    since = _("back %(day)s") % {"day": back.isoformat()} if back else _("never deployed")
    text = f"{tours}, {since}."
    if p.kept:
        return text
    eligible = _("Eligible for %(requirement)s.") % {"requirement": p.slot.requirement.label}
    return f"{eligible} {text}"


def _edit(p: Proposal) -> str:
    assert p.edited_at is not None
    who = p.edited_by.username if p.edited_by else rows.NONE
    when = timezone.localtime(p.edited_at).strftime("%Y-%m-%d %H:%M")
    text = _("Changed by hand by %(who)s on %(when)s") % {"who": who, "when": when}
    if p.planned_person:
        planned = _("the planner proposed %(person)s") % {"person": p.planned_person.full_name}
        text += f"; {planned}"
    return f"{text}."


def _against(p: Proposal) -> str:
    """The proposal against the slot's holder now."""
    change = p.change
    holder = {"person": p.slot.person.full_name} if p.slot.person else {}
    if change == Change.SAME:
        return rows.span("muted", _("unchanged"))
    if change == Change.NEW:
        return escape(_("fills an empty slot"))
    if change == Change.REPLACES:
        return escape(_("replaces %(person)s") % holder)
    if change == Change.EMPTIES:
        return rows.span("bad", _("%(person)s leaves; the slot stays empty") % holder)
    if change == Change.KEEPS:
        text = _("%(person)s stays: no eligible candidate; not made a member") % holder
        return rows.span("muted", text)
    return rows.span("muted", _("stays empty"))
