from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, SharingGrant


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["name_native", "name_en", "is_training_centre"]


class GrantForm(forms.Form):
    grantee = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Share with"))
    scope = forms.ChoiceField(choices=SharingGrant.Scope.choices, label=_("What to share"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = partners  # type: ignore[attr-defined]
