"""The inventory list, declared once for its page, the API and the export (whose columns are
the import template's, so an export can be corrected and imported again)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Annotated, Any, cast

from django.db import models
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import field_validator

from forcegen.core.links import path_to
from forcegen.core.params import MAX_ID
from forcegen.core.registers import Column, Label, Register, choice_label
from forcegen.core.terms import term
from forcegen.deployments.models import Rotation
from forcegen.units.models import EquipmentKind, Unit

from .models import InventoryItem, LoadList, Location
from .serviceability import ServiceabilityRow, UnitReport


class YesNo(models.TextChoices):
    YES = "yes", gettext_lazy("yes")
    NO = "no", gettext_lazy("no")


def unit_options(user: Any) -> Iterable[tuple[int, str]]:
    return Unit.objects.visible_to(user).order_by("name").values_list("pk", "name")


class InventoryFilters(Schema):
    unit: Annotated[int | None, Label(gettext_lazy("Unit"), unit_options)] = Field(
        None, ge=1, le=MAX_ID, description="Owner unit id."
    )
    annex: Annotated[EquipmentKind | None, Label(gettext_lazy("Annex"))] = Field(
        None, description="major or self_sustainment."
    )
    location: Annotated[Location | None, Label(gettext_lazy("Location"))] = None
    serviceable: Annotated[YesNo | None, Label(gettext_lazy("Serviceable"))] = None
    q: Annotated[str, Label(gettext_lazy("Item or serial number"))] = Field(
        "", max_length=100, description="Words of the item name or serial number."
    )


def _item(item: InventoryItem) -> Any:
    return format_html(
        '{} <span class="muted">· {}</span>', item.display_name, term("category", item.category)
    )


def _serviceable(item: InventoryItem) -> Any:
    if item.serviceable:
        return format_html('<span class="good">{}</span>', YesNo.YES.label)
    return format_html('<span class="bad">{}</span>', YesNo.NO.label)


def _number(value: Any) -> float | None:
    return float(value) if value is not None else None


# Choice labels through core.registers.choice_label: translated once per process, not per cell.
INVENTORY: Register[InventoryItem, InventoryFilters] = Register(
    name="inventory",
    filters=InventoryFilters,
    empty=gettext_lazy("No item matches these filters."),
    columns=(
        Column(
            "unit",
            gettext_lazy("Unit"),
            "unit.name",
            link=lambda i: path_to("logistics:unit", i.unit_id),
        ),
        Column("category", gettext_lazy("Category"), "category", page=False),
        Column(
            "item",
            gettext_lazy("Item"),
            "item",
            display=_item,
            link=lambda i: path_to("logistics:item", i.pk),
        ),
        Column("serial", gettext_lazy("Serial number"), "serial"),
        Column("annex", gettext_lazy("Annex"), "annex", display=lambda i: choice_label(i, "annex")),
        Column("coe_item", gettext_lazy("COE catalogue item"), "coe_item.code", page=False),
        Column(
            "condition",
            gettext_lazy("Condition"),
            "condition",
            display=lambda i: choice_label(i, "condition"),
        ),
        Column(
            "serviceable",
            gettext_lazy("Serviceable"),
            lambda i: YesNo.YES.value if i.serviceable else YesNo.NO.value,
            display=_serviceable,
        ),
        Column(
            "location",
            gettext_lazy("Location"),
            "location",
            display=lambda i: choice_label(i, "location"),
        ),
        Column(
            "weight_kg", gettext_lazy("Weight (kg)"), lambda i: _number(i.weight_kg), page=False
        ),
        Column(
            "volume_m3", gettext_lazy("Volume (m³)"), lambda i: _number(i.volume_m3), page=False
        ),
        Column("remarks", gettext_lazy("Remarks"), "remarks", page=False),
    ),
)


# --- Load lists -----------------------------------------------------------------------------------


def rotation_options(user: Any) -> Iterable[tuple[int, str]]:
    rotations = Rotation.objects.visible_to(user).select_related("unit", "mission")
    return [(r.pk, str(r)) for r in rotations.order_by("-planned_departure", "pk")]


class LoadListFilters(Schema):
    rotation: Annotated[int | None, Label(gettext_lazy("Rotation"), rotation_options)] = Field(
        None, ge=1, le=MAX_ID, description="Rotation id."
    )
    mode: Annotated[LoadList.Mode | None, Label(gettext_lazy("Mode"))] = None
    direction: Annotated[LoadList.Direction | None, Label(gettext_lazy("Direction"))] = None


# Read `with_totals`: the totals are annotations the model does not declare.
LOAD_LISTS: Register[LoadList, LoadListFilters] = Register(
    name="load-lists",
    filters=LoadListFilters,
    empty=gettext_lazy("No load list yet: start one from a unit's rotation."),
    columns=(
        Column(
            "name",
            gettext_lazy("Movement"),
            "name",
            link=lambda load_list: path_to("logistics:load_list", load_list.pk),
        ),
        Column("rotation", gettext_lazy("Rotation"), lambda load_list: str(load_list.rotation)),
        Column(
            "mode",
            gettext_lazy("Mode"),
            "mode",
            display=lambda load_list: choice_label(load_list, "mode"),
        ),
        Column(
            "direction",
            gettext_lazy("Direction"),
            "direction",
            display=lambda load_list: choice_label(load_list, "direction"),
        ),
        Column("departs_on", gettext_lazy("Departs on"), "departs_on"),
        Column("lines", gettext_lazy("Lines"), "entry_count"),
        Column(
            "total_weight_kg",
            gettext_lazy("Total weight (kg)"),
            "total_weight",
            display=lambda load_list: floatformat(cast(Any, load_list).total_weight, 1),
        ),
        Column(
            "total_volume_m3",
            gettext_lazy("Total volume (m³)"),
            "total_volume",
            display=lambda load_list: floatformat(cast(Any, load_list).total_volume, 2),
        ),
    ),
)


# --- Monthly serviceability report --------------------------------------------------------------


class ServiceabilityFilters(Schema):
    """The month (this month when left out) and, optionally, one unit."""

    month: Annotated[str, Label(gettext_lazy("Month"), help=gettext_lazy("YYYY-MM"))] = Field(
        "", max_length=7, description="YYYY-MM; this month when left out."
    )
    unit: Annotated[int | None, Label(gettext_lazy("Unit"), unit_options)] = Field(
        None, ge=1, le=MAX_ID, description="One unit's id."
    )

    @field_validator("month")
    @classmethod
    def _a_month(cls, value: str) -> str:
        if value and parse_month(value) is None:
            raise ValueError(_("Enter a month as YYYY-MM."))
        return value


def parse_month(value: str) -> datetime.date | None:
    """ "2018-07" → 2018-07-01; None for anything else."""
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


def _count(value: int) -> SafeString:
    """A count that is a loss (unserviceable, missing) is marked when there is any."""
    return format_html('<span class="bad">{}</span>', value) if value else format_html("{}", 0)


def _percent(value: int | None) -> str:
    return "—" if value is None else str(value)


SERVICEABILITY: Register[ServiceabilityRow, ServiceabilityFilters] = Register(
    name="serviceability",
    filters=ServiceabilityFilters,
    empty=gettext_lazy("No unit holds major equipment."),
    columns=(
        Column("unit", gettext_lazy("Unit"), "report.unit.name", page=False),
        Column(
            "inspection",
            gettext_lazy("Inspection"),
            lambda row: row.report.inspection.get_kind_display() if row.report.inspection else "",
            page=False,
        ),
        Column("inspected_on", gettext_lazy("Inspected on"), "report.inspection.on", page=False),
        Column(
            "category",
            gettext_lazy("Category"),
            "line.category",
            display=lambda row: term("category", row.line.category),
        ),
        Column(
            "item",
            gettext_lazy("Item"),
            "line.item",
            display=lambda row: term("equipment", row.line.item),
        ),
        Column("held", gettext_lazy("Held"), "line.held"),
        Column("serviceable", gettext_lazy("Serviceable"), "line.serviceable"),
        Column(
            "unserviceable",
            gettext_lazy("Unserviceable"),
            "line.unserviceable",
            display=lambda row: _count(row.line.unserviceable),
        ),
        Column(
            "missing",
            gettext_lazy("Missing"),
            "line.missing",
            display=lambda row: _count(row.line.missing),
        ),
        Column("not_inspected", gettext_lazy("Not inspected"), "line.not_inspected"),
        Column(
            "percent",
            gettext_lazy("Serviceable (%)"),
            "line.percent",
            display=lambda row: _percent(row.line.percent),
            export=False,
        ),
    ),
)
NAMING_COLUMNS = 2  # category and item on the page; the others count, and are totalled


def serviceability_totals(report: UnitReport) -> SafeString:
    """A unit's footer: its totals under the counting columns, plain (a total is no alarm)."""
    total = report.total
    return format_html(
        '<tr><th scope="row" colspan="{}">{}</th><td>{}</td>'
        '<td data-testid="serviceable-total">{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        NAMING_COLUMNS,
        _("Total"),
        total.held,
        total.serviceable,
        total.unserviceable,
        total.missing,
        total.not_inspected,
        _percent(total.percent),
    )
