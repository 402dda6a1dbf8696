"""Demo force organisation: Viet Nam's starter templates (shared with Laos by the demo grant),
Viet Nam's Level-2 hospital rotation 8 and engineering rotation 5 in formation, and four Lao units
at different readiness and PCRS levels, with equipment, visits and a readiness trend.

Slots are filled from the demo rosters with people of the slot's specialty: eligible people first,
then (for part of the rest) people who fail, recorded as overrides with a justification. Each unit
is created once (by name); running the demo again only refreshes today's snapshots.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Case, Value, When
from django.utils import timezone

from forcegen.accounts.models import User
from forcegen.core.dates import add_months
from forcegen.core.models import Organisation
from forcegen.personnel.eligibility import RULES, Period
from forcegen.personnel.models import Credential, Person, Requirement

from . import services, template_files
from .models import (
    ReadinessSnapshot,
    Slot,
    Unit,
    UnitTemplate,
)
from .readiness import readiness_for

LAO_ENGINEERS = {
    "code": "lao-engineering-platoon",
    "name": "Engineering platoon (Lao pledge)",
    "short_name": "LA-ENG",
    "kind": "engineering_company",
    "effective_from": "2025-06-01",
    "source": "Laos's own first draft for an engineering pledge, after Viet Nam's engineering "
    "company; all numbers are editable defaults [U].",
    "description": "A platoon-sized engineering element for a first pledge.",
    "defaults": {
        "min_age": 21,
        "max_age": 50,
        "credentials": [
            {"kind": "passport"},
            {"kind": "medical", "detail": "fit"},
            {"kind": "screening", "detail": "cleared"},
        ],
        "languages": [{"language": "en", "min_level": "A2"}],
        "courses": ["CPTM"],
    },
    "positions": [
        {"sub_unit": "Command", "title": "Platoon commander", "specialty": "combat-engineer",
         "min_rank": "OR-7", "max_rank": "OF-3", "count": 1},
        {"sub_unit": "Sections", "title": "Section leader", "specialty": "combat-engineer",
         "min_rank": "OR-6", "max_rank": "OR-7", "count": 3},
        {"sub_unit": "Sections", "title": "Combat engineer", "specialty": "combat-engineer",
         "min_rank": "OR-2", "max_rank": "OR-7", "count": 21},
        {"sub_unit": "Sections", "title": "Combat engineer (women)",
         "specialty": "combat-engineer", "min_rank": "OR-2", "max_rank": "OR-7", "count": 2,
         "women_only": True},
        {"sub_unit": "Support", "title": "Medic", "specialty": "nurse", "count": 1},
        {"sub_unit": "Support", "title": "Driver", "specialty": "driver", "count": 2},
    ],
    "equipment": [
        {"kind": "major", "category": "Earthmoving", "item": "Excavator (wheeled)", "quantity": 1},
        {"kind": "major", "category": "Vehicles", "item": "Dump truck (10 t)", "quantity": 2},
        {"kind": "major", "category": "Vehicles", "item": "Utility vehicle (4x4)", "quantity": 2},
        {"kind": "major", "category": "Power", "item": "Generator 20 kVA", "quantity": 1},
        {"kind": "self_sustainment", "category": "Accommodation",
         "item": "Personnel tent (10 persons)", "quantity": 3},
        {"kind": "self_sustainment", "category": "Communications", "item": "VHF/HF radio set",
         "quantity": 4},
    ],
}  # fmt: skip

JUSTIFICATIONS = [
    "Yellow-fever vaccination booked at the military hospital before deployment.",
    "Passport renewal submitted; the new passport is expected within a month.",
    "Nominated to the next CPTM class; completes it before the deployment date.",
    "Best available specialist; English course under way.",
]


@dataclass(frozen=True)
class DemoUnit:
    organisation: str
    template_org: str
    template: str
    name: str
    start_in_days: int
    fill: float  # share of slots to fill
    prepared: float  # share of holders whose missing credentials the unit's preparation adds
    equipment: float  # share of required items held (the logistics demo equips the unit)
    pcrs: tuple[tuple[str, int, str], ...] = ()  # (level, days ago, reason)
    visits: tuple[tuple[str, int, str, str], ...] = ()  # (kind, days ago, outcome, findings)
    renewed_days_ago: int | None = None


UNITS = [
    DemoUnit(
        "vn-dpko", "vn-dpko", "level-2-hospital", "Level-2 Field Hospital — rotation 8",
        start_in_days=120, fill=0.95, prepared=0.9, equipment=0.9,
        pcrs=(
            ("1", 420, "Pledge registered by the UN after the note verbale and annexes."),
            ("2", 240, "Assessment and advisory visit satisfactory."),
        ),
        visits=(("aav", 250, "satisfactory", "Hospital layout, sterilisation and triage drills "
                 "meet the Level-2 standard; generator redundancy to be documented."),),
        renewed_days_ago=40,
    ),
    DemoUnit(
        "vn-dpko", "vn-dpko", "engineering-company", "Engineering Company — rotation 5",
        start_in_days=45, fill=0.85, prepared=0.6, equipment=0.7,
        pcrs=(("1", 150, "Pledge registered for the next UNISFA rotation."),),
        visits=(("aav", -45, "pending", "Visit planned by the UN Secretariat."),),
    ),
    DemoUnit(
        "la-pko", "vn-dpko", "level-2-hospital", "Lao Military Medical Team",
        start_in_days=75, fill=0.6, prepared=0.3, equipment=0.4,
        pcrs=(("1", 100, "First pledge registered with Viet Nam's support."),),
        visits=(("aav", -60, "pending", "Requested through the cooperation plan."),),
    ),
    DemoUnit(
        "la-pko", "vn-dpko", "eod-demining-team", "Lao Demining Team",
        start_in_days=75, fill=0.9, prepared=0.8, equipment=0.75,
        pcrs=(
            ("1", 330, "Pledge registered: demining is a long-standing Lao capability."),
            ("2", 150, "Assessment and advisory visit satisfactory."),
        ),
        visits=(("aav", 160, "satisfactory", "Clearance drills and EOD procedures to UN "
                 "standard; English of team leaders to improve."),),
    ),
    DemoUnit(
        "la-pko", "la-pko", "lao-engineering-platoon", "Lao Engineering Platoon",
        start_in_days=75, fill=0.7, prepared=0.2, equipment=0.3,
    ),
    DemoUnit(
        "la-pko", "vn-dpko", "search-and-rescue-team", "Lao Search and Rescue Team",
        start_in_days=75, fill=0.5, prepared=0.0, equipment=0.2,
    ),
]  # fmt: skip
TREND_DAYS = (84, 70, 56, 42, 28, 14)


def _first_of_month(day: datetime.date) -> datetime.date:
    return add_months(day.replace(day=1), 1)


def _ensure_catalogue(vn: Organisation) -> None:
    """The starter templates ask for CPTM: make sure the catalogue exists (the training demo
    normally loaded it already)."""
    if not apps.is_installed("forcegen.training"):
        return
    course = apps.get_model("training", "Course")
    if not course._default_manager.filter(organisation=vn, code="CPTM").exists():
        from forcegen.training.catalogue_file import load_starter_catalogue

        load_starter_catalogue(vn)


def _fewest_failures(requirement: Requirement, period: Period) -> Any:
    """How many eligibility rules a person fails, as an SQL expression (from the rules' own
    conditions): the demo picks the people closest to eligible first."""
    terms = [
        Case(When(condition, then=Value(0)), default=Value(1))
        for rule in RULES
        if (condition := rule.condition(requirement, period))
    ]
    return sum(terms[1:], terms[0]) if terms else Value(0)


def _fill(unit: Unit, spec: DemoUnit, user: Any, taken: set[int]) -> list[Slot]:
    """Fill the share `spec.fill` of the unit's slots with people of the right specialty, the
    closest to eligible first; those who fail are recorded as overrides with a justification
    (as the assignment service requires)."""
    period = unit.period
    slots = list(unit.slots.select_related("requirement").order_by("order", "seat"))
    by_requirement: dict[int, list[Slot]] = {}
    for slot in slots:
        by_requirement.setdefault(slot.requirement_id, []).append(slot)
    now = timezone.now()
    changed: list[Slot] = []
    for index, group in enumerate(by_requirement.values()):
        requirement = Requirement.objects.prefetch_related("credentials", "languages").get(
            pk=group[0].requirement_id
        )
        wanted = int(len(group) * spec.fill + 0.5)
        if not wanted or requirement.specialty_id is None:
            continue
        people = Person.objects.filter(
            organisation_id=unit.organisation_id, specialties=requirement.specialty_id
        ).exclude(pk__in=taken)
        if requirement.female_only:
            people = people.filter(sex=Person.Sex.FEMALE)
        chosen = list(
            people.annotate(fails=_fewest_failures(requirement, period))
            .order_by("fails", "service_number")
            .values_list("pk", "fails")[:wanted]
        )
        for slot, (person_id, fails) in zip(group, chosen, strict=False):
            slot.person_id = person_id
            slot.assigned_at = now
            slot.assigned_by = user
            if fails:
                slot.override_justification = JUSTIFICATIONS[index % len(JUSTIFICATIONS)]
                slot.overridden_by = user
                slot.overridden_at = now
            taken.add(person_id)
            changed.append(slot)
    Slot.objects.bulk_update(
        changed,
        ["person", "assigned_at", "assigned_by", "override_justification", "overridden_by",
         "overridden_at"],
    )  # fmt: skip
    return changed


def _prepare(unit: Unit, slots: list[Slot], share: float, today: datetime.date) -> int:
    """The unit's pre-deployment preparation: for the share `share` of its holders, the
    required credentials they lack (medical board, vaccination, screening, passport) are
    recorded as done today."""
    holders = [(s, s.person_id) for s in slots if s.person_id is not None]
    chosen = holders[: int(len(holders) * share + 0.5)]
    if not chosen:
        return 0
    valid = {
        (c.person_id, c.kind, c.detail.lower())
        for c in Credential.objects.filter(
            person_id__in=[person_id for _slot, person_id in chosen]
        ).valid_through(unit.ends_on)
    }
    needed = {
        r.pk: list(r.credentials.all())
        for r in Requirement.objects.filter(
            pk__in={slot.requirement_id for slot, _person_id in chosen}
        ).prefetch_related("credentials")
    }
    fresh = []
    for slot, person_id in chosen:
        for item in needed[slot.requirement_id]:
            if any(
                key[0] == person_id
                and key[1] == item.kind
                and (not item.detail or key[2] == item.detail.lower())
                for key in valid
            ):
                continue
            years = 10 if item.kind == Credential.Kind.PASSPORT else 3
            fresh.append(
                Credential(
                    organisation_id=unit.organisation_id,
                    person_id=person_id,
                    kind=item.kind,
                    detail=item.detail,
                    issued_on=today,
                    valid_until=add_months(today, 12 * years),
                    authority=f"Pre-deployment preparation, {unit.name}",
                )
            )
    Credential.objects.bulk_create(fresh)
    return len(fresh)


def _pcrs(unit: Unit, spec: DemoUnit, user: Any, today: datetime.date) -> None:
    for kind, days_ago, outcome, findings in spec.visits:
        services.save_visit(
            unit=unit,
            kind=kind,
            on=today - datetime.timedelta(days=days_ago),
            team="UN DPO Force Generation Service; Office of Military Affairs",
            findings=findings,
            outcome=outcome,
        )
    for level, days_ago, reason in spec.pcrs:
        services.change_pcrs_level(
            unit=unit,
            level=level,
            on=today - datetime.timedelta(days=days_ago),
            reason=reason,
            user=user,
        )
    if spec.renewed_days_ago is not None:
        services.renew_pledge(
            unit=unit,
            on=today - datetime.timedelta(days=spec.renewed_days_ago),
            reason="Pledge renewed through the PCRS portal.",
            user=user,
        )


def _trend(units: list[Unit], today: datetime.date) -> None:
    """Past snapshots climbing towards today's score, so the unit page shows a trend."""
    current = readiness_for(units)
    rows = []
    for unit in units:
        readiness = current[unit.pk]
        for step, days_ago in enumerate(TREND_DAYS):
            factor = 0.5 + 0.5 * step / len(TREND_DAYS)
            rows.append(
                ReadinessSnapshot(
                    organisation_id=unit.organisation_id,
                    unit=unit,
                    taken_on=today - datetime.timedelta(days=days_ago),
                    score=round(readiness.score * factor),
                    breakdown={"demo": True, "slots": readiness.slots},
                )
            )
    ReadinessSnapshot.objects.bulk_create(rows, ignore_conflicts=True)


