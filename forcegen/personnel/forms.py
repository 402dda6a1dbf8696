from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from forcegen.core.forms import keep_choices
from forcegen.core.registers import QuickSelect

from .eligibility import Period
from .fitness import Seat
from .models import (
    Availability,
    Credential,
    Person,
    Rank,
    RequiredCredential,
    RequiredLanguage,
    Requirement,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.ModelForm[Person]):
    class Meta:
        model = Person
        fields = [
            "service_number",
            "full_name",
            "full_name_native",
            "sex",
            "date_of_birth",
            "rank",
            "branch",
            "specialties",
            "home_unit",
            "status",
            "phone",
            "email",
            "blood_group",
            "next_of_kin",
            "next_of_kin_phone",
            "last_mission_return",
        ]
        widgets = {"date_of_birth": DATE, "last_mission_return": DATE}

    def __init__(
        self, *args: Any, organisation_id: int, personal_data: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rank"].queryset = Rank.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )
        if not personal_data:  # blood group is medical: neither shown nor changed without the right
            del self.fields["blood_group"]
        self.fields["specialties"].widget.attrs["size"] = 8
        self.instance.organisation_id = organisation_id


class CredentialForm(forms.ModelForm[Credential]):
    class Meta:
        model = Credential
        fields = [
            "kind",
            "reference",
            "detail",
            "level",
            "issued_on",
            "valid_until",
            "authority",
            "document",
            "remarks",
        ]
        widgets = {"issued_on": DATE, "valid_until": DATE}


class AvailabilityForm(forms.ModelForm[Availability]):
    class Meta:
        model = Availability
        fields = ["kind", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period ends before it starts."))
        return data


class RequirementForm(forms.ModelForm[Requirement]):
    class Meta:
        model = Requirement
        fields = [
            "name",
            "specialty",
            "min_rank",
            "max_rank",
            "min_age",
            "max_age",
            "min_rest_days",
            "female_only",
            "notes",
        ]

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation_id = organisation_id


RequiredCredentialFormSet: type[
    forms.BaseInlineFormSet[RequiredCredential, Requirement, forms.ModelForm[RequiredCredential]]
] = forms.inlineformset_factory(
    Requirement, RequiredCredential, fields=["kind", "detail"], extra=2, can_delete=True
)
RequiredLanguageFormSet: type[
    forms.BaseInlineFormSet[RequiredLanguage, Requirement, forms.ModelForm[RequiredLanguage]]
] = forms.inlineformset_factory(
    Requirement, RequiredLanguage, fields=["language", "min_level"], extra=1, can_delete=True
)


class EligibilityForm(forms.Form):
    # Drawn on every person page: Django's widget templates would draw each requirement's
    # option through a template of its own (a third of the page's time).
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.none(), label=_("Requirement"), widget=QuickSelect
    )
    start = forms.DateField(label=_("Period start"), widget=DATE)
    end = forms.DateField(label=_("Period end"), widget=DATE)

    def __init__(self, *args: Any, requirements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requirement"]
        field.queryset = requirements  # type: ignore[attr-defined]
        keep_choices(field)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: datetime.date | None = data.get("start")
        end: datetime.date | None = data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        return data

    def seat(self) -> Seat:
        """The requirement's post over the period, as seat fitness checks it (valid form)."""
        requirement = self.cleaned_data["requirement"]
        period = Period(self.cleaned_data["start"], self.cleaned_data["end"])
        return Seat(requirement.organisation_id, requirement, (period,))


class AccountLinkForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Account of your organisation"),
        help_text=_("Members of your organisation whose account is not linked to a record."),
    )

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = _account_label  # type: ignore[attr-defined]


def _account_label(user: Any) -> str:
    name = user.get_full_name()
    return f"{user.username} · {name}" if name else user.username


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput,
        help_text=_("Give it to the person in confidence; they sign in with it."),
    )


class RosterUploadForm(forms.Form):
    """The upload step's one field; the file's type and size are checked by the model."""

    file = forms.FileField(
        label=_("Roster file"),
        help_text=_(".csv (UTF-8, comma or semicolon) or .xlsx; the first sheet is read."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
