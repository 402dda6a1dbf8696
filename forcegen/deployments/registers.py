"""The rotations and tours lists, declared once for their pages, the API and the export."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Annotated, Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.params import MAX_ID
from forcegen.core.registers import Column, Label, Register, choice_display
from forcegen.units.models import Unit

from .models import Deployment, Mission, PersonnelType, Rotation


def unit_options(user: Any) -> Iterable[tuple[int, str]]:
    return Unit.objects.visible_to(user).order_by("name").values_list("pk", "name")


def mission_options(user: Any) -> list[tuple[Any, Any]]:
    """Active missions first; the closed ones (most of the UN's since 1948) in a group after."""
    missions = (
        Mission.objects.visible_to(user).order_by("acronym").values_list("acronym", "is_active")
    )
    active = [(acronym, acronym) for acronym, is_active in missions if is_active]
    closed = [(acronym, acronym) for acronym, is_active in missions if not is_active]
    return [(_("Active missions"), active), (_("Closed missions"), closed)]


def _actual_or_planned(actual: datetime.date | None, planned: datetime.date) -> SafeString:
    if actual:
        return format_html("{}", actual.isoformat())
    return format_html('<span class="muted">{} ({})</span>', planned.isoformat(), _("planned"))


# --- Missions -------------------------------------------------------------------------------------


class MissionFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Acronym, name or headquarters"))] = Field(
        "", description="Part of the acronym, name or headquarters."
    )
    active: Annotated[bool | None, Label(gettext_lazy("Active only"))] = Field(
        None, description="true: missions under way; false: closed ones."
    )


MISSIONS: Register[Mission, MissionFilters] = Register(
    name="missions",
    filters=MissionFilters,
    empty=gettext_lazy(
        "No mission matches. Load the UN missions file with manage.py load_missions."
    ),
    columns=(
        Column(
            "acronym",
            gettext_lazy("Acronym"),
            "acronym",
            link=lambda m: reverse("deployments:mission", args=[m.acronym]),
        ),
        Column("name", gettext_lazy("Name"), "name"),
        Column("location", gettext_lazy("Headquarters"), "location"),
        Column("start_date", gettext_lazy("Start"), "start_date"),
        Column("end_date", gettext_lazy("End"), "end_date"),
        Column(
            "is_active",
            gettext_lazy("Status"),
            "is_active",
            display=lambda m: _("active") if m.is_active else _("closed"),
        ),
    ),
)


# --- Rotations ------------------------------------------------------------------------------------


class RotationFilters(Schema):
    unit: Annotated[int | None, Label(gettext_lazy("Unit"), unit_options)] = Field(
        None, ge=1, le=MAX_ID, description="Unit id."
    )
    mission: Annotated[str, Label(gettext_lazy("Mission"), mission_options)] = Field(
        "", description="Mission acronym, e.g. UNMISS."
    )
    status: Annotated[Rotation.Status | None, Label(gettext_lazy("Status"))] = None


def _rotation_name(rotation: Rotation) -> str:
    return _("Rotation %(number)s") % {"number": rotation.number}


ROTATIONS: Register[Rotation, RotationFilters] = Register(
    name="rotations",
    filters=RotationFilters,
    empty=gettext_lazy("No rotation matches these filters."),
    columns=(
        Column(
            "unit",
            gettext_lazy("Unit"),
            "unit.name",
            link=lambda r: reverse("units:detail", args=[r.unit_id]),
        ),
        Column(
            "rotation",
            gettext_lazy("Rotation"),
            "number",
            display=_rotation_name,
            link=lambda r: reverse("deployments:rotation", args=[r.pk]),
        ),
        Column("mission", gettext_lazy("Mission"), "mission.acronym"),
        Column(
            "departure",
            gettext_lazy("Departure"),
            lambda r: r.departed_on or r.planned_departure,
            display=lambda r: _actual_or_planned(r.departed_on, r.planned_departure),
            export=False,
        ),
        Column(
            "return",
            gettext_lazy("Return"),
            lambda r: r.returned_on or r.planned_return,
            display=lambda r: _actual_or_planned(r.returned_on, r.planned_return),
            export=False,
        ),
        Column(
            "planned_departure", gettext_lazy("Planned departure"), "planned_departure", page=False
        ),
        Column("planned_return", gettext_lazy("Planned return"), "planned_return", page=False),
        Column("departed_on", gettext_lazy("Departed on"), "departed_on", page=False),
        Column("returned_on", gettext_lazy("Returned on"), "returned_on", page=False),
        Column("status", gettext_lazy("Status"), "status", display=choice_display("status")),
        Column("members", gettext_lazy("Members"), "member_count"),
    ),
)


