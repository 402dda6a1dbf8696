"""The reference lists an administrator keeps from the logistics pages, each declared once for
its page and its export: COE rates, personnel rates and mission factors."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Annotated, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.registers import Column, Label, Register
from forcegen.deployments.models import Mission
from forcegen.units.models import EquipmentKind

from .models import CoeRate, Evidence, LeaseType, MissionFactor, PersonnelRate

IN_FORCE_ON = Label(gettext_lazy("In force on"))


class RateFilters(Schema):
    annex: Annotated[EquipmentKind | None, Label(gettext_lazy("Annex"))] = None
    lease_type: Annotated[LeaseType | None, Label(gettext_lazy("Lease"))] = None
    in_force_on: Annotated[datetime.date | None, IN_FORCE_ON] = None
    q: Annotated[str, Label(gettext_lazy("Item, category or manual edition"))] = Field(
        "", max_length=100
    )


class PersonnelRateFilters(Schema):
    in_force_on: Annotated[datetime.date | None, IN_FORCE_ON] = None


def mission_options(user: Any) -> Iterable[tuple[int, str]]:
    return Mission.objects.order_by("acronym").values_list("pk", "acronym")


class FactorFilters(Schema):
    mission: Annotated[int | None, Label(gettext_lazy("Mission"), mission_options)] = Field(
        None, ge=1
    )
    kind: Annotated[MissionFactor.Kind | None, Label(gettext_lazy("Factor"))] = None
    in_force_on: Annotated[datetime.date | None, IN_FORCE_ON] = None


def _evidence(row: Any) -> str:
    return str(Evidence(row.evidence).label)


def _rate_for(rate: CoeRate) -> str:
    return rate.item.label if rate.item else rate.category.label if rate.category else ""


def _lease(rate: CoeRate) -> str:
    return str(LeaseType(rate.lease_type).label) if rate.lease_type else "—"


DATED: tuple[Column[Any], ...] = (
    Column("effective_from", gettext_lazy("Effective from"), "effective_from"),
    Column("effective_to", gettext_lazy("Effective to"), "effective_to"),
    Column("evidence", gettext_lazy("Evidence"), "evidence", display=_evidence),
    Column("source", gettext_lazy("Source"), "source"),
)

ENTER_RATES = gettext_lazy(
    "No rate is entered. An administrator enters each rate here from the COE Manual or the "
    "MOU, with its edition, dates and source (“Add a rate”); none is built in."
)

RATES: Register[CoeRate, RateFilters] = Register(
    name="coe-rates",
    filters=RateFilters,
    empty=ENTER_RATES,
    columns=(
        Column(
            "rate_for",
            gettext_lazy("Item or category"),
            _rate_for,
            link=lambda r: reverse("logistics:rate", args=[r.pk]),
        ),
        Column("item", gettext_lazy("COE catalogue item"), "item.code", page=False),
        Column("category", gettext_lazy("Category"), "category.code", page=False),
        Column("lease_type", gettext_lazy("Lease"), "lease_type", display=_lease),
        Column("monthly_rate", gettext_lazy("Monthly rate (US$)"), "monthly_rate"),
        Column("manual_edition", gettext_lazy("COE Manual edition"), "manual_edition"),
        *DATED,
    ),
)

PERSONNEL_RATES: Register[PersonnelRate, PersonnelRateFilters] = Register(
    name="personnel-rates",
    filters=PersonnelRateFilters,
    empty=ENTER_RATES,
    columns=(
        Column(
            "monthly_rate",
            gettext_lazy("Monthly rate per person (US$)"),
            "monthly_rate",
            link=lambda r: reverse("logistics:personnel_rate", args=[r.pk]),
        ),
        *DATED,
    ),
)

FACTORS: Register[MissionFactor, FactorFilters] = Register(
    name="mission-factors",
    filters=FactorFilters,
    empty=gettext_lazy(
        "No mission factor is entered. An administrator enters each factor of a mission here "
        "with its percentage, dates and source (“Add a mission factor”)."
    ),
    columns=(
        Column("mission", gettext_lazy("Mission"), "mission.acronym"),
        Column(
            "kind",
            gettext_lazy("Factor"),
            "kind",
            display=lambda f: MissionFactor.Kind(f.kind).label,
            link=lambda f: reverse("logistics:factor", args=[f.pk]),
        ),
        Column("percent", gettext_lazy("Percent"), "percent"),
        *DATED,
    ),
)
