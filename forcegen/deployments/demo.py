"""Demo missions (the UN file, quirks repaired) and Viet Nam's deployment record since 2014.

The record is the schedule in data/demo-history.csv, calibrated to the published figures: the
Level-2 hospital's seven rotations in UNMISS, the engineering company's rotations in UNISFA, and
waves of staff officers and military observers. Each tour is a Deployment of a person created for
the record (never one of the roster people the units demo puts in seats, so their plans stay
open); people serve again only after the organisation's rest period. Tours are returned, or
deployed when they end after today.

The history is created once: if the hospital unit already has rotations, only the missions and
the mission requirements are refreshed. Without the demo organisation's ranks and unit templates
(tests that only need the missions), the history is left out.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from forcegen.core.models import Organisation
from forcegen.personnel.demo import vietnamese_name
from forcegen.personnel.models import Credential, Person, Rank, Specialty, nato_seniority
from forcegen.units import services as unit_services
from forcegen.units.models import Slot, Unit, UnitTemplate

from . import mission_file, services
from .models import (
    Deployment,
    DeploymentPolicy,
    Mission,
    MissionEvent,
    MissionRequirement,
    PersonnelType,
    Rotation,
)

MISSIONS_FILE = mission_file.DATA_DIR / "un_pko_missions_psdata_DPPADPOSS-PKO_2024-02-19.csv"
HISTORY_FILE = mission_file.DATA_DIR / "demo-history.csv"
ORGANISATION = "vn-dpko"
HOSPITAL, ENGINEERS = "Level-2 field hospital (UNMISS)", "Engineering company (UNISFA)"
UNIT_TEMPLATES = {HOSPITAL: "level-2-hospital", ENGINEERS: "engineering-company"}
HOME_UNITS = {HOSPITAL: "Military Hospital 175", ENGINEERS: "Engineer Brigade 25"}
SERVICE_PREFIX = "VNH"  # people of the deployment record, apart from the roster's "VN"
REPEAT_SHARE = 0.25  # of seats given to a rested veteran of the same post when one is free
# The UN medal parade, this many days after departure (after the policy's medal days).
PARADE_AFTER_DAYS = {"rotation": 150, "individual": 120}
# Where women serve first in a contingent, after the seats reserved for women.
WOMEN_FIRST = (
    "nurse",
    "interpreter",
    "administration",
    "laboratory-technician",
    "pharmacist",
    "physician",
    "communications",
    "logistics",
    "dentist",
    "anaesthetist",
    "cook",
)

# Everyone deploying needs a passport and medical fitness; these three missions also need the
# yellow-fever vaccination (WHO lists South Sudan, the Central African Republic and Sudan).
REQUIREMENTS = [
    (None, Credential.Kind.PASSPORT, ""),
    (None, Credential.Kind.MEDICAL, "fit"),
    ("UNMISS", Credential.Kind.VACCINATION, "yellow-fever"),
    ("UNISFA", Credential.Kind.VACCINATION, "yellow-fever"),
    ("MINUSCA", Credential.Kind.VACCINATION, "yellow-fever"),
]
REQUIREMENT_SOURCE = "Demo: department standing orders; WHO yellow-fever country list"


@dataclass(frozen=True)
class Tour:
    """One line of the schedule: a unit's rotation, or a wave of individual officers."""

    unit: str
    mission: str
    personnel_type: str
    rotation: int | None
    departs: datetime.date
    returns: datetime.date
    people: int
    women: int
    note: str


@dataclass(frozen=True)
class Seat:
    """A post on a tour: the unit's slot (for its title and requirement) or an individual post."""

    title: str
    sub_unit: str
    specialty: str
    ranks: tuple[str, str]
    women_only: bool = False
    slot_id: int | None = None


