from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.accounts.models import who_may
from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.forms import add_service_errors
from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import register_views
from forcegen.personnel.models import Person, Requirement

from . import services
from .forms import (
    ClassForm,
    ClassStatusForm,
    CourseForm,
    DeclineForm,
    NominationForm,
    RegisterForm,
    RequirementCourseForm,
    ResultsForm,
    partner_choices,
)
from .models import Attendance, ClassSession, Course, Enrolment
from .registers import CLASSES, COURSES


def _own_organisation(request: HttpRequest) -> Organisation:
    return get_object_or_404(Organisation.objects.editable_by(request.user))


def _history(request: HttpRequest, obj: Any, own: bool) -> Any:
    return history_panel(obj) if own and can_see_history(request.user) else None


# --- Catalogue ----------------------------------------------------------------------------------


# The user's catalogue and the catalogues partners share with them.
course_list, course_export = register_views(
    COURSES,
    lambda request: Course.objects.visible_to(request.user).select_related("organisation"),
    template="training/course_list.html",
    export="training:course_export",
)


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(
        Course.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("prerequisites", "required_for"),
        pk=pk,
    )
    classes = (
        ClassSession.objects.visible_to(request.user)
        .filter(course=course, ends_on__gte=timezone.localdate())
        .exclude(status=ClassSession.Status.CANCELLED)
        .for_list()
        .order_by("starts_on")
    )
    own = course.organisation_id == active_organisation_id(request.user)
    requirements = Requirement.objects.editable_by(request.user)
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "classes": classes,
            "own": own,
            "required_by": requirements.filter(courses__course=course),
            "requirement_form": RequirementCourseForm(
                requirements=requirements.exclude(courses__course=course)
            ),
            "history": _history(request, course, own),
        },
    )


@login_required
@require_POST
def course_requirement(request: HttpRequest, pk: int) -> HttpResponse:
    """Add this course to (or, with remove=1, take it off) one of the user's requirements."""
    course = get_object_or_404(Course.objects.visible_to(request.user), pk=pk)
    requirements = Requirement.objects.editable_by(request.user)
    form = RequirementCourseForm(request.POST, requirements=requirements)
    if not form.is_valid():
        raise Http404
    requirement = form.cleaned_data["requirement"]
    if request.POST.get("remove") == "1":
        require_perm(request.user, "training.delete_requiredcourse")
        services.unrequire_course(requirement=requirement, course=course)
        messages.success(
            request,
            _("%(requirement)s no longer requires %(course)s.")
            % {"requirement": requirement.label, "course": course.code},
        )
    else:
        require_perm(request.user, "training.add_requiredcourse")
        services.require_course(requirement=requirement, course=course)
        messages.success(
            request,
            _("%(requirement)s now requires %(course)s.")
            % {"requirement": requirement.label, "course": course.code},
        )
    return redirect("training:course", pk=course.pk)


def _save_course_form(request: HttpRequest, course: Course | None) -> HttpResponse:
    organisation = _own_organisation(request)
    form = CourseForm(request.POST or None, instance=course, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in {"prerequisites", "required_for"}
        }
        try:
            saved = services.save_course(
                organisation=organisation,
                course=course,
                prerequisites=form.cleaned_data["prerequisites"],
                required_for=form.cleaned_data["required_for"],
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved %(course)s.") % {"course": saved.code})
            return redirect("training:course", pk=saved.pk)
    return render(request, "training/course_form.html", {"form": form, "course": course})


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "training.add_course")
    return _save_course_form(request, None)


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "training.change_course")
    return _save_course_form(request, course)


# --- Classes ------------------------------------------------------------------------------------


class_list, class_export = register_views(
    CLASSES,
    lambda request: ClassSession.objects.visible_to(request.user).for_list(),
    template="training/class_list.html",
    export="training:class_export",
)


def _visible_class(request: HttpRequest, pk: int) -> ClassSession:
    return get_object_or_404(
        ClassSession.objects.visible_to(request.user).select_related("course", "organisation"),
        pk=pk,
    )


def _owned_class(request: HttpRequest, pk: int) -> ClassSession:
    return get_object_or_404(
        ClassSession.objects.editable_by(request.user).select_related("course", "organisation"),
        pk=pk,
    )


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(ClassSession.objects.visible_to(request.user).for_list(), pk=pk)
    own = session.organisation_id == active_organisation_id(request.user)
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .filter(session=session)
        .for_list()
        .select_related("certificate")
        .annotate(days_present=Count("attendance", filter=Q(attendance__mark="present")))
        .order_by("status", "person__full_name")
    )
    allowed = services.TRANSITIONS[session.status]
    may_nominate = request.user.has_perm("training.nominate")
    return render(
        request,
        "training/class_detail.html",
        {
            "session": session,
            "own": own,
            "enrolments": enrolments,
            "instructors": session.instructors.select_related("rank") if own else [],
            "shared_with": session.shared_with.all() if own else [],
            "nomination_form": NominationForm(),
            "can_nominate": session.status == ClassSession.Status.OPEN and may_nominate,
            "nominate_hint": who_may("training.nominate", active_organisation_id(request.user))
            if session.status == ClassSession.Status.OPEN and not may_nominate
            else "",
            "can_decide": own and request.user.has_perm("training.decide_enrolment"),
            "can_record": own
            and request.user.has_perm("training.record_result")
            and session.status in services.UNDER_WAY,
            "can_edit": own and request.user.has_perm("training.change_classsession"),
            "status_form": ClassStatusForm(allowed=allowed) if allowed else None,
            "history": _history(request, session, own),
        },
    )


