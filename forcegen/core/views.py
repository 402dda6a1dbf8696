from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import dashboard, health, services
from .audit import can_see_history, history_for
from .forms import GrantForm, OrganisationForm
from .jobs import kind_label
from .models import Job, Organisation, Partnership, SharingGrant, active_organisation_id
from .modules import MODULES, module
from .org_export import export_response
from .permissions import require_perm


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for monitoring; no login needed, no data disclosed."""
    if not health.database_answers():
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to take traffic: the database answers and its schema matches the code."""
    if not health.database_answers():
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    pending = health.unapplied_migrations()
    if pending:
        return JsonResponse(
            {"status": "error", "database": "ok", "unapplied_migrations": len(pending)},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org_id = active_organisation_id(request.user)
    organisation = Organisation.objects.editable_by(request.user).first()
    partnerships = (
        Partnership.objects.visible_to(request.user).active().select_related("source", "target")
    )
    return render(
        request,
        "core/home.html",
        {
            "organisation": organisation,
            "partners": [p.other_party(org_id) for p in partnerships] if org_id else [],
            "module_cards": MODULES,
            "panels": dashboard.panels(request),
        },
    )


@login_required
def coming(request: HttpRequest, key: str) -> HttpResponse:
    found = module(key)
    if found is None:
        raise Http404
    return render(request, "core/coming.html", {"module": found})


JOBS_SHOWN = 50


@login_required
def my_jobs(request: HttpRequest) -> HttpResponse:
    """The user's background jobs (imports, plan runs, reports) and how far each has got; HTMX
    polls the list while one is still running."""
    jobs = list(Job.objects.visible_to(request.user)[:JOBS_SHOWN])
    rows = [(job, kind_label(job.kind)) for job in jobs]
    context = {"rows": rows, "running": any(job.is_running for job in jobs)}
    if request.headers.get("HX-Request") == "true":
        return render(request, "core/_jobs.html", context)
    return render(request, "core/jobs.html", context)


@login_required
def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.visible_to(request.user), code=code)
    own = org.pk == active_organisation_id(request.user)
    grants = (
        SharingGrant.objects.visible_to(request.user)
        .filter(Q(grantor=org) | Q(grantee=org))
        .select_related("grantor", "grantee")
    )
    context = {
        "org": org,
        "own": own,
        "partnerships": Partnership.objects.visible_to(request.user)
        .involving(org.pk)
        .select_related("source", "target"),
        "grants": grants,
        "can_edit": own and request.user.has_perm("core.change_organisation"),
        "can_share": own and request.user.has_perm("core.manage_sharing"),
        "grant_form": GrantForm(partners=_partners(request)) if own else None,
        "history": history_for(org)[:50] if own and can_see_history(request.user) else None,
    }
    return render(request, "core/organisation_detail.html", context)


@login_required
def organisation_edit(request: HttpRequest, code: str) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.editable_by(request.user), code=code)
    require_perm(request.user, "core.change_organisation")
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Organisation details saved."))
        return redirect("core:organisation", code=org.code)
    return render(request, "core/organisation_form.html", {"org": org, "form": form})


@login_required
@require_GET
def organisation_export(request: HttpRequest, code: str) -> FileResponse:
    org = get_object_or_404(Organisation.objects.editable_by(request.user), code=code)
    require_perm(request.user, "core.change_organisation")
    return export_response(org)


def _partners(request: HttpRequest) -> QuerySet[Organisation]:
    own = Organisation.objects.editable_by(request.user)
    return Organisation.objects.visible_to(request.user).exclude(pk__in=own)


def _form_problems(form: GrantForm) -> str:
    """The form's errors as plain text for a message, each after its field's label."""
    problems = []
    for name, errors in form.errors.items():
        text = " ".join(str(error) for error in errors)
        problems.append(f"{form[name].label}: {text}" if name in form.fields else text)
    return "; ".join(problems)


@login_required
@require_POST
def grant_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "core.manage_sharing")
    grantor = get_object_or_404(Organisation.objects.editable_by(request.user))
    form = GrantForm(request.POST, partners=_partners(request))
    if form.is_valid():
        try:
            services.grant_sharing(
                grantor=grantor,
                grantee=form.cleaned_data["grantee"],
                scope=form.cleaned_data["scope"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
            messages.success(request, _("Sharing granted."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request, _("The grant was not saved: %(errors)s") % {"errors": _form_problems(form)}
        )
    return redirect("core:organisation", code=grantor.code)


@login_required
@require_POST
def grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    require_perm(request.user, "core.manage_sharing")
    grant = get_object_or_404(SharingGrant.objects.editable_by(request.user), pk=grant_id)
    services.revoke_grant(grant=grant, user=request.user)
    messages.success(request, _("Sharing revoked."))
    return redirect("core:organisation", code=grant.grantor.code)