INDIVIDUAL_SEATS = {
    PersonnelType.STAFF_OFFICER: Seat(
        "Staff officer", "Force headquarters", "staff-officer", ("OF-2", "OF-4")
    ),
    PersonnelType.EXPERT_ON_MISSION: Seat(
        "Military observer", "Team sites", "military-observer", ("OF-2", "OF-3")
    ),
}
# Named events of the record: (unit, rotation, seat title, kind, day, description).
EVENTS = [
    (
        ENGINEERS,
        1,
        "Company commander",
        MissionEvent.Kind.COMMENDATION,
        datetime.date(2023, 3, 15),
        "Force Commander's commendation: 303 km of supply roads repaired in the dry season.",
    ),
    (
        HOSPITAL,
        4,
        "Surgeon",
        MissionEvent.Kind.COMMENDATION,
        datetime.date(2022, 6, 8),
        "Mission commendation for emergency surgery after the Bentiu flooding.",
    ),
    (
        ENGINEERS,
        1,
        "Combat engineer",
        MissionEvent.Kind.MEDEVAC,
        datetime.date(2022, 11, 14),
        "Leg fracture in a road-works accident; evacuated by air to the Level-3 hospital.",
    ),
]
# The medevac above ended the tour: repatriated on medical grounds.
REPATRIATION = (ENGINEERS, 1, "Combat engineer", datetime.date(2022, 11, 20))


