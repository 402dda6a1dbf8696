"""The daily run (raise what is due, resolve what went away, wake snoozed reminders) and what a
user does with a reminder. The run asks every kind once for all organisations, so its number of
queries does not grow with the records; only writing new and resolved reminders is batched."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from forcegen.accounts.models import Membership, User
from forcegen.core import daily, reminders
from forcegen.core.database import without_jit
from forcegen.core.models import Organisation
from forcegen.personnel.models import Person

from .models import Reminder, ReminderRule

BATCH = 500
Key = tuple[int, str, str, datetime.date]  # user, kind, target, due date


@dataclass(frozen=True)
class Setting:
    """What an organisation watches for one kind: its saved rule or the kind's defaults."""

    active: bool
    horizon_days: int
    roles: frozenset[str]
    to_person: bool


@dataclass
class RunSummary:
    raised: list[int]
    resolved: int
    woken: int

    def __str__(self) -> str:
        return _("%(raised)d raised, %(resolved)d resolved, %(woken)d woken from snooze") % {
            "raised": len(self.raised),
            "resolved": self.resolved,
            "woken": self.woken,
        }


def default_setting(kind: reminders.Kind) -> Setting:
    return Setting(True, kind.horizon_days, frozenset(kind.roles), kind.to_person)


def settings_by_organisation(organisation_ids: Iterable[int]) -> dict[int, dict[str, Setting]]:
    """Every organisation's setting of every kind (two queries)."""
    saved: dict[int, dict[str, Setting]] = defaultdict(dict)
    for rule in ReminderRule.objects.filter(organisation_id__in=organisation_ids).prefetch_related(
        "roles"
    ):
        saved[rule.organisation_id][rule.kind] = Setting(
            rule.active,
            rule.horizon_days,
            frozenset(g.name for g in rule.roles.all()),
            rule.to_person,
        )
    return {
        org_id: {
            kind.code: saved[org_id].get(kind.code, default_setting(kind))
            for kind in reminders.kinds()
        }
        for org_id in organisation_ids
    }


def _audiences() -> tuple[dict[tuple[int, str], set[int]], dict[int, int]]:
    """Active users by (organisation, role), and the user linked to each person (two queries)."""
    by_role: dict[tuple[int, str], set[int]] = defaultdict(set)
    for org_id, role, user_id in Membership.objects.filter(user__is_active=True).values_list(
        "organisation_id", "role__name", "user_id"
    ):
        by_role[(org_id, role)].add(user_id)
    linked = dict(
        Person.objects.filter(user__isnull=False, user__is_active=True).values_list("pk", "user_id")
    )
    return by_role, linked


def wanted_reminders(
    today: datetime.date, organisation_ids: list[int]
) -> dict[Key, tuple[reminders.Due, bool]]:
    """Every reminder that should exist today: (due, about the user's own record) by key."""
    settings = settings_by_organisation(organisation_ids)
    by_role, linked = _audiences()
    wanted: dict[Key, tuple[reminders.Due, bool]] = {}
    for kind in reminders.kinds():
        horizons = {
            org_id: chosen[kind.code].horizon_days
            for org_id, chosen in settings.items()
            if chosen[kind.code].active
        }
        for due in kind.find(horizons, today):
            setting = settings[due.organisation_id][kind.code]
            users = {u for role in setting.roles for u in by_role[(due.organisation_id, role)]}
            for user_id in users:
                wanted[(user_id, kind.code, due.target, due.due_on)] = (due, False)
            own = linked.get(due.person_id) if setting.to_person and due.person_id else None
            if own is not None:
                wanted[(own, kind.code, due.target, due.due_on)] = (due, True)
    return wanted


def _batches(items: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


@dataclass
class DailySummary:
    changed: dict[str, int]  # records each daily step changed, by its code
    reminders: RunSummary

    def __str__(self) -> str:
        steps = "".join(f"{code}: {count}; " for code, count in self.changed.items())
        return f"{steps}{self.reminders}"


def daily_run(*, today: datetime.date) -> DailySummary:
    """The daily run: the apps' daily steps first (core.daily: plan items whose activities are
    held move), each in its own transaction, then the reminders, which read what they changed."""
    return DailySummary(daily.run(today=today), run(today=today))


@transaction.atomic
def run(*, today: datetime.date, organisation_id: int | None = None) -> RunSummary:
    """Raise the reminders due today that were never raised, resolve live ones whose cause went
    away, wake snoozed ones whose day has come, and recount every user's inbox. With
    `organisation_id`, only that organisation's reminders (after one of its records changed)."""
    organisations = Organisation.objects.all()
    reminders_now = Reminder.objects.all()
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
        reminders_now = reminders_now.filter(organisation_id=organisation_id)
    with without_jit():
        wanted = wanted_reminders(today, list(organisations.values_list("pk", flat=True)))
    existing: dict[Key, tuple[int, str]] = {
        (user_id, kind, target, due_on): (pk, state)
        for pk, user_id, kind, target, due_on, state in reminders_now.values_list(
            "pk", "user_id", "kind", "target", "due_on", "state"
        )
    }
    new = [
        Reminder(
            organisation_id=due.organisation_id,
            user_id=key[0],
            kind=key[1],
            target=due.target,
            params=due.params,
            url=due.url,
            due_on=due.due_on,
            about_self=about_self,
            raised_on=today,
        )
        for key, (due, about_self) in wanted.items()
        if key not in existing
    ]
    created = Reminder.objects.bulk_create(new, batch_size=BATCH)
    gone = [
        pk for key, (pk, state) in existing.items() if state in Reminder.LIVE and key not in wanted
    ]
    for batch in _batches(gone):
        Reminder.objects.filter(pk__in=batch).update(
            state=Reminder.State.RESOLVED, resolved_on=today, snoozed_until=None
        )
    woken = Reminder.objects.filter(state=Reminder.State.SNOOZED, snoozed_until__lte=today).update(
        state=Reminder.State.OPEN, snoozed_until=None
    )
    recount(today=today)
    return RunSummary(raised=[r.pk for r in created], resolved=len(gone), woken=woken)


def recount(*, today: datetime.date, user: User | None = None) -> None:
    """Store each user's count of awake reminders (what the header shows), in one query."""
    count = (
        Reminder.objects.filter(user_id=OuterRef("pk"))
        .awake(today)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    users = User.objects.all() if user is None else User.objects.filter(pk=user.pk)
    users.update(open_reminders=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))


@transaction.atomic
def snooze(*, reminder: Reminder, until: datetime.date, today: datetime.date) -> Reminder:
    if reminder.state not in Reminder.LIVE:
        raise ValidationError(_("This reminder is closed."))
    if until <= today:
        raise ValidationError({"until": _("Snooze to a day after today.")})
    if until > today + datetime.timedelta(days=365):
        raise ValidationError({"until": _("Snooze for at most a year.")})
    reminder.state = Reminder.State.SNOOZED
    reminder.snoozed_until = until
    reminder.save(update_fields=["state", "snoozed_until"])
    recount(today=today, user=reminder.user)
    return reminder


@transaction.atomic
def mark_done(*, reminder: Reminder, today: datetime.date) -> Reminder:
    if reminder.state not in Reminder.LIVE:
        raise ValidationError(_("This reminder is closed."))
    reminder.state = Reminder.State.DONE
    reminder.snoozed_until = None
    reminder.save(update_fields=["state", "snoozed_until"])
    recount(today=today, user=reminder.user)
    return reminder
