"""Demo candidates for the contingents in formation, so that a plan can be run and accepted.

The department earmarks people for each post of Viet Nam's forming hospital (rotation 8) and
engineering company (rotation 5), and of the Lao medical and demining teams, about a fifth more
than the seats, and prepares them: passport, medical board, screening, yellow-fever vaccination
and an English test valid past the tour, and the unit's own CPTM class, completed (the Lao teams'
at Viet Nam's training centre, as the cooperation plan provides). A few realistic gaps remain,
which the plan explains: no dentist volunteered in either country, Viet Nam is a radiographer and
two construction engineers short, and Laos has no radiographer of its own yet. People are created
once (by service number); the class once (by reference).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from forcegen.core.dates import add_months
from forcegen.core.models import Organisation
from forcegen.personnel.demo import lao_name, vietnamese_name
from forcegen.personnel.models import (
    Credential,
    LanguageLevel,
    Person,
    Rank,
    Requirement,
    nato_seniority,
)
from forcegen.training.demo import completed_class
from forcegen.units.models import Unit

# (organisation, unit, service-number prefix, reference of its CPTM class)
CONTINGENTS = [
    ("vn-dpko", "Level-2 Field Hospital — rotation 8", "VNP8", "CPTM-L2H-8"),
    ("vn-dpko", "Engineering Company — rotation 5", "VNE5", "CPTM-ENG-5"),
    ("la-pko", "Lao Military Medical Team", "LAM1", "CPTM-LA-MEDICAL"),
    ("la-pko", "Lao Demining Team", "LAD1", "CPTM-LA-DEMINING"),
]
# Posts the department could not fill with enough candidates: (unit, position) -> fewer people.
SHORT = {
    ("Level-2 Field Hospital — rotation 8", "Dentist"): 2,
    ("Level-2 Field Hospital — rotation 8", "Radiographer"): 2,
    ("Engineering Company — rotation 5", "Construction engineer"): 4,
    ("Lao Military Medical Team", "Dentist"): 2,
    ("Lao Military Medical Team", "Radiographer"): 3,
}
SPARE = 0.2  # candidates beyond the seats
WOMEN = {  # share of women among the candidates of a specialty
    "nurse": 0.6,
    "interpreter": 0.6,
    "administration": 0.6,
    "cook": 0.5,
    "logistics": 0.5,
    "communications": 0.5,
    "pharmacist": 0.5,
    "laboratory-technician": 0.5,
    "physician": 0.4,
    "anaesthetist": 0.3,
    "surgeon": 0.2,
    "military-police": 0.3,
    "construction-engineer": 0.2,
    "staff-officer": 0.2,
    "combat-engineer": 0.15,
    "driver": 0.15,
    "deminer": 0.15,
    "plant-operator": 0.1,
}


def _positions(unit: Unit) -> dict[tuple[str, int], int]:
    """Seats per (position, requirement)."""
    seats: dict[tuple[str, int], int] = defaultdict(int)
    for title, requirement_id in unit.slots.values_list("title", "requirement_id"):
        seats[(title, requirement_id)] += 1
    return seats


def _ranks(organisation: Organisation, requirement: Requirement) -> list[Rank]:
    low = nato_seniority(requirement.min_rank) if requirement.min_rank else 0
    high = nato_seniority(requirement.max_rank) if requirement.max_rank else 99
    found = Rank.objects.filter(organisation=organisation, seniority__gte=low, seniority__lte=high)
    return list(found.order_by("seniority", "code"))


def _credentials(
    person: Person, requirement: Requirement, until: datetime.date
) -> list[Credential]:
    """What the preparation records: each credential the post asks for, valid past the tour."""
    today = timezone.localdate()
    made = [
        Credential(
            organisation_id=person.organisation_id,
            person=person,
            kind=needed.kind,
            detail=needed.detail,
            issued_on=today,
            valid_until=None if needed.kind == Credential.Kind.VACCINATION else until,
            authority="Pre-deployment preparation",
        )
        for needed in requirement.credentials.all()
    ]
    for language in requirement.languages.all():
        made.append(
            Credential(
                organisation_id=person.organisation_id,
                person=person,
                kind=Credential.Kind.LANGUAGE,
                detail=language.language,
                level=max(language.min_level, LanguageLevel.B1),
                issued_on=today,
                valid_until=until,
                authority="Pre-deployment English test",
            )
        )
    return made


def _candidates(
    organisation: Organisation, unit: Unit, prefix: str, rng: random.Random
) -> list[tuple[Person, Requirement]]:
    """The earmarked people of each post (not yet saved), a fifth more than its seats."""
    requirements = Requirement.objects.select_related("specialty").prefetch_related(
        "credentials", "languages"
    )
    by_pk = requirements.in_bulk({r for _title, r in _positions(unit)})
    lao = organisation.code.startswith("la")
    made: list[tuple[Person, Requirement]] = []
    for (title, requirement_id), seats in sorted(_positions(unit).items()):
        requirement = by_pk[requirement_id]
        ranks = _ranks(organisation, requirement)
        if requirement.specialty is None or not ranks:
            continue
        count = int(seats * (1 + SPARE) + 0.99) - SHORT.get((unit.name, title), 0)
        share = 1.0 if requirement.female_only else WOMEN.get(requirement.specialty.code, 0.1)
        for _index in range(max(count, 0)):
            female = rng.random() < share
            native, latin = (lao_name if lao else vietnamese_name)(rng, female)
            number = f"{prefix}{len(made) + 1:04d}"
            person = Person(
                organisation=organisation,
                service_number=number,
                full_name=latin,
                full_name_native=native,
                sex=Person.Sex.FEMALE if female else Person.Sex.MALE,
                date_of_birth=datetime.date(rng.randint(1980, 1998), rng.randint(1, 12), 15),
                rank=rng.choice(ranks),
                home_unit=unit.name,
                blood_group=rng.choice(Person.BloodGroup.values),
            )
            made.append((person, requirement))
    return made


def prepare(organisation: Organisation, unit: Unit, prefix: str, reference: str) -> int:
    """Create the unit's candidates (once), prepared for the tour and certified in CPTM."""
    candidates = _candidates(organisation, unit, prefix, random.Random(prefix))
    existing = set(
        Person.objects.filter(service_number__startswith=prefix).values_list(
            "service_number", flat=True
        )
    )
    fresh = [(p, r) for p, r in candidates if p.service_number not in existing]
    Person.objects.bulk_create([p for p, _r in fresh])
    until = add_months(unit.ends_on, 12)
    Person.specialties.through.objects.bulk_create(
        Person.specialties.through(person_id=p.pk, specialty_id=r.specialty_id) for p, r in fresh
    )
    Credential.objects.bulk_create(c for p, r in fresh for c in _credentials(p, r, until))
    course = next(
        (rc.course for _p, r in candidates[:1] for rc in r.courses.select_related("course")),
        None,
    )
    if course is not None:
        ended = timezone.localdate() - datetime.timedelta(days=20)
        everyone = list(Person.objects.filter(service_number__startswith=prefix).order_by("pk"))
        completed_class(course=course, reference=reference, people=everyone, ends_on=ended)
    return len(fresh)


def seed(*, scale: int = 0) -> str:
    organisations = {o.code: o for o in Organisation.objects.all()}
    created = 0
    for code, name, prefix, reference in CONTINGENTS:
        unit = Unit.objects.filter(organisation__code=code, name=name).first()
        if unit is None or code not in organisations:
            continue
        created += prepare(organisations[code], unit, prefix, reference)
    return f"candidates prepared for the forming contingents: {created}"