# --- Tours ----------------------------------------------------------------------------------------


class DeploymentFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Name or service number"))] = Field(
        "", description="Part of a name (either script) or service number."
    )
    mission: Annotated[str, Label(gettext_lazy("Mission"), mission_options)] = Field(
        "", description="Mission acronym, e.g. UNMISS."
    )
    personnel_type: Annotated[PersonnelType | None, Label(gettext_lazy("UN personnel type"))] = None
    status: Annotated[Deployment.Status | None, Label(gettext_lazy("Status"))] = None
    person: Annotated[int | None, Label(gettext_lazy("Person"))] = Field(
        None, ge=1, le=MAX_ID, description="Person id."
    )
    deployed_on: Annotated[
        datetime.date | None,
        Label(
            gettext_lazy("In the mission on"),
            help=gettext_lazy("Departed by this day and not yet back."),
        ),
    ] = Field(None, description="Only those in the mission on that day (departed, not yet back).")


def _person(tour: Deployment) -> SafeString:
    person = tour.person
    return format_html(
        '{}<br><span class="muted">{} · {}</span>',
        person.full_name,
        person.service_number,
        person.rank.name_en,
    )


def _dates(tour: Deployment) -> SafeString:
    dates = f"{tour.starts_on.isoformat()} – {tour.ends_on.isoformat()}"
    if tour.departed_on:
        return format_html("{}", dates)
    return format_html('{} <span class="muted">({})</span>', dates, _("planned"))


DEPLOYMENTS: Register[Deployment, DeploymentFilters] = Register(
    name="deployments",
    filters=DeploymentFilters,
    empty=gettext_lazy("No tour matches these filters."),
    columns=(
        Column(
            "person",
            gettext_lazy("Person"),
            "person.full_name",
            display=_person,
            link=lambda t: reverse("deployments:detail", args=[t.pk]),
            export=False,
        ),
        Column(
            "service_number", gettext_lazy("Service number"), "person.service_number", page=False
        ),
        Column("full_name", gettext_lazy("Name"), "person.full_name", page=False),
        Column("sex", gettext_lazy("Sex"), "person.sex", page=False),
        Column("rank", gettext_lazy("Rank"), "person.rank.code", page=False),
        Column("mission", gettext_lazy("Mission"), "mission.acronym"),
        Column(
            "personnel_type",
            gettext_lazy("UN personnel type"),
            "personnel_type",
            display=choice_display("personnel_type"),
        ),
        Column("unit", gettext_lazy("Unit"), "rotation.unit.name", page=False),
        Column(
            "rotation",
            gettext_lazy("Rotation"),
            "rotation.number",
            display=lambda t: t.rotation,
            link=lambda t: (
                reverse("deployments:rotation", args=[t.rotation_id]) if t.rotation_id else None
            ),
        ),
        Column("role", gettext_lazy("Role"), "role"),
        Column("sub_unit", gettext_lazy("Sub-unit"), "sub_unit", page=False),
        Column("dates", gettext_lazy("Dates"), "planned_start", display=_dates, export=False),
        Column("status", gettext_lazy("Status"), "status", display=choice_display("status")),
        Column("planned_start", gettext_lazy("Planned start"), "planned_start", page=False),
        Column("planned_end", gettext_lazy("Planned end"), "planned_end", page=False),
        Column("departed_on", gettext_lazy("Departed on"), "departed_on", page=False),
        Column("returned_on", gettext_lazy("Returned on"), "returned_on", page=False),
        Column(
            "repatriation_reason",
            gettext_lazy("Repatriation reason"),
            "repatriation_reason",
            page=False,
        ),
    ),
)
