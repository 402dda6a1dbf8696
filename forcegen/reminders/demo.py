"""Demo reminders: rules that tell every demo role something, the Lao Military Medical Team's
first rotation planned with three members whose passports lapse during it, a peacekeeper who
signs in to their own record, and the daily run (the apps' daily steps, then the reminders), so
each demo login has reminders due today and the records are as the run leaves them.

Created once: running the demo again changes nothing (and the run raises nothing new).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from forcegen.accounts.models import User
from forcegen.core.models import Organisation
from forcegen.deployments.models import Deployment, Mission, PersonnelType, Rotation
from forcegen.personnel.models import Credential, Person
from forcegen.training.models import Certificate
from forcegen.units.models import Slot, Unit

from . import services
from .models import ReminderRule

PEACEKEEPER = "la-peacekeeper"
LAO_UNIT = "Lao Military Medical Team"
# Who each demo rule tells, beyond the kind's defaults: a UN visit concerns the whole staff
# (the pledge annexes and the MOU are legal documents), a pledge renewal the administrator too,
# open seats the cooperation officer who arranges training with partners.
DEMO_RULES = {
    "units.pledge_renewal": (
        60,
        ("planner", "admin", "legal_officer"),
    ),
    "units.visit_coming": (
        90,
        (
            "planner",
            "logistics_officer",
            "legal_officer",
            "admin",
            "viewer",
            "cooperation_officer",
            "training_officer",
        ),
    ),
    "training.open_seats": (45, ("training_officer", "cooperation_officer")),
}


def _rules(organisation: Organisation) -> None:
    for kind, (days, roles) in DEMO_RULES.items():
        rule, created = ReminderRule.objects.get_or_create(
            organisation=organisation, kind=kind, defaults={"horizon_days": days}
        )
        if created:
            rule.roles.set(Group.objects.filter(name__in=roles))


def _lao_rotation(la: Organisation, today: datetime.date) -> Rotation | None:
    """Rotation 1 of the Lao medical team to UNMISS over the unit's period, with the slot
    holders whose passports last the tour as members; three of those passports are then made
    to lapse during it."""
    unit = Unit.objects.filter(organisation=la, name=LAO_UNIT).first()
    mission = Mission.objects.filter(acronym="UNMISS").first()
    if unit is None or mission is None or unit.starts_on <= today:
        return None
    rotation, created = Rotation.objects.get_or_create(
        organisation=la,
        unit=unit,
        number=1,
        defaults={
            "mission": mission,
            "planned_departure": unit.starts_on,
            "planned_return": unit.ends_on,
        },
    )
    if not created:
        return rotation
    lasting = Credential.objects.filter(
        kind=Credential.Kind.PASSPORT, valid_until__gt=rotation.planned_return
    )
    holders = {
        slot.person_id: slot
        for slot in Slot.objects.filter(unit=unit, person__in=lasting.values("person_id"))
        .order_by("pk")
        .reverse()  # a person holding two slots joins through the first
        if slot.person_id is not None
    }
    Deployment.objects.bulk_create(
        Deployment(
            organisation=la,
            person_id=person_id,
            mission=mission,
            rotation=rotation,
            slot=slot,
            personnel_type=PersonnelType.TROOPS,
            role=slot.title,
            planned_start=rotation.planned_departure,
            planned_end=rotation.planned_return,
        )
        for person_id, slot in holders.items()
    )
    lapsing = _with_certificates_first(list(holders))[:3]
    for months, person_id in zip((3, 5, 8), lapsing, strict=False):
        lapses = rotation.planned_departure + datetime.timedelta(days=30 * months)
        Credential.objects.filter(person_id=person_id, kind=Credential.Kind.PASSPORT).update(
            valid_until=lapses
        )
    return rotation


def _with_certificates_first(person_ids: list[int]) -> list[int]:
    holders = set(
        Certificate.objects.filter(person_id__in=person_ids).values_list("person_id", flat=True)
    )
    return sorted(person_ids, key=lambda pk: (pk not in holders, pk))


def _peacekeeper(la: Organisation, rotation: Rotation | None) -> Person | None:
    """A member of the rotation whose passport lapses during it (one holding a certificate
    when there is one) signs in as la-peacekeeper, with no membership: they see their own
    record only."""
    user = User.objects.filter(username=PEACEKEEPER).first()
    if user is not None:
        return Person.objects.filter(user=user).first()
    members = Person.objects.filter(organisation=la)
    if rotation is not None:
        members = members.filter(deployments__rotation=rotation)
    ordered = _with_certificates_first(list(members.values_list("pk", flat=True)))
    if not ordered:
        return None
    holder = Person.objects.get(pk=ordered[0])
    user = User.objects.create_user(
        username=PEACEKEEPER,
        password=settings.DEMO_PASSWORD,
        first_name=holder.full_name.split()[0],
        last_name=" ".join(holder.full_name.split()[1:]),
        full_name_native=holder.full_name_native,
        email=f"{PEACEKEEPER}@forcegen.example",
    )
    holder.user = user
    holder.save(update_fields=["user"])
    return holder


def _emails() -> None:
    """Demo users get an address so the daily run's digests show on the console."""
    for user in User.objects.filter(email="", username__regex=r"^(vn|la)-"):
        user.email = f"{user.username}@forcegen.example"
        user.save(update_fields=["email"])


def seed(*, scale: int = 0) -> str:
    today = timezone.localdate()
    la = Organisation.objects.filter(code="la-pko").first()
    if la is None:
        return "no demo organisations"
    for organisation in Organisation.objects.filter(code__in=["vn-dpko", "la-pko"]):
        _rules(organisation)
    rotation = _lao_rotation(la, today)
    person = _peacekeeper(la, rotation)
    _emails()
    summary = services.daily_run(today=today)
    return f"peacekeeper: {person.full_name if person else 'none'}; {summary}"
