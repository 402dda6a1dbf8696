"""Every write of the cooperation app: records kept by one side, the scoped write a partner may
make on a joint plan, and the inter-agency checklist of a rotation. Views, the API, the admin's
actions and the demo all call these."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.core import reminders
from forcegen.core.audit import log_bulk_updates
from forcegen.core.models import Organisation, active_organisation_id

from .models import (
    DONE_OR_DROPPED,
    Activity,
    Agreement,
    Checklist,
    ChecklistStep,
    Commitment,
    CoordinationTask,
    Partner,
    Plan,
    PlanItem,
    Side,
)
from .signed_copies import SIGNED_COPY

CHANGE_ITEM = "cooperation.change_planitem"


def _require(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(_("Your role does not allow this change."))


def _own(user: Any, record: models.Model) -> None:
    """Only the keeper of a record changes it; the partner reads it."""
    if getattr(record, "organisation_id", None) != active_organisation_id(user):
        raise PermissionDenied(
            _("This record is kept by %(code)s: only they change it.")
            % {"code": record.organisation.code}  # type: ignore[attr-defined]
        )


def _saved(record: models.Model) -> Any:
    record.full_clean()
    record.save()
    return record


# --- Records kept by one side ---------------------------------------------------------------------


@transaction.atomic
def save_record(*, record: models.Model, user: Any, perm: str, **fields: Any) -> Any:
    """Create or update a partner, agreement, plan, plan item or commitment of the user's
    organisation (a new record names it; an existing one must be the user's)."""
    _require(user, perm)
    if record.pk is None:
        record.organisation_id = active_organisation_id(user)  # type: ignore[attr-defined]
    else:
        _own(user, record)
    many = {k: fields.pop(k) for k in list(fields) if k in ("members", "advances")}
    for name, value in fields.items():
        setattr(record, name, value)
    _saved(record)
    for name, value in many.items():
        getattr(record, name).set(value)
    return record


@transaction.atomic
def save_activity(*, activity: Activity, user: Any, **fields: Any) -> Activity:
    """Record or edit an activity; once it is held, the plan items it advances move (see
    `advance_items`). It may advance only items the user's organisation may update: another
    side's item is refused with the reason, and nothing is saved."""
    perm = "cooperation.add_activity" if activity.pk is None else "cooperation.change_activity"
    if activity.pk is None:
        activity.recorded_by = user
    if "advances" in fields:
        _check_advances(activity, fields["advances"], user)
    saved: Activity = save_record(record=activity, user=user, perm=perm, **fields)
    advance_items(activity=saved, user=user)
    return saved


def _check_advances(activity: Activity, items: Any, user: Any) -> None:
    linked = set(activity.advances.values_list("pk", flat=True)) if activity.pk else set()
    refusals = [
        f"{item}: {refusal}"
        for item in items
        if item.pk not in linked and (refusal := item_update_refusal(item, user))
    ]
    if refusals:
        raise ValidationError({"advances": refusals})


def advanced(item: PlanItem, *, held: int, linked: int) -> tuple[str, int]:
    """The status and progress an item takes from its linked activities, `held` of `linked`
    of them held. The rule:

    - nothing moves until one of them is held, and a done or dropped item never moves;
    - a planned item is then in progress;
    - an item with no measure of its own (no people to train) has progress of at least the
      share of its activities held (1 of 4 is 25 %), and is done when all of them are held;
    - a training item keeps counting its trainees (`with_trained`): activities only start it.

    Activities never lower progress typed by hand."""
    status, progress = item.status, item.progress
    if not held or status in DONE_OR_DROPPED:
        return status, progress
    status = PlanItem.Status.IN_PROGRESS
    if item.target_trainees is None:
        progress = max(progress, 100 * held // linked)
        if held >= linked:
            status, progress = PlanItem.Status.DONE, 100
    return status, progress


@transaction.atomic
def advance_items(
    *, activity: Activity, user: Any, on: datetime.date | None = None
) -> list[PlanItem]:
    """Move the plan items a held activity advances (`advanced` says how), audited as the
    user's change. Only items the user may update move (the partner advances only items of its
    own side); the others keep their status. Returns the items changed."""
    day = on or timezone.localdate()
    if not activity.is_held(day):
        return []
    items = _counted(  # over all their activities, not through this one's link
        PlanItem.objects.filter(pk__in=activity.advances.values("pk")), day
    ).select_related("plan__organisation", "plan__partner__counterpart")
    return _move([item for item in items if not item_update_refusal(item, user)], actor=user)


def advance_held_items(today: datetime.date) -> int:
    """The daily step (core.daily): every open item with an activity whose last day has passed
    moves as `advanced` says, as the system's change, so an activity that is never edited after
    its date still advances its items. A second run the same day finds nothing to move. Returns
    how many items moved."""
    held = Activity.objects.filter(ends_on__lt=today).values("advances")
    return len(_move(_counted(PlanItem.objects.filter(pk__in=held), today), actor=None))


def _counted(items: models.QuerySet[PlanItem], day: datetime.date) -> models.QuerySet[PlanItem]:
    """The open items, each with its number of activities (`linked`) and of those held before
    `day` (`held`)."""
    return items.exclude(status__in=DONE_OR_DROPPED).annotate(
        linked=Count("activities", distinct=True),
        held=Count("activities", filter=Q(activities__ends_on__lt=day), distinct=True),
    )


MOVED = ["status", "progress"]


def _move(items: Iterable[Any], *, actor: Any) -> list[PlanItem]:
    """Give each item (from `_counted`, with `held` and `linked`) the status and progress
    `advanced` says; the changed ones are written together, each with its audit entry by
    `actor` (None: the system), in a fixed number of queries however many move."""
    moves, now = [], timezone.now()
    for item in items:
        after = copy.copy(item)
        after.status, after.progress = advanced(item, held=item.held, linked=item.linked)
        if (after.status, after.progress) != (item.status, item.progress):
            after.updated_at = now
            moves.append((item, after))
    changed = [after for _before, after in moves]
    PlanItem.objects.bulk_update(changed, [*MOVED, "updated_at"])
    log_bulk_updates(moves, MOVED, actor=actor)
    return changed


@transaction.atomic
def add_commitment(
    *,
    activity: Activity,
    user: Any,
    side: str,
    description: str,
    due_on: datetime.date,
    owner: str = "",
) -> Commitment:
    _require(user, "cooperation.add_commitment")
    _own(user, activity)
    commitment = Commitment(
        activity=activity,
        organisation_id=activity.organisation_id,
        side=side,
        description=description,
        owner=owner,
        due_on=due_on,
    )
    return _saved(commitment)  # type: ignore[no-any-return]


@transaction.atomic
def attach_signed_copy(*, agreement: Agreement, user: Any, file: File) -> Agreement:  # type: ignore[type-arg]
    """The scan of the signed agreement, checked by the core upload rule; a new one replaces
    the copy on file (the earlier file stays in storage, the audit trail names both)."""
    _require(user, "cooperation.change_agreement")
    _own(user, agreement)
    SIGNED_COPY.check(file)
    agreement.signed_copy = file  # type: ignore[assignment]
    return _saved(agreement)  # type: ignore[no-any-return]


# --- The partner's scoped write on a joint plan ---------------------------------------------------


def item_update_refusal(item: PlanItem, user: Any) -> str | None:
    """Why this user may not update the item's status and evidence, or None if they may.

    The plan's keeper updates every item; the partner updates the items of its own side, and
    nothing else of the plan."""
    if not user.has_perm(CHANGE_ITEM):
        return _("Your role does not update plan items.")
    org_id = active_organisation_id(user)
    if org_id == item.organisation_id or org_id == item.owner_organisation_id:
        return None
    return _(
        "This item belongs to %(owner)s's side of the plan: only %(owner)s or the plan's "
        "keeper updates its status and evidence."
    ) % {"owner": item.owner_code}


@transaction.atomic
def update_item_progress(
    *,
    item: PlanItem,
    user: Any,
    status: str | None = None,
    evidence: str | None = None,
    progress: int | None = None,
) -> PlanItem:
    """Status, progress and evidence of one item (the fields the partner may write)."""
    refusal = item_update_refusal(item, user)
    if refusal:
        raise PermissionDenied(refusal)
    if status is not None:
        item.status = status
    if evidence is not None:
        item.evidence = evidence
    if progress is not None:
        item.progress = progress
    if item.status == PlanItem.Status.DONE:
        item.progress = 100
    return _saved(item)  # type: ignore[no-any-return]


# --- Inter-agency coordination --------------------------------------------------------------------


@transaction.atomic
def instantiate_checklist(
    *, template: Checklist, rotation: Any, user: Any
) -> list[CoordinationTask]:
    """The template's tasks for one rotation, due at their offset from its planned departure.
    Tasks it already has are kept as they are (instantiating twice adds only new steps)."""
    _require(user, "cooperation.add_coordinationtask")
    _own(user, template)
    if rotation.organisation_id != template.organisation_id:
        raise ValidationError(
            _("The rotation and the checklist belong to different organisations.")
        )
    existing = set(rotation.coordination_tasks.values_list("step_id", flat=True))
    created = [
        CoordinationTask(
            organisation_id=template.organisation_id,
            rotation=rotation,
            step=step,
            task=step.task,
            agency=step.agency,
            offset_days=step.offset_days,
            due_on=rotation.planned_departure + datetime.timedelta(days=step.offset_days),
            responsible=step.responsible,
        )
        for step in template.steps.all()
        if step.pk not in existing
    ]
    for task in created:
        task.save()  # one by one: the audit trail records each
    return created


@transaction.atomic
def set_task_status(*, task: CoordinationTask, user: Any, status: str, note: str = "") -> Any:
    _require(user, "cooperation.change_coordinationtask")
    _own(user, task)
    task.status = status
    if note:
        task.note = note
    _reminders_changed(task.organisation_id)
    return _saved(task)


@transaction.atomic
def delete_task(*, task: ChecklistStep | CoordinationTask, user: Any) -> None:
    """Remove a template's task (the rotations that took it keep their copy) or a rotation's
    task (taking the checklist again brings it back). Only the keeper's roles that may delete
    it; the audit trail records the deletion."""
    _require(user, f"cooperation.delete_{task._meta.model_name}")
    _own(user, task)
    task.delete()
    if isinstance(task, CoordinationTask):  # its reminder resolves
        _reminders_changed(task.organisation_id)


@transaction.atomic
def set_commitment_status(*, commitment: Commitment, user: Any, status: str) -> Commitment:
    """Done, dropped or open again; the reminders of both sides follow at once."""
    saved: Commitment = save_record(
        record=commitment, user=user, perm="cooperation.change_commitment", status=status
    )
    _reminders_changed(saved.organisation_id, saved.activity.partner.counterpart_id)
    return saved


def _reminders_changed(*organisation_ids: int | None) -> None:
    """A record the reminder kinds read changed: those organisations' reminders catch up (a
    done commitment's reminder resolves) once the change is committed."""
    for org_id in filter(None, organisation_ids):
        transaction.on_commit(partial(reminders.changed, org_id))


def partner_for(organisation: Organisation, counterpart: Organisation) -> Partner | None:
    return Partner.objects.filter(organisation=organisation, counterpart=counterpart).first()


def side_choices(record: Plan | Activity) -> list[tuple[str, str]]:
    """The two sides of a joint record by their codes (vn-dpko / la-pko)."""
    return [
        (Side.OWNER.value, record.organisation.code),
        (Side.PARTNER.value, record.partner.owner_code),
    ]
