"""Demo rosters: Viet Nam's deployable force and Laos's first units, with mixed credential states.

Names are generated from common Vietnamese and Lao names (native script + Latin letters) with a
fixed seed, so every run creates the same people; existing service numbers are skipped.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from forcegen.core.models import Organisation

from .models import (
    Availability,
    Credential,
    LanguageLevel,
    Person,
    Rank,
    RequiredCredential,
    RequiredLanguage,
    Requirement,
    Specialty,
)
from .services import load_demo_ranks

VN_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
]
VN_MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công"]
VN_MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Minh"]
VN_GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phong", "Quân", "Sơn"]
VN_GIVEN_F = ["Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Phương", "Thảo", "Trang", "Yến"]

LA_GIVEN_M = [
    ("ສົມພອນ", "Somphone"),
    ("ບຸນມີ", "Bounmy"),
    ("ຄຳພັນ", "Khamphanh"),
    ("ທອງສະຫວັນ", "Thongsavanh"),
    ("ພູວົງ", "Phouvong"),
    ("ສຸກສະຫວັດ", "Souksavath"),
    ("ວິໄລ", "Vilay"),
    ("ໄຊສົມ", "Xaysom"),
]
LA_GIVEN_F = [
    ("ມະນີວອນ", "Manivone"),
    ("ວັນດີ", "Vanhdy"),
    ("ຄຳແພງ", "Khamphaeng"),
    ("ສຸດາ", "Souda"),
    ("ພອນສະຫວັນ", "Phonsavanh"),
    ("ດາວວອນ", "Daovone"),
]
LA_FAMILY = [
    ("ແກ້ວມະນີ", "Keomany"),
    ("ສີສຸວັນ", "Sisouvanh"),
    ("ວົງສາ", "Vongsa"),
    ("ພົມມະຈັນ", "Phommachanh"),
    ("ໄຊຍະວົງ", "Xayavong"),
    ("ອິນທະວົງ", "Inthavong"),
    ("ຈັນທະລາ", "Chanthala"),
    ("ສີຫາລາດ", "Sihalath"),
]

MEDICAL_SPECIALTIES = {"surgeon", "anaesthetist", "physician", "nurse", "laboratory-technician"}


@dataclass(frozen=True)
class Cohort:
    """A group of people of one specialty, with the ranks they hold and the share of women."""

    specialty: str
    size: int
    ranks: tuple[str, ...]
    female_share: float
    unit: str

    @property
    def branch(self) -> str:
        return "Medical" if self.specialty in MEDICAL_SPECIALTIES else "Engineering"


VN_COHORTS = [
    Cohort("surgeon", 24, ("thieu-ta", "trung-ta", "dai-uy"), 0.15, "Military Hospital 175"),
    Cohort("anaesthetist", 12, ("dai-uy", "thieu-ta"), 0.25, "Military Hospital 175"),
    Cohort("physician", 30, ("dai-uy", "thieu-ta", "thuong-uy"), 0.3, "Military Hospital 103"),
    Cohort("nurse", 70, ("thuong-si", "trung-si", "thieu-uy"), 0.55, "Military Hospital 175"),
    Cohort("laboratory-technician", 10, ("trung-si", "thuong-si"), 0.4, "Military Hospital 103"),
    Cohort("combat-engineer", 90, ("trung-si", "ha-si", "thuong-si"), 0.05, "Engineer Brigade 25"),
    Cohort("plant-operator", 40, ("trung-si", "thuong-si"), 0.02, "Engineer Brigade 25"),
    Cohort("staff-officer", 35, ("thieu-ta", "trung-ta", "dai-uy"), 0.2, "Department of PKO"),
    Cohort("military-observer", 20, ("thieu-ta", "dai-uy"), 0.2, "Department of PKO"),
    Cohort("driver", 25, ("ha-si", "trung-si"), 0.05, "Engineer Brigade 25"),
    Cohort("interpreter", 8, ("thuong-uy", "dai-uy"), 0.5, "Department of PKO"),
]
LA_COHORTS = [
    Cohort("physician", 18, ("hoy-ek", "phan-ti"), 0.3, "Military Hospital 103 (Vientiane)"),
    Cohort("nurse", 35, ("sip-tho", "sip-ek", "hoy-ti"), 0.6, "Military Hospital 103 (Vientiane)"),
    Cohort("deminer", 30, ("sip-ti", "sip-tho"), 0.1, "Engineering Department"),
    Cohort("eod-technician", 12, ("sip-ek", "hoy-tho"), 0.05, "Engineering Department"),
    Cohort("combat-engineer", 30, ("sip-ti", "sip-tho", "sip-ek"), 0.05, "Engineering Department"),
    Cohort("search-and-rescue", 25, ("sip-tho", "sip-ek", "hoy-ti"), 0.15, "Rescue Battalion"),
]


def strip_marks(text: str) -> str:
    """Vietnamese in Latin letters without tone marks: Nguyễn → Nguyen, Đặng → Dang."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def vietnamese_name(rng: random.Random, female: bool) -> tuple[str, str]:
    middle = rng.choice(VN_MIDDLE_F if female else VN_MIDDLE_M)
    given = rng.choice(VN_GIVEN_F if female else VN_GIVEN_M)
    native = f"{rng.choice(VN_FAMILY)} {middle} {given}"
    return native, strip_marks(native)