def _save_class_form(request: HttpRequest, session: ClassSession | None) -> HttpResponse:
    organisation = _own_organisation(request)
    form = ClassForm(
        request.POST or None,
        instance=session,
        organisation_id=organisation.pk,
        partners=partner_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        numbers = form.cleaned_data["instructor_numbers"]
        instructors = list(
            Person.objects.editable_by(request.user).filter(service_number__in=numbers)
        )
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"shared_with", "instructor_numbers"}
        }
        try:
            if len(instructors) != len(numbers):
                found = {p.service_number for p in instructors}
                raise ValidationError(
                    {
                        "instructor_numbers": _("Not in your registry: %(numbers)s.")
                        % {"numbers": ", ".join(n for n in numbers if n not in found)}
                    }
                )
            saved = services.save_class(
                organisation=organisation,
                session=session,
                instructors=instructors,
                shared_with=form.cleaned_data["shared_with"],
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Class saved."))
            return redirect("training:class", pk=saved.pk)
    return render(request, "training/class_form.html", {"form": form, "session": session})


@login_required
def class_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "training.add_classsession")
    return _save_class_form(request, None)


@login_required
def class_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _owned_class(request, pk)
    require_perm(request.user, "training.change_classsession")
    return _save_class_form(request, session)


@login_required
@require_POST
def class_status(request: HttpRequest, pk: int) -> HttpResponse:
    session = _owned_class(request, pk)
    require_perm(request.user, "training.change_classsession")
    try:
        services.set_class_status(session=session, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Class status changed."))
    return redirect("training:class", pk=session.pk)


@login_required
@require_POST
def class_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """Nominate one or several of the user's own people; each is checked on its own."""
    session = _visible_class(request, pk)
    require_perm(request.user, "training.nominate")
    organisation = _own_organisation(request)
    form = NominationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("service_numbers", [])))
        return redirect("training:class", pk=session.pk)
    numbers = form.cleaned_data["service_numbers"]
    people = {
        p.service_number: p
        for p in Person.objects.editable_by(request.user).filter(service_number__in=numbers)
    }
    for number in numbers:
        person = people.get(number)
        if person is None:
            messages.error(
                request,
                _("%(number)s: no such person in your registry.") % {"number": number},
            )
            continue
        try:
            services.nominate(
                session=session, person=person, organisation=organisation, user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Nominated %(person)s.") % {"person": person.full_name})
    return redirect("training:class", pk=session.pk)


def _decidable(request: HttpRequest, pk: int) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.decidable_by(request.user), pk=pk)
    require_perm(request.user, "training.decide_enrolment")
    return enrolment


@login_required
@require_POST
def enrolment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _decidable(request, pk)
    try:
        enrolment = services.accept(enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if enrolment.status == Enrolment.Status.WAITLISTED:
            messages.warning(
                request,
                _("The class is full: %(person)s is on the waiting list, position %(position)d.")
                % {
                    "person": enrolment.person.full_name,
                    "position": services.waiting_position(enrolment),
                },
            )
        else:
            messages.success(
                request, _("Accepted %(person)s.") % {"person": enrolment.person.full_name}
            )
    return redirect("training:class", pk=enrolment.session_id)


@login_required
def enrolment_decline(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _decidable(request, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline(enrolment=enrolment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nomination declined."))
            return redirect("training:class", pk=enrolment.session_id)
    return render(
        request,
        "training/enrolment_form.html",
        {"form": form, "enrolment": enrolment, "title": _("Decline a nomination")},
    )


@login_required
@require_POST
def enrolment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "training.nominate")
    try:
        services.withdraw(enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Nomination withdrawn."))
    return redirect("training:class", pk=enrolment.session_id)


def _recordable(request: HttpRequest, pk: int) -> ClassSession:
    session = _owned_class(request, pk)
    require_perm(request.user, "training.record_result")
    return session


def _trainees(session: ClassSession, statuses: AbstractSet[str]) -> list[Enrolment]:
    return list(
        session.enrolments.filter(status__in=statuses)
        .select_related("person", "organisation")
        .order_by("person__full_name")
    )


@login_required
def class_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The register of the whole class (every trainee, every day so far), saved at once."""
    session = _recordable(request, pk)
    days = session.days_until(timezone.localdate())
    enrolments = _trainees(session, services.ATTENDING)
    marks = {
        (a.enrolment_id, a.day): a.mark
        for a in Attendance.objects.filter(enrolment__in=enrolments, day__in=days)
    }
    form = RegisterForm(request.POST or None, enrolments=enrolments, days=days, marks=marks)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.record_register(session=session, marks=form.marks())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Register saved: %(count)d marks changed.") % {"count": changed}
            )
            return redirect("training:attendance", pk=session.pk)
    return render(
        request,
        "training/attendance.html",
        {"session": session, "form": form, "days_to_come": len(session.days()) - len(days)},
    )


@login_required
def class_results(request: HttpRequest, pk: int) -> HttpResponse:
    session = _recordable(request, pk)
    pending = _trainees(session, services.ASSESSABLE)
    form = ResultsForm(request.POST or None, enrolments=pending)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_results(results=form.results())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Results saved; certificates issued to those who passed."))
            return redirect("training:class", pk=session.pk)
    return render(request, "training/results.html", {"session": session, "form": form})
