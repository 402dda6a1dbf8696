"""The cooperation registers, each declared once for its page, the API and the export."""

from __future__ import annotations

from typing import Annotated, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.registers import Column, Label, Register, choice_label

from .models import (
    Activity,
    Agreement,
    Area,
    Commitment,
    CoordinationTask,
    Partner,
    Plan,
    PlanItem,
    Side,
)

OWNER = gettext_lazy("Kept by")


def _status(row: Any) -> str:
    return choice_label(row, "status")


def _kind(row: Any) -> str:
    return choice_label(row, "kind")


def _late_column(key: str, label: str | Promise) -> Column[Any]:
    """Whether a commitment or a task is open past its due date: the `late` flag that its
    queryset's `for_listing` computes in the database, marked on the page."""
    late = gettext_lazy("late")
    return Column(
        key,
        label,
        "late",
        display=lambda row: format_html('<span class="bad">{}</span>', late) if row.late else "",
    )


class PartnerFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Name or code"))] = Field("", description="Name or code.")
    kind: Annotated[Partner.Kind | None, Label(gettext_lazy("Kind"))] = None


PARTNERS: Register[Partner, PartnerFilters] = Register(
    name="cooperation-partners",
    filters=PartnerFilters,
    columns=(
        Column(
            "code",
            gettext_lazy("Code"),
            "code",
            link=lambda p: reverse("cooperation:partner", args=[p.pk]),
        ),
        Column("name", gettext_lazy("Name"), "label"),
        Column("name_en", gettext_lazy("Name (English)"), "name_en", page=False),
        Column("kind", gettext_lazy("Kind"), _kind),
        Column("country", gettext_lazy("Country"), "country"),
        Column("organisation", gettext_lazy("Partner organisation"), "counterpart.code"),
    ),
)


class AgreementFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Title or reference"))] = ""
    kind: Annotated[Agreement.Kind | None, Label(gettext_lazy("Kind"))] = None
    status: Annotated[Agreement.Status | None, Label(gettext_lazy("Status"))] = None


AGREEMENTS: Register[Agreement, AgreementFilters] = Register(
    name="cooperation-agreements",
    filters=AgreementFilters,
    columns=(
        Column(
            "title",
            gettext_lazy("Title"),
            "title",
            link=lambda a: reverse("cooperation:agreement", args=[a.pk]),
        ),
        Column("kind", gettext_lazy("Kind"), _kind),
        Column("reference", gettext_lazy("Reference"), "reference"),
        Column(
            "parties", gettext_lazy("Parties"), lambda a: f"{a.organisation.code} – {a.partner}"
        ),
        Column("signed_on", gettext_lazy("Signed on"), "signed_on"),
        Column("effective_from", gettext_lazy("Effective from"), "effective_from"),
        Column("effective_to", gettext_lazy("Effective to"), "effective_to"),
        Column("status", gettext_lazy("Status"), _status),
    ),
)


class PlanFilters(Schema):
    year: Annotated[int | None, Label(gettext_lazy("Year"))] = Field(None, ge=2000, le=2100)
    status: Annotated[Plan.Status | None, Label(gettext_lazy("Status"))] = None


PLANS: Register[Plan, PlanFilters] = Register(
    name="cooperation-plans",
    filters=PlanFilters,
    columns=(
        Column("year", gettext_lazy("Year"), "year"),
        Column(
            "title",
            gettext_lazy("Title"),
            "title",
            link=lambda p: reverse("cooperation:plan", args=[p.pk]),
        ),
        Column("organisation", OWNER, "organisation.code"),
        Column("partner", gettext_lazy("Partner"), "partner.owner_code"),
        Column("items", gettext_lazy("Items"), "item_count"),
        Column("done", gettext_lazy("Done"), "done_count"),
        Column("late", gettext_lazy("Late"), "late_count"),
        Column("status", gettext_lazy("Status"), _status),
    ),
)


class PlanItemFilters(Schema):
    area: Annotated[Area | None, Label(gettext_lazy("Area"))] = None
    status: Annotated[PlanItem.Status | None, Label(gettext_lazy("Status"))] = None
    side: Annotated[Side | None, Label(gettext_lazy("Owned by"))] = None