def lao_name(rng: random.Random, female: bool) -> tuple[str, str]:
    given_native, given_latin = rng.choice(LA_GIVEN_F if female else LA_GIVEN_M)
    family_native, family_latin = rng.choice(LA_FAMILY)
    return f"{given_native} {family_native}", f"{given_latin} {family_latin}"


@dataclass
class Roster:
    people: list[Person]
    specialties: list[tuple[int, str]]  # (index into people, specialty code)
    credentials: list[tuple[int, Credential]]
    unavailable: list[tuple[int, Availability]]


def _credential_states(rng: random.Random, today: datetime.date) -> Iterator[Credential]:
    """A realistic spread: most valid, some expiring soon, some expired, some missing."""
    roll = rng.random()
    if roll > 0.05:
        expiry = today + datetime.timedelta(days=rng.choice([40, 200, 900, 1500, 2500]))
        if roll < 0.12:
            expiry = today - datetime.timedelta(days=rng.randint(1, 300))
        yield Credential(
            kind=Credential.Kind.PASSPORT,
            reference=f"C{rng.randint(1000000, 9999999)}",
            issued_on=expiry - datetime.timedelta(days=3650),
            valid_until=expiry,
            authority="Immigration Department",
        )
    if rng.random() > 0.1:
        exam = today - datetime.timedelta(days=rng.randint(10, 600))
        yield Credential(
            kind=Credential.Kind.MEDICAL,
            detail="fit",
            issued_on=exam,
            valid_until=exam + datetime.timedelta(days=730),
            authority="Military medical board",
        )
    if rng.random() > 0.4:
        shot = today - datetime.timedelta(days=rng.randint(30, 3000))
        yield Credential(kind=Credential.Kind.VACCINATION, detail="yellow-fever", issued_on=shot)
    if rng.random() > 0.15:
        tested = today - datetime.timedelta(days=rng.randint(30, 900))
        yield Credential(
            kind=Credential.Kind.SCREENING,
            detail="cleared",
            issued_on=tested,
            valid_until=tested + datetime.timedelta(days=3 * 365),
            authority="Ministry of National Defence",
        )
    if rng.random() > 0.25:
        yield Credential(
            kind=Credential.Kind.LANGUAGE,
            detail="en",
            level=rng.choice(
                [
                    LanguageLevel.A2,
                    LanguageLevel.B1,
                    LanguageLevel.B1,
                    LanguageLevel.B2,
                    LanguageLevel.C1,
                ]
            ),
            issued_on=today - datetime.timedelta(days=rng.randint(30, 700)),
        )


def build_roster(
    *,
    organisation: Organisation,
    cohorts: list[Cohort],
    prefix: str,
    lao: bool,
    seed: int,
    repeat: int = 1,
) -> Roster:
    rng = random.Random(seed)
    today = timezone.localdate()
    ranks = {r.code: r for r in Rank.objects.filter(organisation=organisation)}
    roster = Roster([], [], [], [])
    number = 0
    for _ in range(repeat):
        for cohort in cohorts:
            for _member in range(cohort.size):
                number += 1
                female = rng.random() < cohort.female_share
                native, latin = (lao_name if lao else vietnamese_name)(rng, female)
                index = len(roster.people)
                roster.people.append(
                    Person(
                        organisation=organisation,
                        service_number=f"{prefix}{number:06d}",
                        full_name=latin,
                        full_name_native=native,
                        sex=Person.Sex.FEMALE if female else Person.Sex.MALE,
                        date_of_birth=datetime.date(
                            rng.randint(1968, 2001), rng.randint(1, 12), rng.randint(1, 28)
                        ),
                        rank=ranks[rng.choice(cohort.ranks)],
                        branch=cohort.branch,
                        home_unit=cohort.unit,
                        blood_group=rng.choice(Person.BloodGroup.values),
                        next_of_kin=(lao_name if lao else vietnamese_name)(rng, not female)[0],
                        last_mission_return=(
                            today - datetime.timedelta(days=rng.randint(60, 1500))
                            if rng.random() < 0.3
                            else None
                        ),
                    )
                )
                roster.specialties.append((index, cohort.specialty))
                roster.credentials.extend((index, c) for c in _credential_states(rng, today))
                if rng.random() < 0.08:
                    start = today + datetime.timedelta(days=rng.randint(0, 300))
                    roster.unavailable.append(
                        (
                            index,
                            Availability(
                                kind=rng.choice(Availability.Kind.values),
                                starts_on=start,
                                ends_on=start + datetime.timedelta(days=rng.randint(7, 90)),
                            ),
                        )
                    )
    return roster


