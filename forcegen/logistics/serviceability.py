"""The monthly serviceability report: for each unit, what its governing inspection of the month
found of its major equipment (annex B, reimbursed per item and month), item by item line: held,
serviceable, unserviceable, missing, not inspected.

A month's governing inspection is the latest on or before the month's last day, the same rule
the reimbursement estimate applies (`InspectionQuerySet.governing`). The report is read in a fixed
number of queries whatever the number of units and items.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from forcegen.core.dates import month_end
from forcegen.units.models import EquipmentKind, Unit

from .models import Finding, Inspection, InventoryItem

OK = Q(present=True, serviceable=True)
UNSERVICEABLE = Q(present=True, serviceable=False)


@dataclass
class ReportLine:
    category: str
    item: str
    held: int = 0
    serviceable: int = 0
    unserviceable: int = 0
    missing: int = 0

    @property
    def not_inspected(self) -> int:
        return max(self.held - self.serviceable - self.unserviceable - self.missing, 0)

    @property
    def percent(self) -> int | None:
        """Serviceable share of what is held (None when nothing is held)."""
        return round(100 * self.serviceable / self.held) if self.held else None


@dataclass
class UnitReport:
    unit: Unit
    inspection: Inspection | None
    lines: list[ReportLine] = field(default_factory=list)
    deficient: list[Finding] = field(default_factory=list)

    @property
    def total(self) -> ReportLine:
        total = ReportLine("", "")
        for line in self.lines:
            total.held += line.held
            total.serviceable += line.serviceable
            total.unserviceable += line.unserviceable
            total.missing += line.missing
        return total


def monthly_report(units: QuerySet[Unit], month: datetime.date) -> list[UnitReport]:
    """Each of `units` (already scoped) holding items, with its governing inspection of `month`."""
    end = month_end(month)
    governing = dict(
        Inspection.objects.filter(unit__in=units).governing(end).values_list("unit_id", "pk")
    )
    inspections = Inspection.objects.in_bulk(list(governing.values()))
    lines: dict[tuple[int, str, str], ReportLine] = {}
    held = (
        InventoryItem.objects.filter(unit__in=units, annex=EquipmentKind.MAJOR)
        .values("unit_id", "category", "item")
        .annotate(n=Count("pk"))
        .order_by("unit_id", "category", "item")
    )
    for row in held:
        key = (row["unit_id"], row["category"], row["item"])
        lines[key] = ReportLine(row["category"], row["item"], held=row["n"])
    found = (
        Finding.objects.filter(
            inspection_id__in=governing.values(), item__annex=EquipmentKind.MAJOR
        )
        .values("inspection__unit_id", "item__category", "item__item")
        .annotate(
            ok=Count("pk", filter=OK),
            bad=Count("pk", filter=UNSERVICEABLE),
            gone=Count("pk", filter=Q(present=False)),
        )
        .order_by()
    )
    for row in found:
        key = (row["inspection__unit_id"], row["item__category"], row["item__item"])
        line = lines.setdefault(key, ReportLine(key[1], key[2]))
        line.serviceable, line.unserviceable, line.missing = row["ok"], row["bad"], row["gone"]
    deficient = (
        Finding.objects.filter(
            inspection_id__in=governing.values(), item__annex=EquipmentKind.MAJOR
        )
        .exclude(OK)
        .select_related("item__coe_item", "inspection")
        .order_by("item__category", "item__item", "item__serial")
    )
    reports: dict[int, UnitReport] = {}
    for unit in units.order_by("name"):
        inspection = inspections.get(governing.get(unit.pk, 0))
        reports[unit.pk] = UnitReport(unit, inspection)
    for (unit_id, _category, _item), line in sorted(lines.items()):
        reports[unit_id].lines.append(line)
    for finding in deficient:
        reports[finding.inspection.unit_id].deficient.append(finding)
    return [report for report in reports.values() if report.lines]


@dataclass(frozen=True)
class ServiceabilityRow:
    """One item line of one unit's report: a row of the register (`registers.SERVICEABILITY`)."""

    report: UnitReport
    line: ReportLine


def report_rows(reports: list[UnitReport]) -> list[ServiceabilityRow]:
    """One row per unit and item line, units in the report's order."""
    return [ServiceabilityRow(report, line) for report in reports for line in report.lines]
