from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any, overload

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forcegen.core import charts
from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.forms import add_service_errors
from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import listing, register_views
from forcegen.personnel.models import Person, Requirement

from . import services, template_files
from .extensions import links_for, reminders_for
from .fitness import slot_seat
from .forms import (
    AssignForm,
    EquipmentLineForm,
    PcrsLevelForm,
    RenewalForm,
    SlotAddForm,
    TemplateUploadForm,
    UnitCreateForm,
    UnitForm,
    VisitDocumentForm,
    VisitForm,
)
from .models import (
    PcrsRecord,
    ReadinessSnapshot,
    Slot,
    Unit,
    UnitTemplate,
    Visit,
    VisitDocument,
)
from .pledge import pledge_response
from .readiness import UnitReadiness, explain_slots, next_level_blockers, readiness_for
from .registers import BOARD, TEMPLATES
from .slot_table import Actions, slot_table_body, table_slots

BOARD_PAGE_SIZE = 25  # each line carries a breakdown and its top gaps
CANDIDATES = 25
TREND_DAYS = 90
MANAGE = "units.change_unit"


def _own_organisation(request: HttpRequest) -> Organisation:
    return get_object_or_404(Organisation.objects.editable_by(request.user))


def _editable_unit(request: HttpRequest, pk: int, perm: str = MANAGE) -> Unit:
    unit = get_object_or_404(Unit.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, perm)
    return unit


