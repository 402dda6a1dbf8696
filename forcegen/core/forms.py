from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .kept import KeptUntilWrite, query_key
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


class PickerInput(forms.Widget):
    """A plain text field (or box, for several values) that, with HTMX, suggests matches as the
    user types: `url_name` names a view answering the field's value with buttons carrying
    `data-pick` values; picking one fills the field in (appends, when `multiple`). Without
    JavaScript it is the plain field."""

    template_name = "core/widgets/picker.html"

    def __init__(
        self, url_name: str, *, multiple: bool = False, attrs: dict[str, Any] | None = None
    ) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.multiple = multiple

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = f"{reverse(self.url_name)}?field={name}"
        context["widget"]["multiple"] = self.multiple
        return context


_KEPT_CHOICES: KeptUntilWrite[list[Any]] = KeptUntilWrite(size=256)


def keep_choices(field: Any) -> None:
    """Draw a model select (a `ModelChoiceField`) from options kept until anything is written
    (`core.kept`), by its query (scope included): a page drawn on every visit does not read
    them again. The field still validates a choice against its queryset."""
    key = query_key(field.queryset)
    field.widget.choices = _KEPT_CHOICES.get(
        (key, field.empty_label) if key else None, lambda: list(field.choices)
    )
