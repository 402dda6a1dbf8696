"""The shipped COE reference data: items named in the four languages, dated and sourced; loading
the files again changes nothing."""

import io

from django.core.management import call_command
from django.utils import translation

from forcegen.logistics.models import CoeCategory, CoeItem, PersonnelRate


def test_items_carry_names_in_four_languages_a_date_and_a_source(db):
    grader = CoeItem.objects.get(code="grader")
    assert (grader.name_lo, grader.name_vi, grader.name_fr) == ("ລົດປາດໜ້າດິນ", "Máy san", "Niveleuse")
    assert grader.category.code == "major-engineering"
    assert str(grader.effective_from) == "2020-01-01"
    assert "A/75/121" in grader.source
    unnamed = CoeItem.objects.filter(name_lo="") | CoeItem.objects.filter(source="")
    assert not unnamed.exists()
    with translation.override("vi"):
        assert grader.label == "Máy san"


def test_loading_the_files_again_changes_nothing(db):
    before = (CoeCategory.objects.count(), CoeItem.objects.count(), PersonnelRate.objects.count())
    out = io.StringIO()
    call_command("load_coe_reference", stdout=out)
    after = (CoeCategory.objects.count(), CoeItem.objects.count(), PersonnelRate.objects.count())
    assert before == after
    assert f"{after[1]} items" in out.getvalue()


def test_items_are_worded_as_the_shared_vocabulary_words_them(db):
    from forcegen.core.models import Term

    for item in CoeItem.objects.all():
        word = Term.objects.filter(kind="equipment", key=item.name_en).first()
        if word is not None:
            assert (item.name_lo, item.name_vi, item.name_fr) == (
                word.name_lo,
                word.name_vi,
                word.name_fr,
            )
