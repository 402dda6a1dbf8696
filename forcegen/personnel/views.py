from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.accounts.models import who_may
from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.forms import add_service_errors
from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import (
    Listing,
    export_response,
    list_page,
    listing,
    read_filters,
    register_views,
)

from . import roster_columns, services, tasks
from .fitness import fitness
from .forms import (
    AccountCreateForm,
    AccountLinkForm,
    AvailabilityForm,
    CredentialForm,
    EligibilityForm,
    PersonForm,
    RequiredCredentialFormSet,
    RequiredLanguageFormSet,
    RequirementForm,
    RosterUploadForm,
)
from .models import Credential, Person, Rank, Requirement, RosterImport
from .registers import (
    ELIGIBLE,
    EXPIRING,
    PEOPLE,
    PEOPLE_WITH_PASSPORTS,
    ROSTER_CHANGES,
    ROSTER_ERRORS,
    EligibleFilters,
)

PAGE_SIZE = 50
PRIVATE = "personnel.view_personal_data"


def _own_organisation(request: HttpRequest) -> Organisation:
    return get_object_or_404(Organisation.objects.editable_by(request.user))


PICK_LIMIT = 10


@login_required
def person_pick(request: HttpRequest) -> HttpResponse:
    """Suggestions for a person field as the user types (HTMX): the user's own personnel whose
    name, in either script, or service number contains the word being typed."""
    typed = re.split(r"[\s,;]+", request.GET.get(request.GET.get("field", ""), "").strip())[-1]
    people = (
        Person.objects.editable_by(request.user)
        .search(typed)
        .select_related("rank")
        .order_by("full_name", "pk")[:PICK_LIMIT]
        if len(typed) >= 2
        else []
    )
    return render(request, "personnel/_pick.html", {"people": people, "typed": typed})


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    scoped = Person.objects.visible_to(request.user).for_list()
    return list_page(
        request, PEOPLE, scoped, template="personnel/person_list.html", export="personnel:export"
    )


@login_required
def person_export(request: HttpRequest, fmt: str) -> Any:
    """The filtered list as CSV or XLSX, in the roster import template's columns."""
    passports = request.user.has_perm(PRIVATE)
    people = Person.objects.visible_to(request.user).for_export(passports=passports)
    return export_response(request, PEOPLE_WITH_PASSPORTS if passports else PEOPLE, people, fmt)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.visible_to(request.user).for_eligibility().select_related("user"), pk=pk
    )
    requirements = Requirement.objects.visible_to(request.user)
    form = EligibilityForm(request.GET or None, requirements=requirements)
    verdict = None
    if form.is_valid():
        verdict = fitness(person, form.seat())
    return render(
        request,
        "personnel/person_detail.html",
        {
            "person": person,
            "credentials": person.credentials.all(),
            "unavailability": person.unavailability.all(),
            "timeline": person.timeline(),
            "can_see_private": request.user.has_perm(PRIVATE),
            "account_hint": _account_hint(request.user),
            "eligibility_form": form,
            "verdict": verdict,
            "today": timezone.localdate(),
            "history": history_panel(person) if can_see_history(request.user) else None,
        },
    )


def _account_hint(user: Any) -> str:
    """Who may manage a person's sign-in, for a reader whose role does not allow it."""
    if user.has_perm("personnel.change_person") and user.has_perm(PRIVATE):
        return ""
    return who_may(PRIVATE, active_organisation_id(user))


def _save_person_form(request: HttpRequest, person: Person | None) -> HttpResponse:
    organisation = _own_organisation(request)
    form = PersonForm(
        request.POST or None,
        instance=person,
        organisation_id=organisation.pk,
        personal_data=request.user.has_perm(PRIVATE),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "specialties"}
        try:
            saved = services.save_person(
                organisation=organisation,
                person=person,
                specialties=form.cleaned_data["specialties"],
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved %(person)s.") % {"person": saved.full_name})
            return redirect("personnel:detail", pk=saved.pk)
    return render(request, "personnel/person_form.html", {"form": form, "person": person})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "personnel.add_person")
    return _save_person_form(request, None)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "personnel.change_person")
    return _save_person_form(request, person)