PLAN_ITEMS: Register[PlanItem, PlanItemFilters] = Register(
    name="cooperation-plan-items",
    filters=PlanItemFilters,
    columns=(
        Column("area", gettext_lazy("Area"), lambda i: choice_label(i, "area")),
        Column("item", gettext_lazy("Item"), "title"),
        Column("owner", gettext_lazy("Owned by"), "owner_code"),
        Column("responsible_owner", gettext_lazy("Responsible (plan keeper)"), "responsible_owner"),
        Column("responsible_partner", gettext_lazy("Responsible (partner)"), "responsible_partner"),
        Column("target_on", gettext_lazy("Target date"), "target_on"),
        Column("status", gettext_lazy("Status"), _status),
        Column("progress", gettext_lazy("Progress (%)"), "progress"),
        Column("evidence", gettext_lazy("Evidence"), "evidence"),
    ),
)


class ActivityFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Title or place"))] = ""
    kind: Annotated[Activity.Kind | None, Label(gettext_lazy("Kind"))] = None
    year: Annotated[int | None, Label(gettext_lazy("Year"))] = Field(None, ge=2000, le=2100)


ACTIVITIES: Register[Activity, ActivityFilters] = Register(
    name="cooperation-activities",
    filters=ActivityFilters,
    columns=(
        Column("starts_on", gettext_lazy("First day"), "starts_on"),
        Column("ends_on", gettext_lazy("Last day"), "ends_on"),
        Column(
            "title",
            gettext_lazy("Title"),
            "title",
            link=lambda a: reverse("cooperation:activity", args=[a.pk]),
        ),
        Column("kind", gettext_lazy("Kind"), _kind),
        Column("head", gettext_lazy("Head of delegation"), "head"),
        Column("place", gettext_lazy("Place"), "place"),
        Column("organisation", OWNER, "organisation.code"),
        Column("partner", gettext_lazy("Partner"), "partner.owner_code"),
        Column("outcomes", gettext_lazy("Outcomes"), "outcomes", page=False),
    ),
)


class CommitmentFilters(Schema):
    status: Annotated[Commitment.Status | None, Label(gettext_lazy("Status"))] = None
    side: Annotated[Side | None, Label(gettext_lazy("Promised by"))] = None
    overdue: Annotated[bool, Label(gettext_lazy("Overdue only"))] = False


COMMITMENTS: Register[Commitment, CommitmentFilters] = Register(
    name="cooperation-commitments",
    filters=CommitmentFilters,
    columns=(
        Column("due_on", gettext_lazy("Due date"), "due_on"),
        Column("commitment", gettext_lazy("Commitment"), "description"),
        Column("side", gettext_lazy("Promised by"), "promised_by"),
        Column("owner", gettext_lazy("Owner"), "owner"),
        Column(
            "activity",
            gettext_lazy("Activity"),
            "activity_title",
            link=lambda c: reverse("cooperation:activity", args=[c.activity_id]),
        ),
        Column("status", gettext_lazy("Status"), _status),
        _late_column("overdue", gettext_lazy("Overdue")),
    ),
)


class CoordinationFilters(Schema):
    rotation: Annotated[int | None, Label(gettext_lazy("Rotation id"))] = Field(
        None, ge=1, le=2**63 - 1
    )
    status: Annotated[CoordinationTask.Status | None, Label(gettext_lazy("Status"))] = None
    late: Annotated[bool, Label(gettext_lazy("Late only"))] = False


COORDINATION: Register[CoordinationTask, CoordinationFilters] = Register(
    name="inter-agency-tasks",
    filters=CoordinationFilters,
    columns=(
        Column("due_on", gettext_lazy("Due date"), "due_on"),
        Column("offset", gettext_lazy("Days from departure"), "d_label"),
        Column("task", gettext_lazy("Task"), "task"),
        Column("agency", gettext_lazy("Agency"), "agency"),
        Column("responsible", gettext_lazy("Responsible"), "responsible"),
        Column(
            "rotation",
            gettext_lazy("Rotation"),
            lambda t: str(t.rotation),
            link=lambda t: reverse("deployments:rotation", args=[t.rotation_id]),
        ),
        Column("status", gettext_lazy("Status"), _status),
        _late_column("late", gettext_lazy("Late")),
    ),
)
