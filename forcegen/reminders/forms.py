from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from forcegen.accounts.roles import Role, role_label

from .models import ReminderPreference, ReminderRule, RenewalRequest

DATE = forms.DateInput(attrs={"type": "date"})


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Snooze until"), widget=DATE)


class PreferenceForm(forms.ModelForm[ReminderPreference]):
    class Meta:
        model = ReminderPreference
        fields = ["delivery", "language"]


class RoleChoice(forms.ModelMultipleChoiceField[Group]):
    def label_from_instance(self, obj: Group) -> str:
        return role_label(obj.name)


class RuleForm(forms.ModelForm[ReminderRule]):
    roles = RoleChoice(
        queryset=Group.objects.filter(name__in=Role.values).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Told"),
    )

    class Meta:
        model = ReminderRule
        fields = ["active", "horizon_days", "roles", "to_person"]


class RenewalForm(forms.ModelForm[RenewalRequest]):
    class Meta:
        model = RenewalRequest
        fields = ["kind", "reference", "detail", "issued_on", "valid_until", "document"]
        widgets = {"issued_on": DATE, "valid_until": DATE}

    def clean_valid_until(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["valid_until"]
        if value < datetime.date.today():
            raise forms.ValidationError(_("A renewed document is still valid today."))
        return value


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusal"), max_length=300)
