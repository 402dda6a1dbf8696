"""Eligibility: every failed rule explained, and the SQL form agrees with the per-person answer."""

import datetime
import random

import pytest

from forcegen.personnel import eligibility as rules
from forcegen.personnel.eligibility import Period, eligibility
from forcegen.personnel.fitness import Seat, fitness
from forcegen.personnel.models import (
    Availability,
    Credential,
    LanguageLevel,
    Person,
    RequiredCredential,
    RequiredLanguage,
    Requirement,
    Specialty,
)

from .factories import CredentialFactory, PersonFactory, RankFactory, english

PERIOD = Period(datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))


@pytest.fixture
def surgeon_post(orgs):
    requirement = Requirement.objects.create(
        organisation=orgs["vn"],
        name="L2H surgeon",
        specialty=Specialty.objects.get(code="surgeon"),
        min_rank="OF-2",
        max_rank="OF-5",
        min_age=25,
        max_age=50,
        min_rest_days=365,
    )
    RequiredCredential.objects.create(requirement=requirement, kind=Credential.Kind.PASSPORT)
    RequiredCredential.objects.create(
        requirement=requirement, kind=Credential.Kind.VACCINATION, detail="yellow-fever"
    )
    RequiredLanguage.objects.create(
        requirement=requirement, language="en", min_level=LanguageLevel.B1
    )
    return requirement


@pytest.fixture
def fit_surgeon(orgs):
    person = PersonFactory.create(organisation=orgs["vn"], specialties=["surgeon"])
    CredentialFactory.create(person=person, valid_until=datetime.date(2030, 1, 1))
    CredentialFactory.create(
        person=person,
        kind=Credential.Kind.VACCINATION,
        reference="",
        detail="yellow-fever",
        valid_until=None,
    )
    english(person, LanguageLevel.B2)
    return person


def failures(person, requirement, period=PERIOD):
    return eligibility(
        Person.objects.for_eligibility().get(pk=person.pk), requirement, period
    ).failures


def test_a_person_meeting_every_rule_is_eligible(fit_surgeon, surgeon_post):
    assert failures(fit_surgeon, surgeon_post) == []
    assert list(Person.objects.eligible_for(surgeon_post, PERIOD)) == [fit_surgeon]


def test_passport_expiring_before_the_end_is_explained(fit_surgeon, surgeon_post):
    Credential.objects.filter(person=fit_surgeon, kind="passport").update(
        valid_until=datetime.date(2027, 3, 10)
    )
    assert failures(fit_surgeon, surgeon_post) == [
        "Passport expires 2027-03-10, before the end of the period 2027-03-31"
    ]


def test_missing_credential_and_detail_mismatch(fit_surgeon, surgeon_post):
    Credential.objects.filter(person=fit_surgeon, kind="passport").delete()
    Credential.objects.filter(person=fit_surgeon, kind="vaccination").update(detail="cholera")
    assert failures(fit_surgeon, surgeon_post) == [
        "no Passport on record",
        "no Vaccination (yellow fever) on record",  # the stored code, as a word
    ]


def test_reasons_tell_a_private_credential_s_validity_not_its_result(fit_surgeon, surgeon_post):
    """Reasons reach plan texts and every role: "(fit)" or "(cleared)" beside a person's name
    would tell their medical or screening result."""
    RequiredCredential.objects.create(
        requirement=surgeon_post, kind=Credential.Kind.MEDICAL, detail="fit"
    )
    RequiredCredential.objects.create(
        requirement=surgeon_post, kind=Credential.Kind.SCREENING, detail="cleared"
    )
    CredentialFactory.create(
        person=fit_surgeon,
        kind=Credential.Kind.MEDICAL,
        detail="fit",
        valid_until=datetime.date(2027, 3, 10),
    )
    CredentialFactory.create(
        person=fit_surgeon, kind=Credential.Kind.SCREENING, detail="not cleared", valid_until=None
    )
    assert failures(fit_surgeon, surgeon_post) == [
        "Medical fitness expires 2027-03-10, before the end of the period 2027-03-31",
        "no qualifying Conduct / human-rights screening on record",
    ]


