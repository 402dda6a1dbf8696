from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forcegen.core.forms import PickerInput
from forcegen.personnel.models import Requirement

from .models import EquipmentLine, PcrsLevel, Unit, UnitTemplate, Visit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitCreateForm(forms.Form):
    """`services.create_unit` checks the period (`Unit.clean`): its refusal lands on `ends_on`."""

    template = forms.ModelChoiceField(
        queryset=UnitTemplate.objects.none(),
        label=_("Template"),
        help_text=_("Your organisation's templates and those partners share with it."),
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    starts_on = forms.DateField(
        label=_("Planned deployment start"),
        widget=DATE,
        required=False,
        help_text=_("Empty: the policy's default (60 days from today)."),
    )
    ends_on = forms.DateField(
        label=_("Planned deployment end"),
        widget=DATE,
        required=False,
        help_text=_("Empty: one rotation after the start."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        field.queryset = templates  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda t: f"{t.name} · {t.organisation.code}"
        )


class UnitForm(forms.ModelForm[Unit]):
    class Meta:
        model = Unit
        fields = ["name", "status", "starts_on", "ends_on", "women_target", "notes"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AssignForm(forms.Form):
    service_number = forms.CharField(
        label=_("Person"),
        max_length=40,
        widget=PickerInput("personnel:pick"),
        help_text=_("Type a name, in either script, or a service number."),
    )
    justification = forms.CharField(
        label=_("Override justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Only to assign someone who fails the requirement: say why. It is recorded with "
            "your name."
        ),
    )


class SlotAddForm(forms.Form):
    title = forms.CharField(label=_("Position"), max_length=100)
    sub_unit = forms.CharField(label=_("Sub-unit"), max_length=100, required=False)
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.none(), label=_("Eligibility requirement")
    )
    count = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=1)

    def __init__(self, *args: Any, requirements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements  # type: ignore[attr-defined]


class EquipmentLineForm(forms.ModelForm[EquipmentLine]):
    class Meta:
        model = EquipmentLine
        fields = ["kind", "category", "item", "quantity"]


class PcrsLevelForm(forms.Form):
    level = forms.ChoiceField(label=_("New level"), choices=PcrsLevel.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason and evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the UN letter registering the pledge, the AAV report."),
    )
    evidence = forms.FileField(label=_("Evidence document"), required=False)


class RenewalForm(forms.Form):
    on = forms.DateField(label=_("Renewed on"), widget=DATE)
    reason = forms.CharField(
        label=_("Reference"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.FileField(label=_("Evidence document"), required=False)


class VisitForm(forms.ModelForm[Visit]):
    class Meta:
        model = Visit
        fields = ["kind", "on", "team", "findings", "outcome"]
        widgets = {
            "on": DATE,
            "team": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "findings": _(
                "One finding a line. Standard findings of the vocabulary show in each reader's "
                "language."
            ),
        }


class VisitDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("Document"), help_text=_("PDF, PNG or JPEG, up to 10 MB."))


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Template file (JSON)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json"}),
        help_text=_("One template per file, written like the example below."),
    )
