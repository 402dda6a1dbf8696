"""Certificates: the register, a certificate's page, its PDF and revocation, and the public
verification by the printed code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.models import active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import register_views

from . import services
from .forms import RevokeForm
from .models import Certificate
from .pdf import render_certificate
from .registers import CERTIFICATES

certificate_list, certificate_export = register_views(
    CERTIFICATES,
    lambda request: Certificate.objects.visible_to(request.user).for_list(),
    template="training/certificate_list.html",
    export="training:certificate_export",
)


def _certificate(request: HttpRequest, pk: int) -> Certificate:
    return get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related(
            "course",
            "person",
            "person__rank",
            "organisation",
            "enrolment__organisation",
            "enrolment__session",
        ),
        pk=pk,
    )


@login_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    own = certificate.organisation_id == active_organisation_id(request.user)
    return render(
        request,
        "training/certificate_detail.html",
        {
            "certificate": certificate,
            "verify_url": request.build_absolute_uri(certificate.verification_path),
            "can_revoke": own
            and certificate.revoked_at is None
            and request.user.has_perm("training.revoke_certificate"),
            "revoke_form": RevokeForm(),
            "history": history_panel(certificate)
            if own and can_see_history(request.user)
            else None,
        },
    )


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    verify_url = request.build_absolute_uri(certificate.verification_path)
    data = render_certificate(certificate, verify_url=verify_url)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "training.revoke_certificate")
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["reason"]))
        services.revoke_certificate(
            certificate=certificate, reason=form.cleaned_data["reason"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Certificate revoked."))
    return redirect("training:certificate", pk=certificate.pk)


@never_cache
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Public, no login: confirms the course, the holder's name, the dates and whether the
    certificate is valid, expired or revoked, and nothing more."""
    certificate = (
        Certificate.objects.select_related("course", "person", "enrolment__session")
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        return render(request, "training/verify_missing.html", status=404)
    return render(
        request,
        "training/verify.html",
        {"certificate": certificate, "state": certificate.state},
    )
