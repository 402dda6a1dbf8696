"""PCRS: level history, pledge renewal dates from the policy, and what blocks the next level."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from forcegen.core.dates import add_months
from forcegen.units import services
from forcegen.units.models import PcrsLevel, ReadinessPolicy, Unit, Visit
from forcegen.units.readiness import next_level_blockers, readiness_for

from .conftest import PERIOD

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def unit(orgs, mini):
    return services.create_unit(
        organisation=orgs["vn"], template=mini, name="L2H", starts_on=PERIOD[0], ends_on=PERIOD[1]
    )


def blockers(unit, today=TODAY):
    unit = Unit.objects.get(pk=unit.pk)
    return next_level_blockers(readiness_for([unit])[unit.pk], unit.visits.all(), today)


def test_add_months_keeps_the_day_or_the_last_one():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 1, 10), 12) == datetime.date(2027, 1, 10)


def test_levels_are_recorded_with_history_and_pledge_dates(unit, cast):
    planner = cast["vn_planner"]
    policy = ReadinessPolicy.objects.for_organisations({unit.organisation_id})[unit.organisation_id]
    assert unit.renewal_due(policy) is None
    services.change_pcrs_level(
        unit=unit, level="1", on=datetime.date(2026, 1, 10), reason="Registered", user=planner
    )
    services.change_pcrs_level(
        unit=unit, level="2", on=datetime.date(2026, 6, 1), reason="AAV", user=planner
    )
    unit.refresh_from_db()
    assert (unit.pcrs_level, unit.pledged_on) == ("2", datetime.date(2026, 1, 10))
    assert unit.renewal_due(policy) == datetime.date(2027, 1, 10)
    services.renew_pledge(unit=unit, on=datetime.date(2027, 1, 4), reason="", user=planner)
    unit.refresh_from_db()
    assert unit.renewal_due(policy) == datetime.date(2027, 7, 4)
    policy.pledge_renewal_months = 3  # the interval is data, not a constant
    assert unit.renewal_due(policy) == datetime.date(2027, 4, 4)
    history = [(r.kind, r.previous_level, r.level) for r in unit.pcrs_history.order_by("on")]
    assert history == [("level", "none", "1"), ("level", "1", "2"), ("renewal", "2", "2")]
    with pytest.raises(ValidationError, match="already at this level"):
        services.change_pcrs_level(unit=unit, level="2", on=TODAY, reason="again", user=planner)
    with pytest.raises(ValidationError, match="Say why"):
        services.change_pcrs_level(unit=unit, level="3", on=TODAY, reason=" ", user=planner)
    services.change_pcrs_level(unit=unit, level="none", on=TODAY, reason="Withdrawn", user=planner)
    unit.refresh_from_db()
    assert (unit.pledged_on, unit.pledge_renewed_on) == (None, None)
    with pytest.raises(ValidationError, match="no registered pledge"):
        services.renew_pledge(unit=unit, on=TODAY, reason="", user=planner)


def test_what_blocks_each_level(unit, cast):
    planner = cast["vn_planner"]
    level, reasons = blockers(unit)
    assert level == PcrsLevel.LEVEL_1
    assert reasons == [
        "Register the pledge with the UN: note verbale, table of organisation, major equipment "
        "list and self-sustainment list (the pledge package)"
    ]
    services.change_pcrs_level(
        unit=unit, level="1", on=datetime.date(2026, 1, 10), reason="x", user=planner
    )
    assert blockers(unit) == (
        PcrsLevel.LEVEL_2,
        ["No satisfactory assessment and advisory visit (AAV) recorded"],
    )
    services.save_visit(
        unit=unit, kind=Visit.Kind.AAV, on=datetime.date(2026, 5, 1), outcome="follow_up"
    )
    assert blockers(unit)[1] == ["No satisfactory assessment and advisory visit (AAV) recorded"]
    services.save_visit(
        unit=unit, kind=Visit.Kind.AAV, on=datetime.date(2026, 7, 1), outcome="satisfactory"
    )
    assert blockers(unit) == (PcrsLevel.LEVEL_2, [])
    services.change_pcrs_level(
        unit=unit, level="2", on=datetime.date(2026, 7, 2), reason="x", user=planner
    )
    level, reasons = blockers(unit)
    assert level == PcrsLevel.LEVEL_3
    assert reasons[:2] == ["2 Anaesthetist slots empty", "2 Nurse slots empty"]
    assert "4 Ambulance missing (0 of 4 held)" in reasons
    services.change_pcrs_level(
        unit=unit, level="3", on=datetime.date(2026, 8, 1), reason="x", user=planner
    )
    assert blockers(unit)[1][-1] == "No satisfactory RDL verification visit recorded"
    # A year after the pledge, an unrenewed pledge blocks too.
    late = blockers(unit, today=datetime.date(2027, 2, 1))[1]
    assert late[0] == "The pledge renewal was due on 2027-01-10"
