"""Control characters are refused on input, in the UI and the API alike (model validation)."""

import pytest
from django.core.exceptions import ValidationError

from forcegen.core.models import Organisation
from forcegen.core.text import validate_multi_line, validate_single_line


@pytest.mark.parametrize("text", ["Van\x01An", "A\x0bB", "nul\x00", "tab\there", "line\nbreak"])
def test_single_line_text_refuses_control_characters(text):
    with pytest.raises(ValidationError, match="control character"):
        validate_single_line(text)


def test_multi_line_text_keeps_tabs_and_line_breaks():
    validate_multi_line("first\tline\r\nsecond")
    with pytest.raises(ValidationError):
        validate_multi_line("bell\x07")


def test_every_forcegen_text_field_is_guarded():
    from django.apps import apps
    from django.db import models

    unguarded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("forcegen.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and validate_single_line not in field.validators
        and validate_multi_line not in field.validators
    ]
    assert unguarded == []


def test_the_api_refuses_a_control_character_like_the_form(cast, login, orgs):
    client = login(cast["vn_admin"])
    response = client.patch(
        "/api/v1/organisations/vn-dpko/",
        {"name_en": "Viet\x0bNam"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "name_en"
    assert Organisation.objects.get(code="vn-dpko").name_en != "Viet\x0bNam"


def test_the_form_refuses_it_too(cast, login, orgs):
    response = login(cast["vn_admin"]).post(
        "/organisations/vn-dpko/edit/",
        {"name_native": "Cục\x01", "name_en": "Viet Nam", "country": "VNM"},
    )
    assert response.status_code == 200
    assert "control character" in response.content.decode()
    assert Organisation.objects.get(code="vn-dpko").name_native != "Cục\x01"
