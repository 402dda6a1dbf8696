"""The inbox (a user's reminders: open, snooze, done), their e-mail preference, and the rules an
administrator sets for the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.accounts.models import User
from forcegen.core import reminders
from forcegen.core.models import active_organisation_id
from forcegen.core.permissions import require_perm

from . import services
from .forms import PreferenceForm, RuleForm, SnoozeForm
from .models import Reminder, ReminderPreference, ReminderRule

INBOX_SIZE = 50  # the nearest due first; the rest wait for these to be done


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    mine = Reminder.objects.visible_to(request.user)
    awake = list(mine.awake(today).order_by("due_on", "pk")[:INBOX_SIZE])
    total = mine.awake(today).count() if len(awake) == INBOX_SIZE else len(awake)
    snoozed = list(
        mine.filter(state=Reminder.State.SNOOZED, snoozed_until__gt=today).order_by(
            "snoozed_until", "pk"
        )[:INBOX_SIZE]
    )
    return render(
        request,
        "reminders/inbox.html",
        {"awake": awake, "total": total, "snoozed": snoozed, "today": today},
    )


def _own(request: HttpRequest, pk: int) -> Reminder:
    return get_object_or_404(Reminder.objects.visible_to(request.user), pk=pk)


@login_required
@require_POST
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _own(request, pk)
    form = SnoozeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the day to snooze until."))
        services.snooze(
            reminder=reminder, until=form.cleaned_data["until"], today=timezone.localdate()
        )
        messages.success(request, _("Snoozed until %(day)s.") % {"day": reminder.snoozed_until})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reminders:inbox")


@login_required
@require_POST
def done(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _own(request, pk)
    try:
        services.mark_done(reminder=reminder, today=timezone.localdate())
        messages.success(request, _("Marked done."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reminders:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    preference = ReminderPreference.objects.filter(user=user).first()
    preference = preference or ReminderPreference(user=user, language=request.LANGUAGE_CODE)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder e-mail preference is saved."))
        return redirect("reminders:inbox")
    return render(request, "reminders/preferences.html", {"form": form})


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """Every kind with the organisation's setting (saved, or the defaults), edited together."""
    require_perm(request.user, "reminders.change_reminderrule")
    organisation_id = active_organisation_id(request.user)
    if organisation_id is None:
        raise PermissionDenied
    saved = {r.kind: r for r in ReminderRule.objects.editable_by(request.user)}
    forms = []
    for kind in reminders.kinds():
        rule = saved.get(kind.code) or ReminderRule(
            organisation_id=organisation_id,
            kind=kind.code,
            horizon_days=kind.horizon_days,
            to_person=kind.to_person,
        )
        initial = None if rule.pk else {"roles": _default_roles(kind)}
        forms.append(
            (kind, RuleForm(request.POST or None, instance=rule, prefix=kind.code, initial=initial))
        )
    if request.method == "POST" and all(form.is_valid() for _kind, form in forms):
        with transaction.atomic():
            for _kind, form in forms:
                form.save()
        messages.success(request, _("The reminder rules are saved."))
        return redirect("reminders:rules")
    return render(request, "reminders/rules.html", {"forms": forms})


def _default_roles(kind: reminders.Kind) -> list[int]:
    return list(Group.objects.filter(name__in=kind.roles).values_list("pk", flat=True))
