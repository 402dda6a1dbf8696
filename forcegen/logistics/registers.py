"""The inventory list, declared once for its page, the API and the export (whose columns are
the import template's, so an export can be corrected and imported again)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, cast

from django.db import models
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.params import MAX_ID
from forcegen.core.registers import Column, Label, Register, choice_label
from forcegen.core.terms import term
from forcegen.deployments.models import Rotation
from forcegen.units.models import EquipmentKind, Unit

from .models import InventoryItem, LoadList, Location


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


_PATHS: dict[tuple[str, str], str] = {}
_SLOT = 2_147_483_647


def path_to(name: str, pk: int) -> str:
    """`reverse(name, args=[pk])` for a one-argument URL, resolved once per process (a row's
    links were a third of drawing the page)."""
    key = (name, get_script_prefix())
    pattern = _PATHS.get(key)
    if pattern is None:
        pattern = _PATHS[key] = reverse(name, args=[_SLOT]).replace(str(_SLOT), "{}")
    return pattern.format(pk)


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
