"""Specialties carry their names in the four languages of the interface (core.TranslatedName):
the starter table's translations survive the move from a JSON map to one column per language."""

import pytest
from django.utils import translation

from forcegen.personnel.models import Specialty

pytestmark = pytest.mark.django_db


def test_the_starter_names_are_kept_in_every_language():
    surgeon = Specialty.objects.get(code="surgeon")
    assert (surgeon.name_en, surgeon.name_lo, surgeon.name_vi, surgeon.name_fr) == (
        "Surgeon",
        "ແພດຜ່າຕັດ",
        "Bác sĩ phẫu thuật",
        "Chirurgien",
    )


def test_the_label_is_in_the_active_language_else_english():
    surgeon = Specialty.objects.get(code="surgeon")
    with translation.override("lo"):
        assert surgeon.label == "ແພດຜ່າຕັດ"
    with translation.override("vi"):
        assert str(surgeon) == "Bác sĩ phẫu thuật"
    surgeon.name_fr = ""
    with translation.override("fr"):
        assert surgeon.label == "Surgeon"
