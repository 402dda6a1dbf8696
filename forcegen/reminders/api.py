"""API of the inbox (the caller's own reminders: list, snooze, done) and of the caller's own
record. Another user's reminder is 404, like any record outside the caller's scope."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from forcegen.core.pagination import Pagination
from forcegen.core.params import Day, ObjectId

from . import record, services
from .models import Reminder

router = Router(tags=["reminders"])


class ReminderOut(Schema):
    id: int
    kind: str
    kind_label: str
    reason: str
    url: str
    due_on: datetime.date
    state: Reminder.State
    snoozed_until: datetime.date | None
    organisation: str = Field(..., alias="organisation.code")


class SnoozeIn(Schema):
    until: Day


class OwnCredentialOut(Schema):
    id: int
    kind: str
    detail: str
    issued_on: datetime.date | None
    valid_until: datetime.date | None
    has_document: bool


class OwnCertificateOut(Schema):
    id: int
    number: str
    course: str
    issued_on: datetime.date
    valid_until: datetime.date | None
    state: str


class OwnEnrolmentOut(Schema):
    course: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: str


class OwnTourOut(Schema):
    id: int
    mission: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: str


class OwnRecordOut(Schema):
    id: int
    service_number: str
    full_name: str
    full_name_native: str
    organisation: str
    credentials: list[OwnCredentialOut]
    certificates: list[OwnCertificateOut]
    training: list[OwnEnrolmentOut]
    tours: list[OwnTourOut]
    next_tour: OwnTourOut | None
    reminders: list[ReminderOut]


@router.get("/reminders/", response=list[ReminderOut])
@paginate(Pagination)
def list_reminders(request: HttpRequest) -> object:
    """The caller's reminders to act on (open, or snoozed until a day that has come)."""
    today = timezone.localdate()
    return (
        Reminder.objects.visible_to(request.user)
        .awake(today)
        .select_related("organisation")
        .order_by("due_on", "pk")
    )


def _own(request: HttpRequest, reminder_id: int) -> Reminder:
    return get_object_or_404(
        Reminder.objects.visible_to(request.user).select_related("organisation"), pk=reminder_id
    )


@router.post("/reminders/{reminder_id}/snooze/", response=ReminderOut)
def snooze_reminder(request: HttpRequest, reminder_id: ObjectId, body: SnoozeIn) -> Reminder:
    return services.snooze(
        reminder=_own(request, reminder_id), until=body.until, today=timezone.localdate()
    )


@router.post("/reminders/{reminder_id}/done/", response=ReminderOut)
def reminder_done(request: HttpRequest, reminder_id: ObjectId) -> Reminder:
    return services.mark_done(reminder=_own(request, reminder_id), today=timezone.localdate())


def _tour(tour: object) -> OwnTourOut:
    return OwnTourOut(
        id=tour.pk,  # type: ignore[attr-defined]
        mission=tour.mission.acronym,  # type: ignore[attr-defined]
        starts_on=tour.starts_on,  # type: ignore[attr-defined]
        ends_on=tour.ends_on,  # type: ignore[attr-defined]
        status=tour.status,  # type: ignore[attr-defined]
    )


@router.get("/me/record/", response=OwnRecordOut)
def my_record(request: HttpRequest) -> OwnRecordOut:
    """The caller's own personnel record, when their account is linked to one (else 404)."""
    person = record.own_person(request.user)
    if person is None:
        raise Http404
    today = timezone.localdate()
    found = record.record_of(person, today=today)
    return OwnRecordOut(
        id=person.pk,
        service_number=person.service_number,
        full_name=person.full_name,
        full_name_native=person.full_name_native,
        organisation=person.organisation.code,
        credentials=[
            OwnCredentialOut(
                id=c.pk,
                kind=c.kind,
                detail=c.detail,
                issued_on=c.issued_on,
                valid_until=c.valid_until,
                has_document=bool(c.document),
            )
            for c in found.credentials
        ],
        certificates=[
            OwnCertificateOut(
                id=c.pk,
                number=c.number,
                course=c.course.code,
                issued_on=c.issued_on,
                valid_until=c.valid_until,
                state=c.state_on(today),
            )
            for c in found.certificates
        ],
        training=[
            OwnEnrolmentOut(
                course=e.session.course.code,
                starts_on=e.session.starts_on,
                ends_on=e.session.ends_on,
                status=e.status,
            )
            for e in found.enrolments
        ],
        tours=[_tour(t) for t in found.tours],
        next_tour=_tour(found.next_tour) if found.next_tour else None,
        reminders=[ReminderOut.from_orm(r) for r in found.reminders],
    )