def test_rank_age_and_specialty_are_explained(fit_surgeon, surgeon_post, orgs):
    fit_surgeon.rank = RankFactory.create(
        organisation=orgs["vn"], code="trung-si", name_en="Sergeant", nato_code="OR-6"
    )
    fit_surgeon.date_of_birth = datetime.date(1970, 4, 1)
    fit_surgeon.save()
    fit_surgeon.specialties.set(Specialty.objects.filter(code="nurse"))
    assert failures(fit_surgeon, surgeon_post) == [
        "does not hold the specialty Surgeon",
        "rank Sergeant (OR-6) is below the minimum OF-2",
        "age 56 on 2027-03-01 is above the maximum 50",
    ]


def test_age_boundary_is_the_birthday(fit_surgeon, surgeon_post):
    # 51st birthday on the first day of the period: too old; one day later: still 50.
    fit_surgeon.date_of_birth = datetime.date(1976, 3, 1)
    fit_surgeon.save()
    assert failures(fit_surgeon, surgeon_post) == ["age 51 on 2027-03-01 is above the maximum 50"]
    assert not Person.objects.eligible_for(surgeon_post, PERIOD).exists()
    Person.objects.filter(pk=fit_surgeon.pk).update(date_of_birth=datetime.date(1976, 3, 2))
    assert Person.objects.eligible_for(surgeon_post, PERIOD).exists()


def test_language_level_and_expiry(fit_surgeon, surgeon_post):
    Credential.objects.filter(person=fit_surgeon, kind="language").update(level=LanguageLevel.A2)
    assert failures(fit_surgeon, surgeon_post) == ["English level A2 is below the required B1"]
    Credential.objects.filter(person=fit_surgeon, kind="language").update(
        level=LanguageLevel.C1, valid_until=datetime.date(2027, 1, 1)
    )
    assert failures(fit_surgeon, surgeon_post) == [
        "English result expires before the end of the period 2027-03-31"
    ]


def test_rest_period_and_unavailability(fit_surgeon, surgeon_post):
    fit_surgeon.last_mission_return = datetime.date(2026, 10, 1)
    fit_surgeon.save()
    Availability.objects.create(
        organisation=fit_surgeon.organisation,
        person=fit_surgeon,
        kind=Availability.Kind.LEAVE,
        starts_on=datetime.date(2027, 3, 20),
        ends_on=datetime.date(2027, 4, 5),
    )
    # The rest between tours is a seat-fitness check (registered by deployments).
    seat = Seat(surgeon_post.organisation_id, surgeon_post, (PERIOD,))
    checked = Person.objects.for_eligibility().get(pk=fit_surgeon.pk)
    assert fitness(checked, seat).failures == [
        "unavailable (Leave) 2027-03-20 – 2027-04-05, overlapping the period",
        "returned from a mission on 2026-10-01: 365 rest days required, only 151 by 2027-03-01",
    ]


def test_women_only_and_status(fit_surgeon, surgeon_post):
    surgeon_post.female_only = True
    surgeon_post.save()
    fit_surgeon.status = Person.Status.RESERVE
    fit_surgeon.save()
    assert failures(fit_surgeon, surgeon_post) == [
        "status is Reserve, not active",
        "the post is reserved for women",
    ]


def test_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="ends before it starts"):
        Period(datetime.date(2027, 3, 2), datetime.date(2027, 3, 1))


