"""A unit's slot table, drawn in Python. Each row has up to three links, a form and a dozen
values; the template engine took about 0.3 ms a row for it (20 ms of a 63-slot hospital's page,
60 of a 184-slot engineering company's). Here the words and links are made once per table; the
pieces shared with the other tables drawn this way are in `core.rows`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from html import escape
from itertools import groupby

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from forcegen.core import rows
from forcegen.core.kept import KeptUntilWrite
from forcegen.core.links import path_to
from forcegen.core.models import Term
from forcegen.core.terms import term

from .models import Slot, Unit


@dataclass(frozen=True)
class Actions:
    """What the reader may do to a slot, and the request's CSRF token for the forms."""

    manage: bool
    remove: bool
    csrf_token: str


class _Table:
    """The words, links and form of one table, made once."""

    def __init__(self, actions: Actions, failures: Mapping[int, list[str]]) -> None:
        self.actions = actions
        self.failures = failures
        self.assign = partial(path_to, "units:assign")
        self.unassign = partial(path_to, "units:unassign")
        self.remove = partial(path_to, "units:slot_remove")
        # Outside the f-strings: xgettext does not look inside them for translatable text.
        women, empty = escape(_("reserved for women")), escape(_("empty"))
        eligible, not_eligible = escape(_("Eligible")), escape(_("Not eligible"))
        self.women = f' <span class="tag">{women}</span>'
        self.empty = f'<span class="slot-empty">{empty}</span>'
        self.eligible = f'<span class="good">{eligible}</span>'
        self.not_eligible = f'<span class="bad">{not_eligible}</span>'
        self.change, self.assign_word = escape(_("Change")), escape(_("Assign"))
        self.unassign_word, self.remove_word = escape(_("Unassign")), escape(_("Remove"))
        self.token = escape(actions.csrf_token)

    def row(self, slot: Slot) -> str:
        cells = [self.position(slot), escape(slot.rank_range or rows.NONE)]
        cells += [self.holder(slot), self.eligibility(slot)]
        if self.actions.manage:
            cells.append(self.links(slot))
        return rows.row(cells, f"slot-{slot.pk}")

    def position(self, slot: Slot) -> str:
        women = self.women if slot.requirement.female_only else ""
        title = escape(term(Term.Kind.POSITION, slot.title))
        return f'{title} <span class="muted">#{slot.seat}</span>{women}'

    def holder(self, slot: Slot) -> str:
        return self.empty if slot.person is None else rows.person(slot.person)

    def eligibility(self, slot: Slot) -> str:
        if slot.person is None:
            return ""
        failures = self.failures.get(slot.pk, [])
        verdict = self.not_eligible + rows.failures(failures) if failures else self.eligible
        if not slot.is_overridden:
            return verdict
        who = slot.overridden_by.username if slot.overridden_by else ""
        when = timezone.localtime(slot.overridden_at).strftime("%Y-%m-%d")  # type: ignore[arg-type]
        said = _("Override by %(who)s on %(when)s:") % {"who": who, "when": when}
        reason = escape(slot.override_justification)
        return f'{verdict}<p class="override">{escape(said)} {reason}</p>'

    def links(self, slot: Slot) -> str:
        change = self.change if slot.person else self.assign_word
        link = f'<a href="{self.assign(slot.pk)}">{change}</a>'
        if slot.person:
            return link + self.form(self.unassign(slot.pk), self.unassign_word)
        if self.actions.remove:
            return link + self.form(self.remove(slot.pk), self.remove_word)
        return link

    def form(self, action: str, label: str) -> str:
        return (
            f'<form method="post" action="{action}" class="inline-form">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.token}">'
            f'<button type="submit" class="danger">{label}</button></form>'
        )


_KEPT_SLOTS: KeptUntilWrite[list[Slot]] = KeptUntilWrite(size=256)


def table_slots(unit: Unit) -> list[Slot]:
    """The unit's slots in the table's order, with holders and requirements, kept until anything
    is written (`core.kept`). Shared by the requests that read them: never change them."""
    return _KEPT_SLOTS.get(
        unit.pk,
        lambda: list(
            unit.slots.select_related("person__rank", "requirement", "overridden_by").order_by(
                "order", "title", "seat"
            )
        ),
    )


def slot_table_body(
    slots: Sequence[Slot], failures: Mapping[int, list[str]], actions: Actions
) -> SafeString:
    """One <tbody> per sub-unit (a heading row when it has a name), a row per slot; `failures`
    says, by slot, why its holder is not eligible."""
    table = _Table(actions, failures)
    parts = []
    for sub_unit, group in groupby(slots, key=lambda s: s.sub_unit):
        heading = (
            f'<tr><th scope="rowgroup" colspan="5">{escape(term(Term.Kind.SUB_UNIT, sub_unit))}'
            "</th></tr>"
            if sub_unit
            else ""
        )
        parts.append(f"<tbody>{heading}{''.join(table.row(slot) for slot in group)}</tbody>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
