from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The standard login form; axes counts its failures."""


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
