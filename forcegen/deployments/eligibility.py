"""The mission's own requirements as an eligibility rule: what everyone deploying there must hold,
valid to the end of the tour (registered with the personnel rules engine in `apps.ready`)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from forcegen.personnel.eligibility import Period, day, public_label
from forcegen.personnel.models import Credential, LanguageLevel, Person, Requirement, language_name

from .models import MissionRequirement


def _applying(organisation_id: int, period: Period) -> list[MissionRequirement]:
    if period.mission_id is None:
        return []
    return list(
        MissionRequirement.objects.applying_to(organisation_id, period.mission_id, period.start)
        .select_related("mission")
        .order_by("pk")
    )


def _matches(credential: Credential, needed: MissionRequirement) -> bool:
    return credential.kind == needed.kind and (
        not needed.detail or credential.detail.lower() == needed.detail.lower()
    )


def _failure(person: Person, needed: MissionRequirement, end: datetime.date) -> str | None:
    held = [c for c in person.credentials.all() if _matches(c, needed)]
    mission = needed.mission.acronym if needed.mission else _("every mission")
    label = public_label(needed.kind, str(needed))
    if not held:
        missing = (
            _("%(mission)s requires %(credential)s: none on record")
            if label == str(needed)
            else _("%(mission)s requires a qualifying %(credential)s: none on record")
        )
        return missing % {"mission": mission, "credential": label}
    valid = [c for c in held if c.is_valid_on(end)]
    if not valid:
        latest = max(c.valid_until for c in held if c.valid_until)
        return _(
            "%(mission)s requires %(credential)s: it expires %(expiry)s, during the tour "
            "ending %(end)s"
        ) % {"mission": mission, "credential": label, "expiry": day(latest), "end": day(end)}
    if needed.min_level and max(c.level or 0 for c in valid) < needed.min_level:
        return _("%(mission)s requires %(language)s at %(minimum)s or above") % {
            "mission": mission,
            "language": language_name(needed.detail),
            "minimum": LanguageLevel(needed.min_level).label,
        }
    return None


def mission_failures(
    person: Person, period: Period, covered: frozenset[tuple[str, str]] = frozenset()
) -> list[str]:
    """What the person lacks of the mission's requirements for this tour; `covered` (kind,
    detail) pairs are left out because the post's own requirement already reports them."""
    applying = _applying(person.organisation_id, period)
    needed = [n for n in applying if (n.kind, n.detail.lower()) not in covered]
    failures = (_failure(person, each, period.end) for each in needed)
    return [failure for failure in failures if failure]


class MissionRequirements:
    """Applies to an individual tour too (no post requirement): the mission's own needs."""

    person_only = True

    def explain(self, person: Person, requirement: Requirement | None, period: Period) -> list[str]:
        covered = frozenset(
            (c.kind, c.detail.lower())
            for c in (requirement.credentials.all() if requirement is not None else ())
        )
        return mission_failures(person, period, covered)

    def condition(self, requirement: Requirement | None, period: Period) -> Q:
        """Without a post requirement the organisation is the person's: each organisation's
        requirements bind its own people only."""
        q = Q()
        if period.mission_id is None:
            return q
        organisations = (
            [requirement.organisation_id]
            if requirement is not None
            else MissionRequirement.objects.order_by("organisation_id")
            .values_list("organisation_id", flat=True)
            .distinct()
        )
        for organisation_id in organisations:
            for needed in _applying(organisation_id, period):
                valid = Credential.objects.valid_through(period.end).filter(
                    person_id=OuterRef("pk"), kind=needed.kind
                )
                if needed.detail:
                    valid = valid.filter(detail__iexact=needed.detail)
                if needed.min_level:
                    valid = valid.filter(level__gte=needed.min_level)
                held = Q(Exists(valid))
                q &= held if requirement is not None else held | ~Q(organisation_id=organisation_id)
        return q