def _unit_form(
    request: HttpRequest,
    *,
    unit: Unit,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    title: str,
    multipart: bool = False,
    next_url: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """A form about one unit: on a valid POST call the service, else show it with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(
                next_url(saved) if next_url else reverse("units:detail", args=[unit.pk])
            )
    context = {"form": form, "title": title, "unit": unit, "multipart": multipart}
    return render(request, "units/form.html", context)


# --- Readiness board ------------------------------------------------------------------------------


class BoardRows(Sequence[UnitReadiness]):
    """The user's units as readiness rows, read a page at a time: the kit's pager slices them,
    and each slice is one `readiness_for` call, over the page and the partners' summaries
    together, so the page costs the same queries whatever the number of units."""

    def __init__(self, own: QuerySet[Unit], partners: list[Unit]) -> None:
        self.own, self.partners = own, partners
        self.partner_rows: list[UnitReadiness] = []

    def __len__(self) -> int:
        return self.own.count()

    @overload
    def __getitem__(self, index: int) -> UnitReadiness: ...
    @overload
    def __getitem__(self, index: slice) -> list[UnitReadiness]: ...
    def __getitem__(self, index: int | slice) -> UnitReadiness | list[UnitReadiness]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        units = list(self.own[index])
        readiness = readiness_for([*units, *self.partners])
        self.partner_rows = [readiness[u.pk] for u in self.partners]
        return [readiness[u.pk] for u in units]


def board_rows(request: HttpRequest, *, partners: bool = True) -> BoardRows:
    own = Unit.objects.visible_to(request.user).for_board()
    shared = Unit.objects.summaries_visible_to(request.user).for_board()[:200] if partners else []
    return BoardRows(own, list(shared))


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Every unit of the organisation with its readiness, plus partners' shared summaries."""
    rows = board_rows(request)
    found = listing(request, BOARD, rows)
    context = found.context(request, export="units:board_export", per_page=BOARD_PAGE_SIZE)
    return render(
        request,
        "units/board.html",
        {**context, "partner_rows": rows.partner_rows, "today": timezone.localdate()},
    )


@login_required
def board_export(request: HttpRequest, fmt: str) -> Any:
    """The board's figures of every own unit (partners' summaries are theirs to export)."""
    return listing(request, BOARD, board_rows(request, partners=False)[:]).export(fmt)


# --- Templates ------------------------------------------------------------------------------------


def _templates(request: HttpRequest) -> Any:
    scoped = UnitTemplate.objects.visible_to(request.user)
    return scoped.for_list(active_organisation_id(request.user))


template_list, template_export = register_views(
    TEMPLATES,
    _templates,
    template="units/template_list.html",
    export="units:template_export",
    context=lambda request: {"upload_form": TemplateUploadForm()},
)


EXAMPLE_TEMPLATE = "level-2-hospital.json"


@login_required
def template_example(request: HttpRequest) -> FileResponse:
    """A starter template to copy and edit: the format by example (the same file the demo loads)."""
    return FileResponse(
        (template_files.DATA_DIR / EXAMPLE_TEMPLATE).open("rb"),
        as_attachment=True,
        filename=EXAMPLE_TEMPLATE,
        content_type="application/json",
    )


@login_required
@require_POST
def template_upload(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "units.add_unittemplate")
    organisation = _own_organisation(request)
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > 2 * 1024 * 1024:
                raise ValidationError(_("A template file is smaller than 2 MB."))
            try:
                document = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise ValidationError(f"{upload.name}: {exc}") from exc
            counts = template_files.load_unit_templates(
                organisation=organisation, documents=[(upload.name, document)]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            summary = ", ".join(f"{what}: {n}" for what, n in counts.items() if n)
            messages.success(request, _("Template loaded (%(summary)s).") % {"summary": summary})
    else:
        messages.error(request, _("Choose a JSON file to load."))
    return redirect("units:templates")


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(
        UnitTemplate.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    positions = list(
        template.positions.select_related("requirement__specialty").prefetch_related(
            "requirement__credentials", "requirement__languages"
        )
    )
    own = template.organisation_id == active_organisation_id(request.user)
    return render(
        request,
        "units/template_detail.html",
        {
            "template": template,
            "groups": [
                (sub_unit, list(rows))
                for sub_unit, rows in groupby(positions, key=lambda p: p.sub_unit)
            ],
            "seats": sum(p.count for p in positions),
            "equipment": template.equipment.all(),
            "own": own,
            "history": history_panel(template) if own and can_see_history(request.user) else None,
        },
    )


# --- Units ----------------------------------------------------------------------------------------


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "units.add_unit")
    organisation = _own_organisation(request)
    templates = UnitTemplate.objects.visible_to(request.user).select_related("organisation")
    initial = {"template": request.GET.get("template")} if request.method == "GET" else None
    form = UnitCreateForm(request.POST or None, templates=templates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Unit %(name)s created with %(count)d slots.")
                % {"name": unit.name, "count": unit.slots.count()},
            )
            return redirect("units:detail", pk=unit.pk)
    return render(
        request, "units/form.html", {"form": form, "title": _("New unit from a template")}
    )


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk)
    return _unit_form(
        request,
        unit=unit,
        form=UnitForm(request.POST or None, instance=unit),
        save=lambda data: services.update_unit(unit=unit, **data),
        done=_("Saved."),
        title=_("Edit %(unit)s") % {"unit": unit.name},
    )


def _trend_chart(trend: list[tuple[datetime.date, int]]) -> str:
    if not trend:
        return ""
    title = ngettext(
        "Readiness score over %(days)s snapshot",
        "Readiness score over %(days)s snapshots",
        len(trend),
    ) % {"days": len(trend)}
    return charts.sparkline(trend, title=title, value_label=_("Readiness score"))


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.visible_to(request.user).select_related("organisation", "template"), pk=pk
    )
    readiness = readiness_for([unit])[unit.pk]
    slots = table_slots(unit)
    reasons = explain_slots(readiness, slots)
    can_manage = request.user.has_perm(MANAGE)
    actions = Actions(
        manage=can_manage,
        remove=request.user.has_perm("units.delete_slot"),
        csrf_token=get_token(request),
    )
    visits = list(unit.visits.prefetch_related("documents"))
    today = timezone.localdate()
    next_level, blockers = next_level_blockers(readiness, visits, today)
    since = today - datetime.timedelta(days=TREND_DAYS)
    trend = list(
        ReadinessSnapshot.objects.filter(unit=unit, taken_on__gte=since)
        .order_by("taken_on")
        .values_list("taken_on", "score")
    )
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "readiness": readiness,
            "slot_rows": slot_table_body(slots, reasons, actions),
            "reminders": reminders_for(unit, today),
            "unit_links": links_for(unit, request.user),
            "pcrs_history": unit.pcrs_history.select_related("recorded_by"),
            "visits": visits,
            "next_level": next_level,
            "blockers": blockers,
            "trend": trend,
            "trend_chart": _trend_chart(trend),
            "can_manage": can_manage,
            "history": history_panel(unit) if can_see_history(request.user) else None,
        },
    )


@login_required
def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.visible_to(request.user).select_related("organisation", "template"), pk=pk
    )
    return pledge_response(unit)


# --- Slots ----------------------------------------------------------------------------------------


@login_required
def slot_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk, "units.add_slot")
    requirements = Requirement.objects.editable_by(request.user)
    return _unit_form(
        request,
        unit=unit,
        form=SlotAddForm(request.POST or None, requirements=requirements),
        save=lambda data: services.add_slot(unit=unit, **data),
        done=_("Slots added."),
        title=_("Add slots"),
    )


def _slot(request: HttpRequest, pk: int) -> Slot:
    slot = get_object_or_404(
        Slot.objects.editable_by(request.user).select_related(
            "unit", "requirement__specialty", "person__rank"
        ),
        pk=pk,
    )
    require_perm(request.user, "units.change_slot")
    return slot