def store(roster: Roster) -> int:
    """Bulk-create the people that do not exist yet, with their specialties and credentials."""
    if not roster.people:
        return 0
    organisation_id = roster.people[0].organisation_id
    existing = set(
        Person.objects.filter(organisation_id=organisation_id).values_list(
            "service_number", flat=True
        )
    )
    fresh = {i for i, p in enumerate(roster.people) if p.service_number not in existing}
    Person.objects.bulk_create([roster.people[i] for i in sorted(fresh)], batch_size=2000)
    specialties = dict(Specialty.objects.values_list("code", "pk"))
    Person.specialties.through.objects.bulk_create(
        [
            Person.specialties.through(
                person_id=roster.people[i].pk, specialty_id=specialties[code]
            )
            for i, code in roster.specialties
            if i in fresh
        ],
        batch_size=5000,
    )
    owned: list[tuple[int, Credential | Availability]] = [*roster.credentials, *roster.unavailable]
    for i, row in owned:
        if i in fresh:
            row.person_id = roster.people[i].pk
            row.organisation_id = organisation_id
    Credential.objects.bulk_create(
        [c for i, c in roster.credentials if i in fresh], batch_size=5000
    )
    Availability.objects.bulk_create(
        [a for i, a in roster.unavailable if i in fresh], batch_size=5000
    )
    return len(fresh)


Post = tuple[str, str, str | None, str | None, int, list[tuple[str, int]]]
VN_POSTS: list[Post] = [
    ("L2H surgeon (UNMISS)", "surgeon", "OF-2", None, 55, [("en", LanguageLevel.B1)]),
    ("L2H nurse (UNMISS)", "nurse", None, None, 50, [("en", LanguageLevel.A2)]),
    ("Engineer (UNISFA)", "combat-engineer", None, "OF-2", 50, []),
    ("Staff officer (MINUSCA)", "staff-officer", "OF-2", "OF-4", 50, [("en", LanguageLevel.B2)]),
]
LA_POSTS: list[Post] = [
    ("Demining team member (pledge)", "deminer", None, "OF-2", 45, [("en", LanguageLevel.A2)]),
    ("Field hospital nurse (pledge)", "nurse", None, None, 50, [("en", LanguageLevel.A2)]),
]


def demo_requirements(organisation: Organisation, posts: list[Post]) -> None:
    """What the posts of the next rotation (or pledge) ask for."""
    specialties = {s.code: s for s in Specialty.objects.all()}
    for name, specialty, minimum, maximum, max_age, languages in posts:
        requirement, created = Requirement.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "specialty": specialties[specialty],
                "min_rank": minimum or "",
                "max_rank": maximum or "",
                "min_age": 21,
                "max_age": max_age,
                "min_rest_days": 365,
            },
        )
        if not created:
            continue
        for kind, detail in [
            (Credential.Kind.PASSPORT, ""),
            (Credential.Kind.MEDICAL, "fit"),
            (Credential.Kind.VACCINATION, "yellow-fever"),
            (Credential.Kind.SCREENING, "cleared"),
        ]:
            RequiredCredential.objects.create(requirement=requirement, kind=kind, detail=detail)
        for language, level in languages:
            RequiredLanguage.objects.create(
                requirement=requirement, language=language, min_level=level
            )


def seed(*, scale: int = 0) -> str:
    vn = Organisation.objects.get(code="vn-dpko")
    la = Organisation.objects.get(code="la-pko")
    load_demo_ranks(vn, "vnm")
    load_demo_ranks(la, "lao")
    created = store(
        build_roster(organisation=vn, cohorts=VN_COHORTS, prefix="VN", lao=False, seed=1)
    )
    created += store(
        build_roster(organisation=la, cohorts=LA_COHORTS, prefix="LA", lao=True, seed=2)
    )
    if scale:
        repeats = -(-scale // sum(c.size for c in VN_COHORTS))
        synthetic = build_roster(
            organisation=vn, cohorts=VN_COHORTS, prefix="SYN", lao=False, seed=3, repeat=repeats
        )
        synthetic.people = synthetic.people[:scale]
        created += store(synthetic)
    demo_requirements(vn, VN_POSTS)
    demo_requirements(la, LA_POSTS)
    return f"people created: {created}, total: {Person.objects.count()}"
