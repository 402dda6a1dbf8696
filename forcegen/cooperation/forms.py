"""Forms of the cooperation pages; the writes go through services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forcegen.personnel.models import Person

from .models import (
    Activity,
    Agreement,
    Checklist,
    ChecklistStep,
    Commitment,
    Contact,
    CoordinationTask,
    Partner,
    Plan,
    PlanItem,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _OwnChoices(forms.ModelForm):  # type: ignore[type-arg]
    """Choices limited to the records of the user's organisation (`choices` per field)."""

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class PartnerForm(forms.ModelForm[Partner]):
    class Meta:
        model = Partner
        fields = ["code", "kind", "name_en", "name_lo", "name_vi", "name_fr", "country", "notes"]


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone"]


class AgreementForm(_OwnChoices):
    class Meta:
        model = Agreement
        fields = [
            "partner",
            "kind",
            "title",
            "reference",
            "signed_on",
            "effective_from",
            "effective_to",
            "status",
            "document",
            "notes",
        ]
        widgets = {"signed_on": DATE, "effective_from": DATE, "effective_to": DATE}


class PlanForm(_OwnChoices):
    class Meta:
        model = Plan
        fields = ["partner", "agreement", "year", "title", "status"]


class PlanItemForm(forms.ModelForm[PlanItem]):
    class Meta:
        model = PlanItem
        fields = [
            "area",
            "title",
            "side",
            "responsible_owner",
            "responsible_partner",
            "target_on",
            "target_trainees",
        ]
        widgets = {"target_on": DATE}


class ItemProgressForm(forms.Form):
    """What either side may write on an item it owns."""

    status = forms.ChoiceField(label=_("Status"), choices=PlanItem.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    evidence = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ActivityForm(_OwnChoices):
    class Meta:
        model = Activity
        fields = [
            "partner",
            "kind",
            "title",
            "head",
            "members",
            "guests",
            "starts_on",
            "ends_on",
            "place",
            "agenda",
            "minutes",
            "outcomes",
            "advances",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "guests": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "advances": _(
                "Once the activity is held, these items move: a planned item is in progress; "
                "an item without people to train reaches the share of its activities held, "
                "and is done when all are held. Only items your side may update are offered."
            ),
        }


class CommitmentForm(forms.ModelForm[Commitment]):
    class Meta:
        model = Commitment
        fields = ["side", "description", "owner", "due_on"]
        widgets = {"due_on": DATE}


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CoordinationTask.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ChecklistForm(forms.ModelForm[Checklist]):
    class Meta:
        model = Checklist
        fields = ["name"]


class ChecklistStepForm(forms.ModelForm[ChecklistStep]):
    class Meta:
        model = ChecklistStep
        fields = ["task", "agency", "offset_days", "responsible"]


class SignedCopyForm(forms.Form):
    file = forms.FileField(label=_("Signed copy (PDF, PNG or JPEG)"))


class StartChecklistForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Checklist"), queryset=Checklist.objects.none())

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]


def _legal_documents(user: Any) -> Any:
    """The legal register's documents the user reads (the model named by the agreement's field,
    so that this module does not import the register's models)."""
    register: Any = Agreement._meta.get_field("document").related_model
    return register.objects.visible_to(user)


def own_choices(user: Any, organisation_id: int) -> dict[str, Any]:
    """The querysets a form of the user's organisation chooses from."""
    partners = Partner.objects.editable_by(user)
    return {
        "partner": partners,
        "agreement": Agreement.objects.editable_by(user),
        "document": _legal_documents(user),
        "members": Person.objects.filter(organisation_id=organisation_id),
        "advances": PlanItem.objects.visible_to(user)
        .updatable_by(organisation_id)
        .select_related("plan"),
    }


def choices_for(form_class: type[_OwnChoices], user: Any, organisation_id: int) -> dict[str, Any]:
    every = own_choices(user, organisation_id)
    return {name: every[name] for name in form_class._meta.fields if name in every}  # type: ignore[union-attr]