def random_population(orgs, rng, size):
    ranks = [
        RankFactory.create(organisation=orgs["vn"], code=code, nato_code=nato)
        for code, nato in [("r1", "OR-4"), ("r2", "OF-1"), ("r3", "OF-3"), ("r4", "OF-6")]
    ]
    codes = ["surgeon", "nurse", "physician"]
    for _ in range(size):
        person = PersonFactory.create(
            organisation=orgs["vn"],
            rank=rng.choice(ranks),
            sex=rng.choice("FM"),
            status=rng.choice(["active", "active", "active", "reserve"]),
            date_of_birth=datetime.date(
                rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28)
            ),
            last_mission_return=rng.choice(
                [None, datetime.date(2026, 1, 1), datetime.date(2025, 12, 1)]
            ),
            specialties=rng.sample(codes, rng.randint(0, 2)),
        )
        for kind, detail in [("passport", ""), ("vaccination", "yellow-fever"), ("medical", "fit")]:
            if rng.random() < 0.8:
                CredentialFactory.create(
                    person=person,
                    kind=kind,
                    detail=detail.upper() if rng.random() < 0.1 else detail,
                    valid_until=rng.choice(
                        [
                            None,
                            datetime.date(2027, 3, 15),
                            datetime.date(2027, 6, 30),
                            datetime.date(2029, 1, 1),
                        ]
                    ),
                )
        if rng.random() < 0.7:
            english(
                person,
                rng.choice(list(LanguageLevel)),
                rng.choice([None, datetime.date(2027, 1, 1)]),
            )
        if rng.random() < 0.2:
            start = datetime.date(2027, rng.randint(1, 6), rng.randint(1, 28))
            Availability.objects.create(
                organisation=orgs["vn"],
                person=person,
                kind="leave",
                starts_on=start,
                ends_on=start + datetime.timedelta(days=20),
            )


def test_set_based_query_agrees_with_every_per_person_answer(orgs, surgeon_post):
    rng = random.Random(7)
    random_population(orgs, rng, 150)
    nurse_post = Requirement.objects.create(
        organisation=orgs["vn"],
        name="Nurse",
        specialty=Specialty.objects.get(code="nurse"),
        female_only=True,
        min_rest_days=400,
    )
    RequiredCredential.objects.create(requirement=nurse_post, kind="medical", detail="fit")
    open_post = Requirement.objects.create(organisation=orgs["vn"], name="Anyone", max_rank="OF-3")
    periods = [
        PERIOD,
        Period(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)),
        Period(datetime.date(2027, 6, 1), datetime.date(2027, 6, 1)),
    ]
    people = list(Person.objects.for_eligibility())
    checked = 0
    for requirement in (surgeon_post, nurse_post, open_post):
        for period in periods:
            in_sql = set(
                Person.objects.eligible_for(requirement, period).values_list("pk", flat=True)
            )
            in_python = {p.pk for p in people if eligibility(p, requirement, period).eligible}
            assert in_sql == in_python, (requirement.name, period)
            checked += len(in_sql)
    assert checked > 20  # the population is not trivially ineligible


def test_eligible_for_is_one_query(orgs, surgeon_post, fit_surgeon, django_assert_num_queries):
    requirement = Requirement.objects.prefetch_related("credentials", "languages").get(
        pk=surgeon_post.pk
    )
    eligible = Person.objects.eligible_for(requirement, PERIOD)  # rules may read their rows here
    with django_assert_num_queries(1):
        assert len(list(eligible)) == 1


def test_other_apps_can_register_a_rule(fit_surgeon, surgeon_post, monkeypatch):
    class NoOneNamedTest:
        def explain(self, person, requirement, period):
            return ["named Test"] if "Test" in person.full_name else []

        def condition(self, requirement, period):
            from django.db.models import Q

            return ~Q(full_name__contains="Test")

    monkeypatch.setattr(rules, "RULES", list(rules.RULES))
    rules.register(NoOneNamedTest())
    rules.register(NoOneNamedTest())  # registering twice is harmless
    assert failures(fit_surgeon, surgeon_post) == ["named Test"]
    assert not Person.objects.eligible_for(surgeon_post, PERIOD).exists()
