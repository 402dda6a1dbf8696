"""The reimbursement estimate of a rotation over a period, month by month.

- Personnel: person-days × the personnel rate in force that day ÷ the days of the month, so a
  member present 10 of 30 days counts 10/30 of a person and a rate changes on its effective date.
  A member counts from departure up to the day before return (as the stock on a day does,
  `DeploymentQuerySet.deployed_on`), with planned dates where actual ones are not known yet.
- Major equipment: for each MOU annex B item, the items present and serviceable at the month's
  inspection (the latest on or before the month's last day, from the rotation's start), at most
  the MOU quantity, × the item's rate for the MOU lease × (1 + the mission factors), by the
  calendar days of the month inside the period. No inspection yet: nothing is reimbursable.
- Self-sustainment: person-days × the rate of each annex C category the contributor provides
  × (1 + the mission factors) ÷ the days of the month.

Everything is read in a fixed number of queries whatever the period; amounts are computed with
exact fractions and rounded to cents once per month and component.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from forcegen.deployments.models import Deployment, Rotation

from .models import (
    CoeRate,
    Finding,
    Inspection,
    MissionFactor,
    Mou,
    MouEquipment,
    MouSelfSustainment,
    PersonnelRate,
    ProvidedBy,
)

DAY = datetime.timedelta(days=1)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Dated:
    """A value in force from `start` to `end` (inclusive; None: open)."""

    start: datetime.date
    end: datetime.date | None
    value: Fraction


class Timeline:
    """Dated values of one kind; `on(day)` is the value in force that day (None if none is)."""

    def __init__(self, rows: Iterable[Dated]) -> None:
        self.rows = sorted(rows, key=lambda r: r.start)
        self.starts = [r.start for r in self.rows]

    def on(self, day: datetime.date) -> Fraction | None:
        index = bisect.bisect_right(self.starts, day) - 1
        if index < 0:
            return None
        row = self.rows[index]
        return row.value if row.end is None or day <= row.end else None

    def changes(self) -> set[datetime.date]:
        return {r.start for r in self.rows} | {r.end + DAY for r in self.rows if r.end}


def _dated(rows: Iterable[Any], value: str = "monthly_rate") -> list[Dated]:
    return [Dated(r.effective_from, r.effective_to, Fraction(getattr(r, value))) for r in rows]


@dataclass
class Note:
    """Why a month's amount is below what the MOU provides for, or what is missing."""

    text: str
    amount: Decimal | None = None


@dataclass
class Month:
    month: datetime.date  # its first day
    days: int  # days of the month inside the period and the rotation
    person_days: int
    personnel_rate: Decimal | None
    personnel: Decimal
    major_equipment: Decimal
    self_sustainment: Decimal
    inspection: Inspection | None = None
    notes: list[Note] = field(default_factory=list)
    missing_rates: set[str] = field(default_factory=set)

    @property
    def total(self) -> Decimal:
        return self.personnel + self.major_equipment + self.self_sustainment

    @property
    def label(self) -> str:
        return self.month.strftime("%Y-%m")