@login_required
def person_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Who signs in to this person's own record: link an account of the organisation, create a
    sign-in, or unlink. Only a role that sees personal data may, as the account will see it."""
    person = get_object_or_404(Person.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "personnel.change_person")
    require_perm(request.user, PRIVATE)
    action = request.POST.get("action") if request.method == "POST" else None
    link = AccountLinkForm(
        request.POST if action == "link" else None, accounts=services.accounts_to_link(person)
    )
    create = AccountCreateForm(request.POST if action == "create" else None)
    if action and _change_account(action, person, link, create):
        messages.success(request, _("Sign-in for %(person)s saved.") % {"person": person})
        return redirect("personnel:detail", pk=person.pk)
    return render(
        request,
        "personnel/person_account.html",
        {"person": person, "link_form": link, "create_form": create},
    )


def _change_account(
    action: str, person: Person, link: AccountLinkForm, create: AccountCreateForm
) -> bool:
    """Carry out the posted action; False leaves the form's errors to show."""
    if action == "unlink":
        services.unlink_account(person=person)
        return True
    form: AccountLinkForm | AccountCreateForm = link if action == "link" else create
    if not form.is_valid():
        return False
    try:
        if form is link:
            services.link_account(person=person, user=form.cleaned_data["user"])
        else:
            services.create_account(person=person, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@login_required
def credential_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "personnel.add_credential")
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_credential(person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Credential added."))
            return redirect("personnel:detail", pk=person.pk)
    return render(
        request,
        "personnel/subform.html",
        {"form": form, "person": person, "title": _("Add a credential"), "multipart": True},
    )


@login_required
def availability_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "personnel.add_availability")
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_unavailability(person=person, **form.cleaned_data)
        messages.success(request, _("Unavailability recorded."))
        return redirect("personnel:detail", pk=person.pk)
    return render(
        request,
        "personnel/subform.html",
        {"form": form, "person": person, "title": _("Record unavailability")},
    )


@login_required
def credential_document(request: HttpRequest, pk: int) -> FileResponse:
    """Documents are never public files: served here, after the scope and privacy checks."""
    credential = get_object_or_404(Credential.objects.visible_to(request.user), pk=pk)
    if credential.is_private and not request.user.has_perm(PRIVATE):
        raise PermissionDenied
    if not credential.document:
        raise Http404
    return FileResponse(credential.document.open("rb"), as_attachment=True)


# Credentials that lapse within N days (90 by default), soonest first.
expiring, expiring_export = register_views(
    EXPIRING,
    lambda request: Credential.objects.visible_to(request.user),
    template="personnel/expiring.html",
    export="personnel:expiring_export",
)


def _eligible(
    request: HttpRequest, *, export: bool = False
) -> tuple[Listing[EligibleFilters, Any], Requirement | None]:
    """Everyone eligible for the chosen requirement over the period (decided in SQL); no one
    until the requirement (one the user may see) and both dates are given."""
    filtering = read_filters(EligibleFilters, request.GET, request.user)
    chosen = filtering.values
    requirement = (
        Requirement.objects.visible_to(request.user).filter(pk=chosen.requirement).first()
        if chosen.requirement and chosen.start and chosen.end
        else None
    )
    people = Person.objects.visible_to(request.user)
    if requirement is None:
        rows = people.none()
    else:
        fit = people.fit_for(chosen.seat(requirement))
        rows = fit.for_export() if export else fit.for_list()
    return Listing(register=ELIGIBLE, filtering=filtering, rows=rows), requirement


@login_required
def eligible(request: HttpRequest) -> HttpResponse:
    found, requirement = _eligible(request)
    context = found.context(request, export="personnel:eligible_export" if requirement else None)
    return render(request, "personnel/eligible.html", {**context, "requirement": requirement})


@login_required
def eligible_export(request: HttpRequest, fmt: str) -> Any:
    found, requirement = _eligible(request, export=True)
    if requirement is None:
        raise Http404
    return found.export(fmt)


# --- Roster import: upload -> preview (checked by a task) -> confirm -> done --------------------

