"""The product's modules as the navigation shows them. A module without a URL is still coming."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    summary: str | Promise
    url_name: str | None = None


MODULES: tuple[Module, ...] = (
    Module(
        "personnel", _("Personnel"), _("Registry, credentials and eligibility."), "personnel:list"
    ),
    Module(
        "training",
        _("Training"),
        _("Courses, classes, results and certificates."),
        "training:classes",
    ),
    Module(
        "units",
        _("Units and readiness"),
        _("Unit templates, slots, readiness and PCRS."),
        "units:board",
    ),
    Module(
        "deployments",
        _("Deployments"),
        _("Missions, rotations and nominal rolls."),
        "deployments:rotations",
    ),
    Module(
        "planner",
        _("Rotation planner"),
        _("Optimal selection for the next rotations."),
        "planning:list",
    ),
    Module(
        "logistics",
        _("Logistics"),
        _("Equipment and UN reimbursement."),
        "logistics:inventory",
    ),
    Module(
        "documents",
        _("Legal documents"),
        _("Directives, regulations and circulars."),
        "documents:list",
    ),
    Module("cooperation", _("Cooperation"), _("Partners, agreements and delegation visits.")),
    Module(
        "reports",
        _("Reports"),
        _("UN rankings, trends, gender parity and reconciliation."),
        "insights:ranking",
    ),
)


def module(key: str) -> Module | None:
    return next((m for m in MODULES if m.key == key), None)