@dataclass
class Estimate:
    rotation: Rotation
    start: datetime.date
    end: datetime.date
    mou: Mou | None
    months: list[Month]
    currency: str = "USD"

    @property
    def missing_rates(self) -> list[str]:
        """What has no rate in force for some day of the period (an administrator enters it)."""
        return sorted(set().union(*(m.missing_rates for m in self.months)))

    @property
    def personnel(self) -> Decimal:
        return sum((m.personnel for m in self.months), Decimal("0.00"))

    @property
    def major_equipment(self) -> Decimal:
        return sum((m.major_equipment for m in self.months), Decimal("0.00"))

    @property
    def self_sustainment(self) -> Decimal:
        return sum((m.self_sustainment for m in self.months), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.personnel + self.major_equipment + self.self_sustainment

    def between(self, start: datetime.date, end: datetime.date) -> Decimal:
        """The total of the months that start inside [start, end]."""
        return sum((m.total for m in self.months if start <= m.month <= end), Decimal("0.00"))


def _cents(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, ROUND_HALF_UP)


def _months(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """(first counted day, last counted day) of each month that [start, end] touches."""
    spans = []
    day = start
    while day <= end:
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        spans.append((day, min(last, end)))
        day = last + DAY
    return spans


class PersonDays:
    """Members present each day of the window, as prefix sums: `between(a, b)` is exact."""

    def __init__(
        self,
        spans: Sequence[tuple[datetime.date, datetime.date]],
        start: datetime.date,
        end: datetime.date,
    ) -> None:
        self.start = start
        size = (end - start).days + 1
        diff = [0] * (size + 1)
        for first, stop in spans:  # present from `first` to the day before `stop`
            a, b = max(first, start), min(stop - DAY, end)
            if a <= b:
                diff[(a - start).days] += 1
                diff[(b - start).days + 1] -= 1
        self.cumulative = [0]
        present = 0
        for delta in diff[:size]:
            present += delta
            self.cumulative.append(self.cumulative[-1] + present)

    def between(self, first: datetime.date, last: datetime.date) -> int:
        return (
            self.cumulative[(last - self.start).days + 1]
            - self.cumulative[(first - self.start).days]
        )


def _member_spans(rotation: Rotation) -> list[tuple[datetime.date, datetime.date]]:
    return list(
        Deployment.objects.filter(rotation=rotation)
        .live()
        .annotate(
            first=Coalesce("departed_on", "planned_start"),
            stop=Coalesce("returned_on", "planned_end"),
        )
        .values_list("first", "stop")
    )


def _mou(rotation: Rotation, end: datetime.date) -> Mou | None:
    return (
        Mou.objects.filter(
            unit_id=rotation.unit_id, mission_id=rotation.mission_id, in_force_from__lte=end
        )
        .order_by("-in_force_from")
        .prefetch_related(
            "personnel",
            Prefetch("equipment", queryset=MouEquipment.objects.select_related("item")),
            Prefetch(
                "self_sustainment",
                queryset=MouSelfSustainment.objects.select_related("category").filter(
                    provided_by=ProvidedBy.CONTRIBUTOR
                ),
            ),
        )
        .first()
    )


@dataclass
class Counted:
    """Items of one COE item at one inspection: reimbursable, and found deficient."""

    ok: int = 0
    deficient: int = 0


def _inspections(rotation: Rotation, end: datetime.date) -> list[Inspection]:
    return list(
        Inspection.objects.filter(
            unit_id=rotation.unit_id, on__gte=rotation.starts_on, on__lte=end
        ).order_by("on", "pk")
    )


def _findings(inspection_ids: set[int], item_ids: set[int]) -> dict[tuple[int, int], Counted]:
    ok = Q(present=True, serviceable=True)
    rows = (
        Finding.objects.filter(inspection_id__in=inspection_ids, item__coe_item_id__in=item_ids)
        .values("inspection_id", "item__coe_item_id")
        .annotate(ok=Count("pk", filter=ok), deficient=Count("pk", filter=~ok))
        .order_by()
    )
    return {
        (r["inspection_id"], r["item__coe_item_id"]): Counted(r["ok"], r["deficient"]) for r in rows
    }


def _governing(inspections: Sequence[Inspection], day: datetime.date) -> Inspection | None:
    """The month's inspection: the latest on or before its last day."""
    found = None
    for inspection in inspections:
        if inspection.on > day:
            break
        found = inspection
    return found


def _segments(
    first: datetime.date, last: datetime.date, changes: set[datetime.date]
) -> list[tuple[datetime.date, datetime.date]]:
    """[first, last] cut where a rate or factor starts or ends."""
    cuts = sorted(d for d in changes if first < d <= last)
    starts = [first, *cuts]
    return [
        (s, (starts[i + 1] - DAY) if i + 1 < len(starts) else last) for i, s in enumerate(starts)
    ]


@dataclass
class _Sums:
    personnel: Fraction = Fraction(0)
    equipment: Fraction = Fraction(0)
    self_sustainment: Fraction = Fraction(0)
    shortfall: Fraction = Fraction(0)
    lost: dict[int, Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    missing: set[str] = field(default_factory=set)


@dataclass
class _Context:
    """What one estimate reads from the database, and the arithmetic of one month."""

    personnel: Timeline
    factors: list[Timeline]
    timelines: dict[tuple[Any, ...], Timeline]
    equipment: list[MouEquipment]
    categories: list[MouSelfSustainment]
    counts: dict[tuple[int, int], Counted]
    present: PersonDays
    strength: int

    def changes(self) -> set[datetime.date]:
        timelines = [self.personnel, *self.factors, *self.timelines.values()]
        return set().union(*(t.changes() for t in timelines))

    def uplift(self, day: datetime.date) -> Fraction:
        return 1 + sum((f.on(day) or Fraction(0) for f in self.factors), Fraction(0)) / 100

    def reimbursable(self, inspection: Inspection | None, line: MouEquipment) -> int:
        counted = self.counts.get((inspection.pk, line.item_id)) if inspection else None
        return min(counted.ok, line.quantity) if counted else 0

    def add_segment(
        self,
        sums: _Sums,
        s: datetime.date,
        t: datetime.date,
        dim: int,
        inspection: Inspection | None,
    ) -> None:
        days, person_days, uplift = (t - s).days + 1, self.present.between(s, t), self.uplift(s)
        rate = self.personnel.on(s)
        if rate is None:
            sums.missing.add(str(_("the personnel rate")))
        else:
            sums.personnel += person_days * rate / dim
            sums.shortfall += max(0, self.strength * days - person_days) * rate / dim
        for category in self.categories:
            rate = self._rate((category.category_id,), s)
            if rate is None:
                sums.missing.add(category.category.label)
            else:
                sums.self_sustainment += person_days * rate / dim * uplift
        for line in self.equipment:
            rate = self._rate((line.item_id, line.lease_type), s)
            if rate is None:
                sums.missing.add(f"{line.item.label} ({line.get_lease_type_display().lower()})")
                continue
            value = rate * days / dim * uplift
            held = self.reimbursable(inspection, line)
            sums.equipment += held * value
            sums.lost[line.item_id] += (line.quantity - held) * value

    def _rate(self, key: tuple[Any, ...], day: datetime.date) -> Fraction | None:
        timeline = self.timelines.get(key)
        return timeline.on(day) if timeline else None

    def month(
        self, first: datetime.date, last: datetime.date, inspection: Inspection | None
    ) -> Month:
        dim = calendar.monthrange(first.year, first.month)[1]
        sums = _Sums()
        for s, t in _segments(first, last, self.changes()):
            self.add_segment(sums, s, t, dim, inspection)
        days = (last - first).days + 1
        person_days = self.present.between(first, last)
        rate = self.personnel.on(first)
        month = Month(
            month=first.replace(day=1),
            days=days,
            person_days=person_days,
            personnel_rate=_cents(rate) if rate is not None else None,
            personnel=_cents(sums.personnel),
            major_equipment=_cents(sums.equipment),
            self_sustainment=_cents(sums.self_sustainment),
            inspection=inspection,
        )
        month.notes = self.notes(sums, month)
        month.missing_rates = sums.missing
        return month

    def notes(self, sums: _Sums, month: Month) -> list[Note]:
        notes = []
        if self.equipment and month.inspection is None:
            notes.append(Note(_("No inspection yet: no major equipment is reimbursable.")))
        if month.inspection is not None:
            notes += self.equipment_notes(sums, month.inspection)
        if self.strength and sums.shortfall:
            average = Decimal(month.person_days) / month.days
            text = _("Average strength %(average)s against %(strength)d in the MOU.") % {
                "average": average.quantize(Decimal("0.1")),
                "strength": self.strength,
            }
            notes.append(Note(text, -_cents(sums.shortfall)))
        return notes

    def equipment_notes(self, sums: _Sums, inspection: Inspection) -> list[Note]:
        """One note per MOU item short at the month's inspection (text and wording once)."""
        template = _(
            "%(short)d of %(quantity)d × %(item)s not reimbursed: %(deficient)d found "
            "missing or unserviceable at the %(inspection)s of %(day)s."
        )
        where = {
            "inspection": inspection.get_kind_display().lower(),
            "day": inspection.on.isoformat(),
        }
        notes = []
        for line in self.equipment:
            short = line.quantity - self.reimbursable(inspection, line)
            if not short:
                continue
            counted = self.counts.get((inspection.pk, line.item_id), Counted())
            text = template % {
                "short": short,
                "quantity": line.quantity,
                "item": line.item.label,
                "deficient": counted.deficient,
                **where,
            }
            lost = sums.lost.get(line.item_id)
            notes.append(Note(text, -_cents(lost) if lost else None))
        return notes


def estimate(*, rotation: Rotation, start: datetime.date, end: datetime.date) -> Estimate:
    """The estimate for [start, end], limited to the rotation's time in the mission."""
    first = max(start, rotation.starts_on)
    last = min(end, rotation.ends_on - DAY)
    if last < first:
        return Estimate(rotation, start, end, None, [])
    mou = _mou(rotation, last)
    equipment = list(mou.equipment.all()) if mou else []
    categories = list(mou.self_sustainment.all()) if mou else []
    item_ids = {line.item_id for line in equipment}
    rates = CoeRate.objects.overlapping(first, last).filter(
        Q(item_id__in=item_ids) | Q(category_id__in=[c.category_id for c in categories])
    )
    by_key: dict[tuple[Any, ...], list[CoeRate]] = defaultdict(list)
    for rate in rates:
        by_key[(rate.item_id, rate.lease_type) if rate.item_id else (rate.category_id,)].append(
            rate
        )
    factors = MissionFactor.objects.filter(mission_id=rotation.mission_id).overlapping(first, last)
    spans = _months(first, last)
    inspections = _inspections(rotation, last)
    governing = [_governing(inspections, _month_end(a)) for a, _b in spans]
    context = _Context(
        personnel=Timeline(_dated(PersonnelRate.objects.overlapping(first, last))),
        factors=[Timeline(_dated([f], "percent")) for f in factors],
        timelines={key: Timeline(_dated(rows)) for key, rows in by_key.items()},
        equipment=equipment,
        categories=categories,
        counts=_findings({i.pk for i in governing if i}, item_ids),
        present=PersonDays(_member_spans(rotation), first, last),
        strength=sum(line.strength for line in mou.personnel.all()) if mou else 0,
    )
    months = [context.month(a, b, i) for (a, b), i in zip(spans, governing, strict=True)]
    return Estimate(rotation, start, end, mou, months)


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
