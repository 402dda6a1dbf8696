from __future__ import annotations

import calendar
import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forcegen.personnel.models import Person
from forcegen.units.models import Unit

from .models import (
    Deployment,
    DeploymentPolicy,
    Mission,
    MissionEvent,
    MissionRequirement,
    PersonnelType,
    Rotation,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INDIVIDUAL_TYPES = [
    (t.value, t.label)
    for t in (
        PersonnelType.STAFF_OFFICER,
        PersonnelType.EXPERT_ON_MISSION,
        PersonnelType.INDIVIDUAL_POLICE,
    )
]


CLOSED_MISSIONS = "closed_missions"  # query parameter that lists closed missions too


class MissionChoiceField(forms.ModelChoiceField[Mission]):
    """Any mission is valid; the list shows the active ones, and the closed ones (most of the
    UN's missions since 1948) only on request (`?closed_missions=1`) or when already chosen."""

    def label_from_instance(self, obj: Mission) -> str:
        return obj.acronym

    def show(self, *, closed: bool, chosen: Any) -> None:
        missions = Mission.objects.only("pk", "acronym", "is_active").order_by("acronym")
        if not closed:
            chosen_pk = chosen.pk if isinstance(chosen, Mission) else chosen
            missions = missions.filter(Q(is_active=True) | Q(pk=chosen_pk or 0))
        active = [(m.pk, m.acronym) for m in missions if m.is_active]
        ended = [(m.pk, m.acronym) for m in missions if not m.is_active]
        choices: list[Any] = [("", self.empty_label or "")]
        choices.append((_("Active missions"), active))
        if ended:
            choices.append((_("Closed missions"), ended))
        self.widget.choices = choices  # type: ignore[attr-defined]
        if not closed:
            self.help_text = format_html(
                '<a href="?{}=1">{}</a>', CLOSED_MISSIONS, _("Show closed missions too")
            )


def _mission_field(**kwargs: Any) -> MissionChoiceField:
    return MissionChoiceField(queryset=Mission.objects.all(), label=_("Mission"), **kwargs)


def _chosen(form: forms.BaseForm, name: str) -> Any:
    """The field's submitted or initial value, read before its bound field exists (the bound
    field copies the help text when first made)."""
    field = form.fields[name]
    if form.is_bound:
        return field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    return form.get_initial_for_field(field, name)


class MissionChoices(forms.Form):
    """A form whose mission fields list active missions first (see MissionChoiceField)."""

    def __init__(self, *args: Any, closed_missions: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, MissionChoiceField):
                field.show(closed=closed_missions, chosen=_chosen(self, name))


# --- Rotations ------------------------------------------------------------------------------------


class RotationForm(MissionChoices):
    """A rotation's plan; the unit is chosen only when creating it."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    mission = _mission_field()
    planned_departure = forms.DateField(label=_("Planned departure"), widget=DATE)
    planned_return = forms.DateField(label=_("Planned return"), widget=DATE)
    predecessor = forms.ModelChoiceField(
        queryset=Rotation.objects.none(),
        label=_("Relieves"),
        required=False,
        help_text=_("The rotation this one takes over from."),
    )
    number = forms.IntegerField(
        label=_("Rotation number"),
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("Empty: the unit's next number."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self, *args: Any, units: Any, rotations: Any, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["predecessor"].queryset = rotations  # type: ignore[attr-defined]
        if editing:
            del self.fields["unit"]
            self.fields["number"].required = True
            self.fields["number"].help_text = ""
        else:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("planned_departure"), data.get("planned_return")
        if start and end and end < start:
            self.add_error("planned_return", _("The rotation returns before it leaves."))
        return data


class RotationMoveForm(forms.Form):
    to = forms.ChoiceField(choices=Rotation.Status.choices, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


# --- Deployments ----------------------------------------------------------------------------------


class PersonByServiceNumber(forms.CharField):
    """A person of the organisation, typed by service number (a roster can hold 50,000 people)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Service number"), max_length=40, **kwargs)
        self.people: Any = Person.objects.none()

    def clean(self, value: Any) -> Person:
        number = super().clean(value).strip()
        person = self.people.filter(service_number=number).first()
        if person is None:
            raise forms.ValidationError(_("No one in your organisation has this number."))
        return person  # type: ignore[no-any-return]


class IndividualTourForm(MissionChoices):
    person = PersonByServiceNumber()
    mission = _mission_field()
    personnel_type = forms.ChoiceField(label=_("UN personnel type"), choices=INDIVIDUAL_TYPES)
    planned_start = forms.DateField(label=_("Planned departure"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned return"), widget=DATE)
    role = forms.CharField(
        label=_("Role"),
        max_length=100,
        required=False,
        help_text=_("E.g. military observer, logistics staff officer."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].people = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The tour ends before it starts."))
        return data


class DeploymentMoveForm(forms.Form):
    to = forms.ChoiceField(choices=Deployment.Status.choices, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", "—"), *Deployment.RepatriationReason.choices],
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=MissionEvent.Kind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


# --- Deployment rules -----------------------------------------------------------------------------


class PolicyForm(forms.ModelForm[DeploymentPolicy]):
    class Meta:
        model = DeploymentPolicy
        fields = ["rest_days", "planning_lead_days", "medal_days"]


class MissionRequirementForm(forms.ModelForm[MissionRequirement]):
    mission = _mission_field(required=False, empty_label=_("Every mission"))

    class Meta:
        model = MissionRequirement
        fields = ["mission", "kind", "detail", "min_level", "effective_from", "source"]
        widgets = {"effective_from": DATE}

    def __init__(self, *args: Any, closed_missions: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].required = False  # the model's default applies
        mission = self.fields["mission"]
        assert isinstance(mission, MissionChoiceField)
        mission.show(closed=closed_missions, chosen=_chosen(self, "mission"))


# --- Numbers and contributions --------------------------------------------------------------------

MONTH = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})


class NumbersForm(forms.Form):
    on = forms.DateField(label=_("Deployed on"), required=False, widget=DATE)
    since = forms.DateField(
        label=_("Departed since"),
        required=False,
        widget=DATE,
        help_text=_("Empty: 1 January of the year of the date above."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "on" in self.errors or "since" in self.errors:
            return data
        on = data.get("on") or timezone.localdate()
        since = data.get("since") or on.replace(month=1, day=1)
        if since > on:
            self.add_error("since", _("The period must start on or before the date above."))
        data["on"], data["since"] = on, since
        return data


class ContributionsForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=MONTH)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], required=False
    )

    def clean_month(self) -> datetime.date:
        """The month's last day: the UN reports the stock on it."""
        value = self.cleaned_data["month"].strip()
        try:
            first = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise ValidationError(_("Give the month as YYYY-MM, e.g. 2024-12.")) from None
        if first > timezone.localdate():
            raise ValidationError(_("%(month)s has not begun yet.") % {"month": value})
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
