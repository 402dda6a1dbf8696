from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from forcegen.core.forms import PickerInput
from forcegen.deployments.models import Rotation

from .models import PlanRun


class RotationChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        rotation: Rotation = obj
        return _("%(rotation)s · %(mission)s, %(start)s – %(end)s (%(status)s)") % {
            "rotation": rotation,
            "mission": rotation.mission.acronym,
            "start": rotation.starts_on.isoformat(),
            "end": rotation.ends_on.isoformat(),
            "status": rotation.get_status_display(),
        }


class PlanRunForm(forms.Form):
    rotations = RotationChoiceField(
        queryset=Rotation.objects.none(),
        label=_("Rotations to plan together"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Rotations in planning or forming; the people are shared between them."),
    )
    min_women_percent = forms.DecimalField(
        label=_("Minimum share of women (%)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Empty: the highest women target of the units."),
    )
    min_experienced = forms.IntegerField(
        label=_("Minimum experienced people"),
        initial=0,
        min_value=0,
        help_text=_("People with at least one past tour, for continuity and handover."),
    )
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), initial=10, min_value=1, max_value=600
    )
    method = forms.ChoiceField(
        label=_("Method"), choices=PlanRun.Method.choices, initial=PlanRun.Method.CP_SAT
    )

    def __init__(self, *args: Any, rotations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rotations"].queryset = rotations  # type: ignore[attr-defined]


class ProposalForm(forms.Form):
    service_number = forms.CharField(
        label=_("Person"),
        max_length=40,
        required=False,
        widget=PickerInput("personnel:pick"),
        help_text=_("Type a name, in either script, or a service number."),
    )
    leave_empty = forms.BooleanField(label=_("Leave the slot empty"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("leave_empty") and not (data.get("service_number") or "").strip():
            self.add_error("service_number", _("Give a service number, or leave the slot empty."))
        return data
