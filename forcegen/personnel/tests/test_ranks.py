"""Rank tables are reference data: loaded all rows or none, errors naming row and field;
a person's rank comes from their own organisation's table."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from forcegen.personnel.models import Person, Rank, nato_seniority
from forcegen.personnel.services import load_demo_ranks, load_ranks, save_person

GOOD = {"code": "dai-uy", "name_native": "Đại úy", "name_en": "Captain", "nato_code": "OF-2"}


def test_a_bad_row_stores_nothing_and_names_row_and_field(orgs):
    rows = [GOOD, {**GOOD, "code": "x", "nato_code": "OF-99"}, {**GOOD, "code": "y", "name_en": ""}]
    with pytest.raises(ValidationError) as excinfo:
        load_ranks(organisation=orgs["vn"], rows=rows)
    assert excinfo.value.messages == [
        "row 3, nato_code: Value 'OF-99' is not a valid choice.",
        "row 4: missing name_en",
    ]
    assert not Rank.objects.exists()


def test_loading_again_changes_nothing_and_reports_updates(orgs):
    assert load_ranks(organisation=orgs["vn"], rows=[GOOD]) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
    }
    assert load_ranks(organisation=orgs["vn"], rows=[GOOD]) == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    renamed = {**GOOD, "name_en": "Captain (O-3)"}
    assert load_ranks(organisation=orgs["vn"], rows=[renamed]) == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
    }
    rank = Rank.objects.get(code="dai-uy")
    assert rank.name_en == "Captain (O-3)"
    assert rank.seniority == nato_seniority("OF-2") == 17  # generated from the NATO code


def test_a_person_cannot_take_a_rank_from_another_organisations_table(orgs):
    lao_rank = Rank.objects.create(organisation=orgs["la"], **GOOD)
    with pytest.raises(ValidationError) as excinfo:
        save_person(
            organisation=orgs["vn"],
            service_number="VN-1",
            full_name="Pham Minh",
            sex="M",
            date_of_birth=datetime.date(1990, 1, 1),
            rank=lao_rank,
        )
    assert excinfo.value.message_dict == {
        "rank": ["The rank must come from the organisation's table."]
    }
    assert not Person.objects.exists()


def test_a_rank_reads_natively_for_lao_and_vietnamese_readers(orgs):
    from django.utils import translation

    load_demo_ranks(orgs["la"], "LAO")
    captain = Rank.objects.get(organisation=orgs["la"], code="hoy-ek")
    assert str(captain) == "Captain (OF-2)"
    with translation.override("lo"):
        assert str(captain) == f"{captain.name_native} (OF-2)"
    with translation.override("fr"):
        assert str(captain) == "Captain (OF-2)"
