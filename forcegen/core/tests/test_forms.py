"""A service's refusal shown on a form, whatever fields it names."""

from django import forms
from django.core.exceptions import ValidationError

from forcegen.core.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()


def test_errors_land_on_their_field_or_above_the_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "Taken.", "organisation": "Not yours."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Not yours."]  # no crash for a field the form lacks


def test_plain_errors_go_above_the_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError("Refused."))
    assert form.non_field_errors() == ["Refused."]
