"""Self-service: "My record" for a person with a user account (their credentials, certificates,
training, tours, reminders, and renewed documents they send in), and the personnel officers'
approval of those documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.core.forms import add_service_errors
from forcegen.core.permissions import require_perm
from forcegen.training.pdf import render_certificate

from . import record
from .forms import RefuseForm, RenewalForm
from .models import RenewalRequest


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    person = record.own_person(request.user)
    if person is None:
        return render(request, "reminders/no_record.html")
    form = RenewalForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(_("Check the renewed document."))
            record.submit_renewal(person=person, user=request.user, form=form)
            messages.success(
                request, _("Your renewed document is sent to a personnel officer for approval.")
            )
            return redirect("me:record")
        except ValidationError as exc:
            add_service_errors(form, exc)
    found = record.record_of(person, today=timezone.localdate())
    return render(request, "reminders/my_record.html", {"record": found, "form": form})


@login_required
def my_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        record.own_certificates(request.user).select_related("course", "person", "organisation"),
        pk=pk,
    )
    verify_url = request.build_absolute_uri(certificate.verification_path)
    response = HttpResponse(
        render_certificate(certificate, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


@login_required
def my_credential_document(request: HttpRequest, pk: int) -> FileResponse:
    credential = get_object_or_404(record.own_credentials(request.user), pk=pk)
    if not credential.document:
        raise Http404
    return FileResponse(credential.document.open("rb"), as_attachment=True)


@login_required
def renewals(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "reminders.change_renewalrequest")
    pending = (
        RenewalRequest.objects.editable_by(request.user)
        .pending()
        .select_related("person", "person__rank")
        .order_by("submitted_at", "pk")
    )
    return render(request, "reminders/renewals.html", {"pending": pending, "form": RefuseForm()})


def _pending(request: HttpRequest, pk: int) -> RenewalRequest:
    renewal = get_object_or_404(RenewalRequest.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "reminders.change_renewalrequest")
    return renewal


@login_required
def renewal_document(request: HttpRequest, pk: int) -> FileResponse:
    renewal = _pending(request, pk)
    return FileResponse(renewal.document.open("rb"), as_attachment=True)


@login_required
@require_POST
def renewal_approve(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = _pending(request, pk)
    try:
        record.approve_renewal(renewal=renewal, user=request.user)
        messages.success(
            request,
            _("%(person)s's record now has the renewed document.")
            % {"person": renewal.person.full_name},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reminders:renewals")


@login_required
@require_POST
def renewal_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = _pending(request, pk)
    form = RefuseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the document is refused."))
        record.refuse_renewal(
            renewal=renewal, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The renewed document is refused."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reminders:renewals")