IMPORT_PERMISSION = "personnel.import_personnel"


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, IMPORT_PERMISSION)
    organisation = _own_organisation(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            roster_import = tasks.submit_roster(
                organisation=organisation, user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("personnel:import_detail", pk=roster_import.pk)
    recent = RosterImport.objects.visible_to(request.user).select_related("uploaded_by")[:10]
    return render(
        request,
        "personnel/import_start.html",
        {"form": form, "columns": roster_columns.COLUMNS, "recent": recent},
    )


def _import_rows(request: HttpRequest, roster_import: RosterImport) -> Listing[Any, Any]:
    """A roster has errors or changes, never both: the register of whichever it has (a change's
    fields named for the reader, its ranks by name: one query)."""
    if roster_import.errors:
        return listing(request, ROSTER_ERRORS, roster_import.errors)
    ranks = Rank.objects.editable_by(request.user)
    return listing(request, ROSTER_CHANGES, change_lines(roster_import.changes, ranks))


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview and the outcome; while a task works on it, HTMX polls the status part."""
    require_perm(request.user, IMPORT_PERMISSION)
    roster_import = get_object_or_404(
        RosterImport.objects.visible_to(request.user).select_related("uploaded_by", "confirmed_by"),
        pk=pk,
    )
    found = _import_rows(request, roster_import)
    polled = request.headers.get("HX-Request") == "true"
    return render(
        request,
        "personnel/import_status.html" if polled else "personnel/import_detail.html",
        {
            **found.context(
                request, export="personnel:import_rows_export", export_args=[roster_import.pk]
            ),
            "roster_import": roster_import,
            "counts": roster_import.counts,
            "column_choices": roster_columns.COLUMNS,
        },
    )


@login_required
def import_rows_export(request: HttpRequest, pk: int, fmt: str) -> Any:
    """The import's errors (row, column, field, message: what the uploader fixes the file
    from), or else its changes, as a file."""
    require_perm(request.user, IMPORT_PERMISSION)
    roster_import = get_object_or_404(RosterImport.objects.visible_to(request.user), pk=pk)
    return _import_rows(request, roster_import).export(fmt)


def _field_label(name: str) -> str:
    field = Person._meta.get_field(name.removesuffix("_id"))
    return str(getattr(field, "verbose_name", name))


def change_lines(changes: Sequence[dict[str, Any]], ranks_in_scope: Any) -> list[dict[str, Any]]:
    """An import's changes with field labels, ranks named (one query)."""
    rank_ids = {
        value
        for change in changes
        for f in change.get("fields", [])
        if f["field"] == "rank_id"
        for value in (f["old"], f["new"])
        if value.isdigit()
    }
    ranks = {str(r.pk): str(r.name_native) for r in ranks_in_scope.filter(pk__in=rank_ids)}
    labels = {"specialties": _("specialties"), "credentials": _("passport or language result")}
    lines = []
    for change in changes:
        fields = []
        for f in change.get("fields", []):
            name = f["field"]
            if name not in labels:  # once per field, not once per row
                labels[name] = _field_label(name)
            if name == "rank_id":
                f = {**f, "old": ranks.get(f["old"], ""), "new": ranks.get(f["new"], "")}
            fields.append({**f, "label": labels[name]})
        lines.append({**change, "fields": fields})
    return lines


@login_required
@require_POST
def import_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview's choices for unknown headings: remembered, then the file is checked again."""
    require_perm(request.user, IMPORT_PERMISSION)
    roster_import = get_object_or_404(RosterImport.objects.editable_by(request.user), pk=pk)
    choices = {
        header: request.POST.get(f"column-{header}", "")
        for header in roster_import.unknown_columns
        if request.POST.get(f"column-{header}")
    }
    try:
        tasks.remap_columns(roster_import=roster_import, choices=choices, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved for your next rosters too; the file is checked again."))
    return redirect("personnel:import_detail", pk=roster_import.pk)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, IMPORT_PERMISSION)
    roster_import = get_object_or_404(RosterImport.objects.editable_by(request.user), pk=pk)
    try:
        tasks.confirm_roster(roster_import=roster_import, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Import started: the roster is being stored."))
    return redirect("personnel:import_detail", pk=roster_import.pk)


@login_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The documented roster template, empty, as CSV or XLSX (with a sheet describing columns)."""
    if fmt == "csv":
        response = HttpResponse(
            roster_columns.template_csv(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            roster_columns.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="roster-template.{fmt}"'
    return response


@login_required
def requirement_list(request: HttpRequest) -> HttpResponse:
    requirements = (
        Requirement.objects.visible_to(request.user)
        .select_related("specialty")
        .prefetch_related("credentials", "languages")
    )
    return render(request, "personnel/requirement_list.html", {"requirements": requirements})


@login_required
def requirement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or change an eligibility requirement and its credential and language rows."""
    requirement = (
        get_object_or_404(Requirement.objects.editable_by(request.user), pk=pk) if pk else None
    )
    require_perm(request.user, f"personnel.{'change' if pk else 'add'}_requirement")
    organisation = _own_organisation(request)
    data = request.POST or None
    form = RequirementForm(data, instance=requirement, organisation_id=organisation.pk)
    formsets: list[Any] = [
        RequiredCredentialFormSet(data, instance=requirement, prefix="credentials"),
        RequiredLanguageFormSet(data, instance=requirement, prefix="languages"),
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        saved = services.save_requirement(form=form, formsets=formsets)
        messages.success(request, _("Requirement “%(name)s” saved.") % {"name": saved.name})
        return redirect("personnel:requirements")
    return render(
        request,
        "personnel/requirement_form.html",
        {"form": form, "formsets": formsets, "requirement": requirement},
    )
