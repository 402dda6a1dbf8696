"""The shared vocabulary: reference words stored once in English, read in the reader's language."""

import pytest
from django.utils import translation

from forcegen.core.models import Term
from forcegen.core.terms import term


@pytest.mark.django_db
def test_terms_read_in_the_active_language_and_unknown_words_stay_as_written():
    with translation.override("lo"):
        assert term("position", "Surgeon") == "ແພດຜ່າຕັດ"
        assert term("position", "surgeon") == "ແພດຜ່າຕັດ"  # as a roster or a template may write it
        assert term("position", "Astronaut") == "Astronaut"
    with translation.override("vi"):
        assert term("equipment", "Ambulance (4x4)") == "Xe cứu thương (4x4)"
    assert term("position", "Surgeon") == "Surgeon"


@pytest.mark.django_db
def test_every_starter_term_has_its_four_names_and_a_source():
    terms = Term.objects.all()
    assert terms.count() > 100
    assert not terms.filter(name_lo="")
    assert not terms.filter(name_vi="")
    assert not terms.filter(name_fr="")
    assert not terms.filter(source="")


@pytest.mark.django_db
def test_an_edited_term_is_read_at_once():
    term("position", "Cook")  # the vocabulary is loaded
    cook = Term.objects.get(kind="position", key="Cook")
    cook.name_vi = "Nhân viên nấu ăn"
    cook.save()
    with translation.override("vi"):
        assert term("position", "Cook") == "Nhân viên nấu ăn"
