from typing import Any

from django import forms
from django.core.exceptions import ValidationError
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


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, else above the form.

    (`form.add_error(None, exc)` would raise for a field the form does not have.)
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
