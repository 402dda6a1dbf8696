"""The product's modules as the navigation shows them. A module without a URL is still coming."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
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
    Module(
        "cooperation",
        _("Cooperation"),
        _("Partners, agreements and delegation visits."),
        "cooperation:overview",
    ),
    Module(
        "reports",
        _("Reports"),
        _("UN rankings, trends, gender parity and reconciliation."),
        "insights:ranking",
    ),
)


def module(key: str) -> Module | None:
    return next((m for m in MODULES if m.key == key), None)


def after_switch(path: str) -> str:
    """Where a user lands after switching organisation on `path`: the same page, unless it shows
    one record (which the other organisation may not see): then its module's list, else home."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return reverse("core:home")
    if not (match.args or match.kwargs):
        return path
    listed = next(
        (m.url_name for m in MODULES if m.url_name and m.url_name.split(":")[0] == match.namespace),
        "core:home",
    )
    return reverse(listed)