def read_schedule(path: Path = HISTORY_FILE) -> list[Tour]:
    with path.open(encoding="utf-8") as handle:
        return [
            Tour(
                unit=row["unit"],
                mission=row["mission"],
                personnel_type=row["personnel_type"],
                rotation=int(row["rotation"]) if row["rotation"] else None,
                departs=datetime.date.fromisoformat(row["departs"]),
                returns=datetime.date.fromisoformat(row["returns"]),
                people=int(row["people"]),
                women=int(row["women"]),
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        ]


def unit_seats(unit: Unit) -> list[Seat]:
    slots = unit.slots.select_related("requirement__specialty").order_by("order", "seat", "pk")
    return [_seat(slot) for slot in slots]


def _seat(slot: Slot) -> Seat:
    requirement = slot.requirement
    specialty = requirement.specialty.code if requirement.specialty else ""
    ranks = (requirement.min_rank or "OR-1", requirement.max_rank or "OF-5")
    return Seat(slot.title, slot.sub_unit, specialty, ranks, requirement.female_only, slot.pk)


def women_seats(seats: list[Seat], women: int, rng: random.Random) -> set[int]:
    """Which seats women hold: the reserved ones, then the posts where women serve first (with
    some spread between neighbouring kinds of post)."""

    def order(index: int) -> tuple[bool, float]:
        seat = seats[index]
        preference = (
            WOMEN_FIRST.index(seat.specialty) if seat.specialty in WOMEN_FIRST else len(WOMEN_FIRST)
        )
        return (not seat.women_only, preference + 4 * rng.random())

    return set(sorted(range(len(seats)), key=order)[:women])


@dataclass
class Veteran:
    person: Person
    free_from: datetime.date


@dataclass
class Record:
    """The people and tours being built, in memory, before one bulk insert."""

    organisation: Organisation
    ranks: list[Rank]
    rest: datetime.timedelta
    rng: random.Random
    people: list[Person] = field(default_factory=list)
    specialty: dict[int, str] = field(default_factory=dict)  # id(person) → specialty code
    tours: dict[int, list[Tour]] = field(default_factory=lambda: defaultdict(list))
    pools: dict[tuple[str, tuple[str, str], bool], list[Veteran]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def person_for(self, seat: Seat, female: bool, tour: Tour) -> Person:
        """A rested veteran of the same post now and then, otherwise someone new."""
        pool = self.pools[(seat.specialty, seat.ranks, female)]
        free = [v for v in pool if v.free_from <= tour.departs]
        if free and self.rng.random() < REPEAT_SHARE:
            veteran = self.rng.choice(free)
        else:
            veteran = Veteran(self._new_person(seat, female, tour), tour.departs)
            pool.append(veteran)
        veteran.free_from = tour.returns + self.rest
        self.tours[id(veteran.person)].append(tour)
        return veteran.person

    def _new_person(self, seat: Seat, female: bool, tour: Tour) -> Person:
        rng = self.rng
        low, high = (nato_seniority(code) for code in seat.ranks)
        ranks = [r for r in self.ranks if low <= nato_seniority(r.nato_code) <= high]
        native, latin = vietnamese_name(rng, female)
        age = rng.randint(24, 44)
        person = Person(
            organisation=self.organisation,
            service_number=f"{SERVICE_PREFIX}{len(self.people) + 1:05d}",
            full_name=latin,
            full_name_native=native,
            sex=Person.Sex.FEMALE if female else Person.Sex.MALE,
            date_of_birth=tour.departs.replace(year=tour.departs.year - age, day=1),
            rank=rng.choice(ranks or self.ranks),
            branch="Medical" if tour.unit == HOSPITAL else "Engineering" if tour.unit else "Staff",
            home_unit=HOME_UNITS.get(tour.unit, "Department of PKO"),
            blood_group=rng.choice(Person.BloodGroup.values),
            next_of_kin=vietnamese_name(rng, not female)[0],
        )
        self.people.append(person)
        self.specialty[id(person)] = seat.specialty
        return person


def is_over(tour: Tour, today: datetime.date) -> bool:
    """Tours of the record have all left; those ending after today are still in the mission."""
    return tour.returns <= today


def _credentials(record: Record, person: Person) -> list[Credential]:
    """What the person held for their tours: passports renewed as they ran out, the yellow-fever
    vaccination before the first tour, the medical board before the last one."""
    tours = sorted(record.tours[id(person)], key=lambda t: t.departs)
    first, last = tours[0].departs, tours[-1].departs
    held = [
        Credential(
            kind=Credential.Kind.VACCINATION, detail="yellow-fever", issued_on=first - _days(60)
        ),
        Credential(
            kind=Credential.Kind.MEDICAL,
            detail="fit",
            issued_on=last - _days(90),
            valid_until=last - _days(90) + _days(730),
            authority="Military medical board",
        ),
    ]
    passport_until: datetime.date | None = None
    for tour in tours:
        if passport_until is None or passport_until < tour.returns:
            issued = tour.departs - _days(120)
            passport_until = issued + _days(3652)  # ten years
            held.append(
                Credential(
                    kind=Credential.Kind.PASSPORT,
                    reference=f"C{record.rng.randint(1000000, 9999999)}",
                    issued_on=issued,
                    valid_until=passport_until,
                    authority="Immigration Department",
                )
            )
    for credential in held:
        credential.organisation = person.organisation
        credential.person = person
    return held


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _units(vn: Organisation, schedule: list[Tour], today: datetime.date) -> dict[str, Unit]:
    """The two standing units, made from the starter templates, dated by their last rotation."""
    units = {}
    for name, code in UNIT_TEMPLATES.items():
        last = max((t for t in schedule if t.unit == name), key=lambda t: t.departs)
        status = Unit.Status.STOOD_DOWN if is_over(last, today) else Unit.Status.DEPLOYED
        units[name] = unit_services.create_unit(
            organisation=vn,
            template=UnitTemplate.objects.get(organisation=vn, code=code),
            name=name,
            starts_on=last.departs,
            ends_on=last.returns,
            status=status,
            notes="Deployment record of the demo: see its rotations.",
        )
    return units


def _rotations(
    units: dict[str, Unit], schedule: list[Tour], missions: dict[str, Mission], today: datetime.date
) -> dict[tuple[str, int], Rotation]:
    """The units' rotations through the service, then their actual dates and status."""
    rotations: dict[tuple[str, int], Rotation] = {}
    for tour in schedule:
        if tour.rotation is None:
            continue
        rotation = services.create_rotation(
            unit=units[tour.unit],
            mission=missions[tour.mission],
            planned_departure=tour.departs,
            planned_return=tour.returns,
            predecessor=rotations.get((tour.unit, tour.rotation - 1)),
            number=tour.rotation,
            notes=tour.note,
        )
        over = is_over(tour, today)
        services.update_rotation(
            rotation=rotation,
            status=Rotation.Status.RETURNED if over else Rotation.Status.DEPLOYED,
            departed_on=tour.departs,
            returned_on=tour.returns if over else None,
        )
        rotations[(tour.unit, tour.rotation)] = rotation
    return rotations


def _deployments(
    record: Record,
    schedule: list[Tour],
    seats: dict[str, list[Seat]],
    missions: dict[str, Mission],
    rotations: dict[tuple[str, int], Rotation],
    today: datetime.date,
) -> list[tuple[Tour, Deployment]]:
    """One deployment per seat of each tour, in departure order, people chosen as they go."""
    made = []
    for tour in sorted(schedule, key=lambda t: (t.departs, t.unit, t.personnel_type)):
        if tour.unit:
            posts = seats[tour.unit][: tour.people]
        else:
            posts = [INDIVIDUAL_SEATS[PersonnelType(tour.personnel_type)]] * tour.people
        women = women_seats(posts, tour.women, record.rng)
        over = is_over(tour, today)
        for index, seat in enumerate(posts):
            person = record.person_for(seat, index in women, tour)
            made.append(
                (
                    tour,
                    Deployment(
                        organisation=record.organisation,
                        person=person,
                        mission=missions[tour.mission],
                        rotation=rotations.get((tour.unit, tour.rotation or 0)),
                        slot_id=seat.slot_id,
                        personnel_type=tour.personnel_type,
                        role=seat.title,
                        sub_unit=seat.sub_unit,
                        status=Deployment.Status.RETURNED if over else Deployment.Status.DEPLOYED,
                        planned_start=tour.departs,
                        planned_end=tour.returns,
                        departed_on=tour.departs,
                        returned_on=tour.returns if over else None,
                    ),
                )
            )
    return made


def _first_holder(
    made: list[tuple[Tour, Deployment]], unit: str, number: int, title: str
) -> Deployment:
    return next(d for t, d in made if t.unit == unit and t.rotation == number and d.role == title)


def _events(made: list[tuple[Tour, Deployment]], today: datetime.date) -> list[MissionEvent]:
    """The UN medal for everyone at their parade (once the parade has happened and they were
    still there), and the named events of the record."""
    events = []
    for tour, deployment in made:
        parade = tour.departs + _days(
            PARADE_AFTER_DAYS["rotation" if tour.rotation else "individual"]
        )
        if parade <= today and (deployment.returned_on is None or parade < deployment.returned_on):
            events.append(
                MissionEvent(
                    organisation=deployment.organisation,
                    deployment=deployment,
                    kind=MissionEvent.Kind.MEDAL,
                    occurred_on=parade,
                    description="United Nations medal parade.",
                )
            )
    for unit, number, title, kind, day, description in EVENTS:
        deployment = _first_holder(made, unit, number, title)
        events.append(
            MissionEvent(
                organisation=deployment.organisation,
                deployment=deployment,
                kind=kind,
                occurred_on=day,
                description=description,
            )
        )
    return events


def _repatriate(made: list[tuple[Tour, Deployment]]) -> None:
    unit, number, title, day = REPATRIATION
    deployment = _first_holder(made, unit, number, title)
    deployment.status = Deployment.Status.REPATRIATED
    deployment.returned_on = day
    deployment.repatriation_reason = Deployment.RepatriationReason.MEDICAL


def refresh_last_returns(people: QuerySet[Person]) -> int:
    """`Person.last_mission_return` at each person's latest return, in one UPDATE (the set-based
    form of `services.refresh_last_return`)."""
    ended = Deployment.objects.filter(person_id=OuterRef("pk"), status__in=Deployment.ENDED)
    latest = ended.order_by("-returned_on").values("returned_on")[:1]
    return people.filter(Exists(ended)).update(last_mission_return=Subquery(latest))


def _store(record: Record, made: list[tuple[Tour, Deployment]], today: datetime.date) -> int:
    """Bulk inserts of people, credentials, tours and events.

    The record is written as it happened, not through plan_deployment / move_deployment: those
    judge a plan against the rules as they stand today (credentials valid now, the return on
    record, the policy's current rest), so they refuse history entered after the fact. The rules
    that do bind history (no overlapping tours, rest between a person's tours, medal days) hold by
    construction and are asserted in tests/test_demo_history.py."""
    Person.objects.bulk_create(record.people, batch_size=1000)
    specialties = dict(Specialty.objects.values_list("code", "pk"))
    Person.specialties.through.objects.bulk_create(
        Person.specialties.through(person_id=p.pk, specialty_id=specialties[code])
        for p in record.people
        if (code := record.specialty[id(p)]) in specialties
    )
    Credential.objects.bulk_create(
        (c for person in record.people for c in _credentials(record, person)), batch_size=2000
    )
    Deployment.objects.bulk_create((d for _tour, d in made), batch_size=1000)
    events = _events(made, today)
    MissionEvent.objects.bulk_create(events, batch_size=2000)
    refresh_last_returns(Person.objects.filter(pk__in=[p.pk for p in record.people]))
    return len(events)


def _history_possible(vn: Organisation) -> bool:
    templates = UnitTemplate.objects.filter(organisation=vn, code__in=UNIT_TEMPLATES.values())
    return Rank.objects.filter(organisation=vn).exists() and templates.count() == len(
        UNIT_TEMPLATES
    )


def seed_history(vn: Organisation) -> str:
    if Rotation.objects.filter(organisation=vn, unit__name=HOSPITAL).exists():
        return "deployment record: already there"
    if not _history_possible(vn):
        return "deployment record: left out (no rank table or unit templates)"
    today = timezone.localdate()
    schedule = read_schedule()
    missions = {
        m.acronym: m for m in Mission.objects.filter(acronym__in={t.mission for t in schedule})
    }
    units = _units(vn, schedule, today)
    rotations = _rotations(units, schedule, missions, today)
    record = Record(
        organisation=vn,
        ranks=list(Rank.objects.filter(organisation=vn).order_by("code")),
        rest=_days(DeploymentPolicy.objects.for_organisation(vn.pk).rest_days),
        rng=random.Random(2014),
    )
    seats = {name: unit_seats(unit) for name, unit in units.items()}
    made = _deployments(record, schedule, seats, missions, rotations, today)
    _repatriate(made)
    events = _store(record, made, today)
    unit_services.take_snapshots(
        units=[u for u in units.values() if u.status != Unit.Status.STOOD_DOWN], on=today
    )
    return (
        f"deployment record: {len(record.people)} people, {len(made)} tours, "
        f"{len(rotations)} rotations, {events} in-mission events"
    )


def seed_requirements(vn: Organisation) -> int:
    missions = {
        m.acronym: m for m in Mission.objects.filter(acronym__in=["UNMISS", "UNISFA", "MINUSCA"])
    }
    added = 0
    for acronym, kind, detail in REQUIREMENTS:
        _requirement, created = MissionRequirement.objects.get_or_create(
            organisation=vn,
            mission=missions[acronym] if acronym else None,
            kind=kind,
            detail=detail,
            defaults={"source": REQUIREMENT_SOURCE},
        )
        added += created
    return added


# The units demo forms the next contingents; each becomes the next rotation of its predecessor.
NEXT_ROTATIONS = [
    ("Level-2 Field Hospital — rotation 8", HOSPITAL, 8),
    ("Engineering Company — rotation 5", ENGINEERS, 5),
]


def seed_next_rotations(vn: Organisation) -> int:
    """Rotations in formation for the planner to fill, relieving the last ones of the record."""
    added = 0
    for unit_name, predecessor_unit, number in NEXT_ROTATIONS:
        unit = Unit.objects.filter(organisation=vn, name=unit_name).first()
        predecessor = (
            Rotation.objects.filter(organisation=vn, unit__name=predecessor_unit)
            .order_by("-number")
            .first()
        )
        if unit is None or predecessor is None or unit.rotations.exists():
            continue
        rotation = services.create_rotation(
            unit=unit,
            mission=predecessor.mission,
            planned_departure=unit.starts_on,
            planned_return=unit.ends_on,
            predecessor=predecessor,
            number=number,
        )
        services.move_rotation(rotation=rotation, to=Rotation.Status.FORMING)
        added += 1
    return added


def seed(*, scale: int = 0) -> str:
    load = mission_file.load_missions(
        rows=mission_file.read_rows(MISSIONS_FILE.read_bytes()),
        corrections=mission_file.read_rows(mission_file.DEFAULT_CORRECTIONS.read_bytes()),
    )
    summary = (
        f"missions created: {load.created}, updated: {load.updated}, unchanged: {load.unchanged}"
    )
    vn = Organisation.objects.filter(code=ORGANISATION).first()
    if vn is None:
        return summary
    added = seed_requirements(vn)
    history = seed_history(vn)
    return (
        f"{summary}; mission requirements added: {added}; {history}; "
        f"rotations in formation added: {seed_next_rotations(vn)}"
    )
