"""The reference data of reimbursement, kept from the logistics pages: the dated COE and
personnel rates and the mission factors (the same for every organisation, entered by an
administrator), and an organisation's logistics policy. Every reader sees them; a role without
the permission sees the values read-only and who may change them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forcegen.accounts.models import who_may
from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.registers import Register, export_response, list_page

from . import services
from .forms import CoeRateForm, LogisticsPolicyForm, MissionFactorForm, PersonnelRateForm
from .models import CoeRate, LogisticsPolicy, MissionFactor, PersonnelRate
from .reference_registers import FACTORS, PERSONNEL_RATES, RATES
from .views import guarded_form_page


def _list(
    request: HttpRequest,
    register: Register[Any, Any],
    scoped: Any,
    *,
    model: str,
    title: str,
    intro: str,
    add: str,
    add_label: str,
    export: str | None = None,
) -> HttpResponse:
    perm = f"logistics.add_{model}"
    may = request.user.has_perm(perm)
    return list_page(
        request,
        register,
        scoped,
        template="logistics/reference_list.html",
        export=export,
        context={
            "title": title,
            "intro": intro,
            "add_url": reverse(add),
            "add_label": add_label,
            "hint": "" if may else who_may(perm, active_organisation_id(request.user)),
            "testid": register.name,
        },
    )


def _edit(
    request: HttpRequest,
    *,
    row: Any,
    form_class: Any,
    back: str,
    title: str,
    done: str,
) -> HttpResponse:
    model = row._meta.model_name
    perm = f"logistics.{'change' if row.pk else 'add'}_{model}"
    return guarded_form_page(
        request,
        form=form_class(request.POST or None, instance=row),
        perm=perm,
        save=lambda data: services.save_reference(row=row, **data),
        done=done,
        title=title,
        cancel=reverse(back),
        history=history_panel(row) if row.pk and can_see_history(request.user) else None,
    )


# --- COE rates ------------------------------------------------------------------------------------

RATES_INTRO = gettext_lazy(
    "What the UN pays per major-equipment item (wet or dry lease) or per person for a "
    "self-sustainment category, each month, from the COE Manual edition in force. A rate is "
    "never invented: each has its source, and two rates for the same item and lease may not be "
    "in force on the same day."
)


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        RATES,
        CoeRate.objects.visible_to(request.user).for_list(),
        model="coerate",
        title=capfirst(_("COE rates")),
        intro=str(RATES_INTRO),
        add="logistics:rate_add",
        add_label=_("Add a rate"),
        export="logistics:rates_export",
    )


@login_required
def rates_export(request: HttpRequest, fmt: str) -> Any:
    return export_response(request, RATES, CoeRate.objects.visible_to(request.user).for_list(), fmt)


@login_required
def rate_add(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        row=CoeRate(),
        form_class=CoeRateForm,
        back="logistics:rates",
        title=_("Add a COE rate"),
        done=_("Rate saved."),
    )


@login_required
def rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rate = get_object_or_404(CoeRate.objects.visible_to(request.user), pk=pk)
    return _edit(
        request,
        row=rate,
        form_class=CoeRateForm,
        back="logistics:rates",
        title=_("COE rate: %(rate)s") % {"rate": rate},
        done=_("Rate saved."),
    )


# --- Personnel rates ------------------------------------------------------------------------------


@login_required
def personnel_rates(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        PERSONNEL_RATES,
        PersonnelRate.objects.visible_to(request.user).order_by("-effective_from"),
        model="personnelrate",
        title=_("Personnel rates"),
        intro=_("What the UN pays per person and month (annex A), with the dates of each rate."),
        add="logistics:personnel_rate_add",
        add_label=_("Add a rate"),
    )


@login_required
def personnel_rate_add(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        row=PersonnelRate(),
        form_class=PersonnelRateForm,
        back="logistics:personnel_rates",
        title=_("Add a personnel rate"),
        done=_("Rate saved."),
    )


@login_required
def personnel_rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rate = get_object_or_404(PersonnelRate.objects.visible_to(request.user), pk=pk)
    return _edit(
        request,
        row=rate,
        form_class=PersonnelRateForm,
        back="logistics:personnel_rates",
        title=_("Personnel rate: %(rate)s") % {"rate": rate},
        done=_("Rate saved."),
    )


# --- Mission factors ------------------------------------------------------------------------------


@login_required
def factors(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        FACTORS,
        MissionFactor.objects.visible_to(request.user).for_list(),
        model="missionfactor",
        title=_("Mission factors"),
        intro=_(
            "The percentages a mission adds to equipment and self-sustainment rates (extreme "
            "environment, intensified operations, hostile action, incremental transport)."
        ),
        add="logistics:factor_add",
        add_label=_("Add a mission factor"),
    )


@login_required
def factor_add(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        row=MissionFactor(),
        form_class=MissionFactorForm,
        back="logistics:factors",
        title=_("Add a mission factor"),
        done=_("Mission factor saved."),
    )


@login_required
def factor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    factor = get_object_or_404(
        MissionFactor.objects.visible_to(request.user).select_related("mission"), pk=pk
    )
    return _edit(
        request,
        row=factor,
        form_class=MissionFactorForm,
        back="logistics:factors",
        title=str(factor),
        done=_("Mission factor saved."),
    )


# --- The organisation's logistics policy ----------------------------------------------------------


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=active_organisation_id(request.user))
    current = LogisticsPolicy.objects.for_organisation(organisation.pk)
    perm = f"logistics.{'change' if current.pk else 'add'}_logisticspolicy"
    return guarded_form_page(
        request,
        form=LogisticsPolicyForm(request.POST or None, instance=current),
        perm=perm,
        save=lambda data: services.save_policy(organisation_id=organisation.pk, **data),
        done=_("Logistics policy saved."),
        title=_("Logistics policy of %(organisation)s") % {"organisation": organisation.name_en},
        cancel=reverse("logistics:policy"),
        history=history_panel(current) if current.pk and can_see_history(request.user) else None,
    )