@login_required
def slot_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign by service number; eligible candidates are listed, anyone else needs a reason."""
    slot = _slot(request, pk)
    unit = slot.unit
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (
            Person.objects.editable_by(request.user)
            .filter(service_number=form.cleaned_data["service_number"].strip())
            .first()
        )
        if person is None:
            form.add_error("service_number", _("No one in your organisation has this number."))
        else:
            try:
                services.assign_slot(
                    slot=slot,
                    person=person,
                    user=request.user,
                    justification=form.cleaned_data["justification"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(person)s assigned to %(title)s.")
                    % {"person": person.full_name, "title": slot.title},
                )
                return redirect("units:detail", pk=unit.pk)
    candidates = (
        Person.objects.editable_by(request.user)
        .fit_for(slot_seat(slot))
        .search(request.GET.get("q", ""))
        .for_list()[:CANDIDATES]
    )
    return render(
        request,
        "units/slot_assign.html",
        {
            "slot": slot,
            "unit": unit,
            "form": form,
            "candidates": candidates,
            "q": request.GET.get("q", ""),
            "can_override": request.user.has_perm("units.override_eligibility"),
        },
    )


@login_required
@require_POST
def slot_unassign(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    services.unassign_slot(slot=slot)
    messages.success(request, _("The slot is empty again."))
    return redirect("units:detail", pk=slot.unit_id)


@login_required
@require_POST
def slot_remove(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(Slot.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "units.delete_slot")
    try:
        services.remove_slot(slot=slot)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Slot removed."))
    return redirect("units:detail", pk=slot.unit_id)


# --- Equipment ------------------------------------------------------------------------------------


@login_required
def equipment_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk, "units.add_equipmentline")
    return _unit_form(
        request,
        unit=unit,
        form=EquipmentLineForm(request.POST or None),
        save=lambda data: services.save_equipment_line(unit=unit, **data),
        done=_("Equipment requirement added."),
        title=_("Add an equipment requirement"),
    )


# --- PCRS and visits ------------------------------------------------------------------------------


@login_required
def pcrs_change(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk, "units.add_pcrsrecord")
    return _unit_form(
        request,
        unit=unit,
        form=PcrsLevelForm(
            request.POST or None, request.FILES or None, initial={"on": timezone.localdate()}
        ),
        save=lambda data: services.change_pcrs_level(unit=unit, user=request.user, **data),
        done=_("PCRS level recorded."),
        title=_("Change the PCRS level"),
        multipart=True,
    )


@login_required
def pcrs_renew(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk, "units.add_pcrsrecord")
    return _unit_form(
        request,
        unit=unit,
        form=RenewalForm(
            request.POST or None, request.FILES or None, initial={"on": timezone.localdate()}
        ),
        save=lambda data: services.renew_pledge(unit=unit, user=request.user, **data),
        done=_("Pledge renewal recorded."),
        title=_("Record a pledge renewal"),
        multipart=True,
    )


@login_required
def pcrs_evidence(request: HttpRequest, pk: int) -> FileResponse:
    record = get_object_or_404(PcrsRecord.objects.visible_to(request.user), pk=pk)
    if not record.evidence:
        raise Http404
    return FileResponse(record.evidence.open("rb"), as_attachment=True)


@login_required
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk, "units.add_visit")
    return _unit_form(
        request,
        unit=unit,
        form=VisitForm(request.POST or None),
        save=lambda data: services.save_visit(unit=unit, **data),
        done=_("Visit recorded."),
        title=_("Record a visit"),
        next_url=lambda visit: reverse("units:visit", args=[visit.pk]),
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Edited only by its owner: a POST looks among the rows the user may edit.
    visits = Visit.objects.editable_by if request.method == "POST" else Visit.objects.visible_to
    visit = get_object_or_404(visits(request.user).select_related("unit"), pk=pk)
    can_edit = request.user.has_perm("units.change_visit")
    form = VisitForm(request.POST or None, instance=visit) if can_edit else None
    if request.method == "POST":
        require_perm(request.user, "units.change_visit")
        assert form is not None
        if form.is_valid():
            services.save_visit(unit=visit.unit, visit=visit, **form.cleaned_data)
            messages.success(request, _("Visit saved."))
            return redirect("units:visit", pk=visit.pk)
    return render(
        request,
        "units/visit_detail.html",
        {
            "visit": visit,
            "unit": visit.unit,
            "form": form,
            "documents": visit.documents.select_related("uploaded_by"),
            "document_form": VisitDocumentForm(),
            "history": history_panel(visit) if can_see_history(request.user) else None,
        },
    )


@login_required
@require_POST
def visit_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "units.add_visitdocument")
    form = VisitDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_visit_document(visit=visit, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Document added."))
    else:
        messages.error(request, _("Give a title and choose a file."))
    return redirect("units:visit", pk=visit.pk)


@login_required
def visit_document(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(VisitDocument.objects.visible_to(request.user), pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True)
