"""A person's own record as they see it after signing in: found through their user account only,
never through the organisation scope, so that it shows them and nobody else."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.deployments.models import Deployment
from forcegen.personnel.models import Credential, Person
from forcegen.personnel.services import add_credential
from forcegen.training.models import Certificate, Enrolment

from .models import Reminder, RenewalRequest


def own_person(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("rank", "organisation").filter(user=user).first()


def own_credentials(user: Any) -> Any:
    return Credential.objects.filter(person__user=user)


def own_certificates(user: Any) -> Any:
    return Certificate.objects.filter(person__user=user)


@dataclass
class Record:
    person: Person
    credentials: list[Credential]
    certificates: list[Certificate]
    enrolments: list[Enrolment]
    tours: list[Deployment]
    next_tour: Deployment | None
    renewals: list[RenewalRequest]
    reminders: list[Reminder]


def record_of(person: Person, *, today: datetime.date) -> Record:
    """Everything of one person's record, in a fixed number of queries."""
    tours = list(
        Deployment.objects.filter(person=person)
        .select_related("mission", "rotation__unit")
        .order_by("-planned_start", "pk")
    )
    ahead = [
        t
        for t in tours
        if t.status in (Deployment.Status.PLANNED, Deployment.Status.APPROVED)
        and t.planned_start >= today
    ]
    return Record(
        person=person,
        credentials=list(person.credentials.order_by("kind", "-valid_until")),
        certificates=list(person.certificates.select_related("course").order_by("-issued_on")),
        enrolments=list(
            person.enrolments.select_related("session__course").order_by("-session__starts_on")
        ),
        tours=tours,
        next_tour=min(ahead, key=lambda t: t.planned_start, default=None),
        renewals=list(person.renewal_requests.order_by("-submitted_at")),
        reminders=list(
            Reminder.objects.filter(user=person.user, about_self=True)
            .awake(today)
            .select_related("organisation")
            .order_by("due_on")
        ),
    )


@transaction.atomic
def submit_renewal(*, person: Person, user: Any, form: Any) -> RenewalRequest:
    """The person sends in a renewed document; it waits for a personnel officer."""
    renewal: RenewalRequest = form.save(commit=False)
    renewal.person = person
    renewal.organisation_id = person.organisation_id
    renewal.submitted_by = user
    renewal.full_clean()
    renewal.save()
    return renewal


@transaction.atomic
def approve_renewal(*, renewal: RenewalRequest, user: Any) -> Credential:
    """The renewed document becomes a credential of the record (and the reminders about the old
    one resolve)."""
    if renewal.state != RenewalRequest.State.PENDING:
        raise ValidationError(_("This renewed document has already been decided."))
    credential = add_credential(
        person=renewal.person,
        kind=renewal.kind,
        reference=renewal.reference,
        detail=renewal.detail,
        issued_on=renewal.issued_on,
        valid_until=renewal.valid_until,
        document=renewal.document.name,
        remarks=_("Sent in by the person, approved by %(user)s.")
        % {"user": user.get_full_name() or user.username},
    )
    renewal.state = RenewalRequest.State.APPROVED
    renewal.decided_by = user
    renewal.decided_at = timezone.now()
    renewal.credential = credential
    renewal.save()
    return credential


@transaction.atomic
def refuse_renewal(*, renewal: RenewalRequest, user: Any, reason: str) -> RenewalRequest:
    if renewal.state != RenewalRequest.State.PENDING:
        raise ValidationError(_("This renewed document has already been decided."))
    if not reason.strip():
        raise ValidationError(_("Say why the document is refused."))
    renewal.state = RenewalRequest.State.REFUSED
    renewal.decided_by = user
    renewal.decided_at = timezone.now()
    renewal.refusal_reason = reason.strip()
    renewal.save()
    return renewal
