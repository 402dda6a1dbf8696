"""Eligibility: does a person meet a requirement for a period, and if not, exactly why.

Each rule has two faces that must agree: `explain` lists the failures for one person in words a
personnel officer can act on, and `condition` is the same rule as a SQL filter so "everyone
eligible" is one query. Other apps add rules with `register` (training adds required courses).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import (
    Availability,
    Credential,
    LanguageLevel,
    Person,
    Requirement,
    language_name,
    nato_seniority,
)


@dataclass(frozen=True)
class Period:
    """The dates a person must be eligible for and, for a deployment, the mission (whose own
    requirements the deployments app checks)."""

    start: datetime.date
    end: datetime.date
    mission_id: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(_("The period ends before it starts."))


@dataclass(frozen=True)
class Verdict:
    person: Person
    failures: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.failures


class Rule(Protocol):
    """`requirement` is never None unless the rule is marked `person_only = True` (it reads the
    person and the period only, so it applies to a seat without a post requirement too)."""

    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]: ...

    def condition(self, requirement: Requirement, period: Period) -> Q: ...


def day(value: datetime.date) -> str:
    return date_format(value, "Y-m-d")


def years_before(value: datetime.date, years: int) -> datetime.date:
    try:
        return value.replace(year=value.year - years)
    except ValueError:  # 29 February in a year without one
        return value.replace(year=value.year - years, day=28)


def _credentials(person: Person) -> list[Credential]:
    # Uses the prefetch cache when the caller prefetched, one query otherwise.
    return list(person.credentials.all())


class ActiveStatus:
    person_only = True

    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        if person.status == Person.Status.ACTIVE:
            return []
        return [_("status is %(status)s, not active") % {"status": person.get_status_display()}]

    def condition(self, requirement: Requirement, period: Period) -> Q:
        return Q(status=Person.Status.ACTIVE)


class HasSpecialty:
    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        specialty = requirement.specialty
        if specialty is None or any(s.pk == specialty.pk for s in person.specialties.all()):
            return []
        return [_("does not hold the specialty %(specialty)s") % {"specialty": specialty.label}]

    def condition(self, requirement: Requirement, period: Period) -> Q:
        if requirement.specialty_id is None:
            return Q()
        holds = Person.specialties.through.objects.filter(
            person_id=OuterRef("pk"), specialty_id=requirement.specialty_id
        )
        return Q(Exists(holds))


class WomenOnly:
    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        if requirement.female_only and person.sex != Person.Sex.FEMALE:
            return [_("the post is reserved for women")]
        return []

    def condition(self, requirement: Requirement, period: Period) -> Q:
        return Q(sex=Person.Sex.FEMALE) if requirement.female_only else Q()


class RankRange:
    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        failures = []
        grade = person.rank.nato_code
        if requirement.min_rank and person.rank.seniority < nato_seniority(requirement.min_rank):
            failures.append(
                _("rank %(rank)s (%(grade)s) is below the minimum %(minimum)s")
                % {"rank": person.rank.name_en, "grade": grade, "minimum": requirement.min_rank}
            )
        if requirement.max_rank and person.rank.seniority > nato_seniority(requirement.max_rank):
            failures.append(
                _("rank %(rank)s (%(grade)s) is above the maximum %(maximum)s")
                % {"rank": person.rank.name_en, "grade": grade, "maximum": requirement.max_rank}
            )
        return failures

    def condition(self, requirement: Requirement, period: Period) -> Q:
        q = Q()
        if requirement.min_rank:
            q &= Q(rank__seniority__gte=nato_seniority(requirement.min_rank))
        if requirement.max_rank:
            q &= Q(rank__seniority__lte=nato_seniority(requirement.max_rank))
        return q


class AgeRange:
    """Age on the first day of the period."""

    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        age = person.age_on(period.start)
        start = day(period.start)
        if requirement.min_age is not None and age < requirement.min_age:
            return [
                _("age %(age)d on %(start)s is below the minimum %(minimum)d")
                % {"age": age, "start": start, "minimum": requirement.min_age}
            ]
        if requirement.max_age is not None and age > requirement.max_age:
            return [
                _("age %(age)d on %(start)s is above the maximum %(maximum)d")
                % {"age": age, "start": start, "maximum": requirement.max_age}
            ]
        return []

    def condition(self, requirement: Requirement, period: Period) -> Q:
        q = Q()
        if requirement.min_age is not None:
            q &= Q(date_of_birth__lte=years_before(period.start, requirement.min_age))
        if requirement.max_age is not None:
            q &= Q(date_of_birth__gt=years_before(period.start, requirement.max_age + 1))
        return q


def public_label(kind: str, label: str) -> str:
    """A required credential as every role may read it in a reason: for a kind whose detail is a
    result (medical, screening) only the kind, because "(fit)" or "(cleared)" beside a person's
    name would tell their result to roles without the personal-data permission."""
    return str(Credential.Kind(kind).label) if kind in Credential.RESULT_KINDS else label


class CredentialsValid:
    """Each required credential is held and valid through the last day of the period."""

    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        failures = []
        held = _credentials(person)
        for needed in requirement.credentials.all():
            matching = [
                c
                for c in held
                if c.kind == needed.kind
                and (not needed.detail or c.detail.lower() == needed.detail.lower())
            ]
            label = public_label(needed.kind, str(needed))
            if not matching:
                # They may hold it with another result: "qualifying" stays true.
                missing = (
                    _("no %(credential)s on record")
                    if label == str(needed)
                    else _("no qualifying %(credential)s on record")
                )
                failures.append(missing % {"credential": label})
            elif not any(c.is_valid_on(period.end) for c in matching):
                latest = max(c.valid_until for c in matching if c.valid_until)
                failures.append(
                    _("%(credential)s expires %(expiry)s, before the end of the period %(end)s")
                    % {"credential": label, "expiry": day(latest), "end": day(period.end)}
                )
        return failures

    def condition(self, requirement: Requirement, period: Period) -> Q:
        q = Q()
        for needed in requirement.credentials.all():
            valid = Credential.objects.valid_through(period.end).filter(
                person_id=OuterRef("pk"), kind=needed.kind
            )
            if needed.detail:
                valid = valid.filter(detail__iexact=needed.detail)
            q &= Q(Exists(valid))
        return q


class LanguagesAtLevel:
    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        failures = []
        results = [c for c in _credentials(person) if c.kind == Credential.Kind.LANGUAGE]
        for needed in requirement.languages.all():
            name = language_name(needed.language)
            minimum = LanguageLevel(needed.min_level).label
            tested = [c for c in results if c.detail.lower() == needed.language]
            valid = [c for c in tested if c.is_valid_on(period.end)]
            if not tested:
                failures.append(_("no %(language)s result on record") % {"language": name})
            elif not valid:
                failures.append(
                    _("%(language)s result expires before the end of the period %(end)s")
                    % {"language": name, "end": day(period.end)}
                )
            elif max(c.level or 0 for c in valid) < needed.min_level:
                best = LanguageLevel(max(c.level or 0 for c in valid)).label
                failures.append(
                    _("%(language)s level %(level)s is below the required %(minimum)s")
                    % {"language": name, "level": best, "minimum": minimum}
                )
        return failures

    def condition(self, requirement: Requirement, period: Period) -> Q:
        q = Q()
        for needed in requirement.languages.all():
            good = Credential.objects.valid_through(period.end).filter(
                person_id=OuterRef("pk"),
                kind=Credential.Kind.LANGUAGE,
                detail__iexact=needed.language,
                level__gte=needed.min_level,
            )
            q &= Q(Exists(good))
        return q


class Available:
    person_only = True

    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        return [
            _("unavailable (%(kind)s) %(start)s – %(end)s, overlapping the period")
            % {"kind": a.get_kind_display(), "start": day(a.starts_on), "end": day(a.ends_on)}
            for a in person.unavailability.all()
            if a.starts_on <= period.end and a.ends_on >= period.start
        ]

    def condition(self, requirement: Requirement, period: Period) -> Q:
        clash = Availability.objects.filter(
            person_id=OuterRef("pk"), starts_on__lte=period.end, ends_on__gte=period.start
        )
        return ~Q(Exists(clash))


RULES: list[Rule] = [
    ActiveStatus(),
    HasSpecialty(),
    WomenOnly(),
    RankRange(),
    AgeRange(),
    CredentialsValid(),
    LanguagesAtLevel(),
    Available(),
]


def register(rule: Rule) -> None:
    """Add a rule from another app (e.g. required courses from training)."""
    if not any(type(existing) is type(rule) for existing in RULES):
        RULES.append(rule)


def _applying(requirement: Requirement | None, skip: tuple[type, ...]) -> list[Rule]:
    """The rules for this requirement (without one: the rules that read only the person)."""
    return [
        rule
        for rule in RULES
        if not isinstance(rule, skip)
        and (requirement is not None or getattr(rule, "person_only", False))
    ]


def eligibility(
    person: Person, requirement: Requirement | None, period: Period, skip: tuple[type, ...] = ()
) -> Verdict:
    """Pass or fail, with every failed rule explained."""
    failures = [
        message
        for rule in _applying(requirement, skip)
        for message in rule.explain(person, requirement, period)  # type: ignore[arg-type]
    ]
    return Verdict(person=person, failures=failures)


def eligible_condition(
    requirement: Requirement | None,
    period: Period,
    skip: tuple[type, ...] = (),
    only: type | None = None,
) -> Q:
    """Every rule as one SQL filter; `skip` leaves out rules the caller applies itself, `only`
    keeps one rule."""
    q = Q()
    for rule in _applying(requirement, skip):
        if only is None or isinstance(rule, only):
            q &= rule.condition(requirement, period)  # type: ignore[arg-type]
    return q
