"""The estimate against hand computations: rate changes, a member leaving mid-month, an
unserviceable item, mission factors, self-sustainment; a fixed number of queries."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.logistics.models import PersonnelRate
from forcegen.logistics.reimbursement import estimate

from .conftest import inspect

JUNE, JULY = datetime.date(2018, 6, 1), datetime.date(2018, 7, 31)


def test_personnel_by_calendar_days_with_the_rate_change_of_1_july_2018(rotation, members):
    """June: 3 people × 30 days at 1,410 (in force to 30 June 2018) = 90/30 × 1,410 = 4,230.00.
    July: 2 × 31 days + 14 days (the third member's return on 15 July is not counted) = 76
    person-days at 1,428 (from 1 July 2018) = 76/31 × 1,428 = 3,500.903… → 3,500.90."""
    result = estimate(rotation=rotation, start=JUNE, end=JULY)
    june, july = result.months
    assert (june.label, june.person_days, june.personnel_rate, june.personnel) == (
        "2018-06",
        90,
        Decimal("1410.00"),
        Decimal("4230.00"),
    )
    assert (july.label, july.person_days, july.personnel_rate, july.personnel) == (
        "2018-07",
        76,
        Decimal("1428.00"),
        Decimal("3500.90"),
    )
    assert result.personnel == Decimal("7730.90")
    assert result.major_equipment == result.self_sustainment == Decimal("0.00")  # no MOU


def test_a_rate_changing_mid_month_splits_the_month_by_days(rotation, members):
    """A made-up rate of 1,500 from 16 July: 2 people × 15 days at 1,428 + the third 14 days at
    1,428, then 2 × 16 days at 1,500: (30 + 14) / 31 × 1,428 + 32 / 31 × 1,500
    = (62,832 + 48,000) / 31 = 3,575.2258… → 3,575.23 (rounded once for the month)."""
    PersonnelRate.objects.filter(monthly_rate=1428).update(effective_to=datetime.date(2018, 7, 15))
    PersonnelRate.objects.create(
        effective_from=datetime.date(2018, 7, 16),
        effective_to=datetime.date(2018, 12, 31),
        monthly_rate=Decimal(1500),
        source="test figure",
    )
    july = estimate(rotation=rotation, start=JULY.replace(day=1), end=JULY).months[0]
    assert july.person_days == 76
    assert july.personnel == Decimal("3575.23")


def test_equipment_and_self_sustainment_with_the_mission_factor(rotation, members, mou, bulldozers):
    """Arrival inspection 5 June, all 3 bulldozers serviceable: 3 × 1,000 × 1.05 = 3,150.00 a
    month. Catering (by the contributor) 20 × 1.05 per person-month: June 90/30 × 21 = 63.00,
    July 76/31 × 21 = 51.48; tentage is provided by the UN and not paid."""
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5))
    result = estimate(rotation=rotation, start=JUNE, end=JULY)
    june, july = result.months
    assert (june.major_equipment, july.major_equipment) == (Decimal("3150.00"), Decimal("3150.00"))
    assert (june.self_sustainment, july.self_sustainment) == (Decimal("63.00"), Decimal("51.48"))
    assert result.total == Decimal("4230.00") + Decimal("3500.90") + 6300 + Decimal("114.48")
    # Strength below the MOU's 3 in July: 17 person-days short at 1,428/31.
    assert [n.amount for n in july.notes] == [Decimal("-783.10")]


def test_an_unserviceable_item_removes_exactly_that_item_month(rotation, members, mou, bulldozers):
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5))
    before = estimate(rotation=rotation, start=JUNE, end=JULY)
    inspect(
        rotation, bulldozers, datetime.date(2018, 7, 20), "monthly", unserviceable=bulldozers[:1]
    )
    after = estimate(rotation=rotation, start=JUNE, end=JULY)
    assert after.months[0].major_equipment == before.months[0].major_equipment
    assert before.total - after.total == Decimal("1050.00")  # 1 × 1,000 × 1.05, July only
    note = after.months[1].notes[0]
    assert note.amount == Decimal("-1050.00")
    assert (
        "1 of 3 × Bulldozer, medium not reimbursed: 1 found missing or unserviceable" in note.text
    )


def test_nothing_is_paid_for_equipment_before_the_first_inspection(
    rotation, members, mou, bulldozers
):
    inspect(rotation, bulldozers, datetime.date(2018, 7, 3))
    june, july = estimate(rotation=rotation, start=JUNE, end=JULY).months
    assert june.major_equipment == Decimal("0.00")
    assert june.notes[0].text == "No inspection yet: no major equipment is reimbursable."
    assert july.major_equipment == Decimal("3150.00")


def test_the_estimate_reads_a_fixed_number_of_queries_whatever_the_period(
    rotation, members, mou, bulldozers
):
    for day in (datetime.date(2018, 6, 5), datetime.date(2018, 9, 5), datetime.date(2019, 1, 5)):
        inspect(rotation, bulldozers, day, "operational_readiness")

    def queries(end):
        with CaptureQueriesContext(connection) as captured:
            months = estimate(rotation=rotation, start=JUNE, end=end).months
        return len(captured.captured_queries), len(months)

    short, long = queries(datetime.date(2018, 6, 30)), queries(datetime.date(2019, 5, 31))
    assert (short[1], long[1]) == (1, 12)
    assert short[0] == long[0]
