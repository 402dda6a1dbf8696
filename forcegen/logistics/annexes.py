"""An MOU laid out as its annexes A, B and C with the rates in force on a day: one computation
for the page, the XLSX and PDF files and the API, so their totals are the same numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import CoeRate, MissionFactor, Mou, PersonnelRate, ProvidedBy

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class Line:
    """A line of annex A, B or C: what, how many, the rate in force and the monthly amount."""

    label: str
    detail: str
    quantity: int
    rate: Decimal | None
    amount: Decimal | None
    paid: bool = True  # False: the UN provides it (annex C), nothing is owed
    pk: int | None = None  # the MOU line it reads (a page links to it)


@dataclass
class Annexes:
    mou: Mou
    on: datetime.date
    factors: list[MissionFactor]
    personnel: list[Line] = field(default_factory=list)
    equipment: list[Line] = field(default_factory=list)
    self_sustainment: list[Line] = field(default_factory=list)

    @property
    def uplift_percent(self) -> Decimal:
        return sum((f.percent for f in self.factors), Decimal(0))

    @property
    def strength(self) -> int:
        return sum(line.quantity for line in self.personnel)

    @staticmethod
    def _total(lines: list[Line]) -> Decimal:
        return sum((line.amount or ZERO for line in lines), ZERO)

    @property
    def personnel_total(self) -> Decimal:
        return self._total(self.personnel)

    @property
    def equipment_total(self) -> Decimal:
        return self._total(self.equipment)

    @property
    def self_sustainment_total(self) -> Decimal:
        return self._total(self.self_sustainment)

    @property
    def total(self) -> Decimal:
        return self.personnel_total + self.equipment_total + self.self_sustainment_total

    @property
    def missing_rates(self) -> list[str]:
        """What should be paid but has no rate in force (an administrator enters it)."""
        lines = [*self.personnel[:1], *self.equipment, *self.self_sustainment]
        return [line.label for line in lines if line.paid and line.rate is None]


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def annexes(mou: Mou, on: datetime.date) -> Annexes:
    """The MOU's monthly amounts on `on`; a line without a rate in force has no amount."""
    factors = list(
        MissionFactor.objects.filter(mission_id=mou.mission_id).overlapping(on, on).order_by("kind")
    )
    result = Annexes(mou=mou, on=on, factors=factors)
    uplift = 1 + result.uplift_percent / 100
    personnel_rate = PersonnelRate.objects.overlapping(on, on).order_by("-effective_from").first()
    rate = personnel_rate.monthly_rate if personnel_rate else None
    for person in mou.personnel.all():
        amount = _money(rate * person.strength) if rate is not None else None
        result.personnel.append(
            Line(
                person.get_category_display(),
                person.rank,
                person.strength,
                rate,
                amount,
                pk=person.pk,
            )
        )
    coe_rates = CoeRate.objects.overlapping(on, on)
    by_item = {(r.item_id, r.lease_type): r.monthly_rate for r in coe_rates if r.item_id}
    by_category = {r.category_id: r.monthly_rate for r in coe_rates if r.category_id}
    for line in mou.equipment.select_related("item"):
        rate = by_item.get((line.item_id, line.lease_type))
        amount = _money(rate * line.quantity * uplift) if rate is not None else None
        result.equipment.append(
            Line(
                line.item.label,
                line.get_lease_type_display(),
                line.quantity,
                rate,
                amount,
                pk=line.pk,
            )
        )
    strength = result.strength
    for row in mou.self_sustainment.select_related("category"):
        provided = row.provided_by == ProvidedBy.CONTRIBUTOR
        rate = by_category.get(row.category_id) if provided else None
        amount = _money(rate * strength * uplift) if rate is not None else None
        result.self_sustainment.append(
            Line(
                row.category.label,
                row.get_provided_by_display(),
                strength if provided else 0,
                rate,
                amount,
                paid=provided,
                pk=row.pk,
            )
        )
    return result