def seed(*, scale: int = 0) -> str:
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=["vn-dpko", "la-pko"])}
    vn, la = organisations["vn-dpko"], organisations["la-pko"]
    _ensure_catalogue(vn)
    if not UnitTemplate.objects.filter(organisation=vn, code="level-2-hospital").exists():
        template_files.load_unit_templates(
            organisation=vn,
            documents=template_files.read_template_files(template_files.starter_template_files()),
        )
    if not UnitTemplate.objects.filter(organisation=la, code=LAO_ENGINEERS["code"]).exists():
        template_files.load_unit_templates(
            organisation=la, documents=[("lao-engineering-platoon", LAO_ENGINEERS)]
        )
    today = timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=["vn-planner", "la-planner"])}
    existing = set(
        Unit.objects.filter(name__in=[u.name for u in UNITS]).values_list("name", flat=True)
    )
    taken = set(Slot.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    created: list[Unit] = []
    filled = 0
    for spec in UNITS:
        if spec.name in existing:
            continue
        organisation = organisations[spec.organisation]
        user = users.get(f"{spec.organisation[:2]}-planner")
        template = UnitTemplate.objects.get(
            organisation=organisations[spec.template_org], code=spec.template
        )
        starts_on = _first_of_month(today + datetime.timedelta(days=spec.start_in_days))
        unit = services.create_unit(
            organisation=organisation,
            template=template,
            name=spec.name,
            starts_on=starts_on,
            ends_on=add_months(starts_on, 12) - datetime.timedelta(days=1),
        )
        slots = _fill(unit, spec, user, taken)
        filled += len(slots)
        _prepare(unit, slots, spec.prepared, today)
        _pcrs(unit, spec, user, today)
        created.append(unit)
    if created:
        _trend(created, today)
    units = list(Unit.objects.exclude(status=Unit.Status.STOOD_DOWN).order_by("pk"))
    snapshots = services.take_snapshots(units=units, on=today)
    return (
        f"units created: {len(created)}, slots filled: {filled}, "
        f"readiness snapshots today: {snapshots}"
    )
