"""The person picker: suggestions as the user types, by name in either script or by service
number, from the user's own personnel only, in a fixed number of queries."""

import re

import pytest

from forcegen.personnel.tests.factories import PersonFactory


@pytest.fixture
def people(orgs):
    lao = [
        PersonFactory.create(
            organisation=orgs["la"],
            service_number=f"LA00000{n}",
            full_name=latin,
            full_name_native=native,
        )
        for n, (latin, native) in enumerate(
            [("Somphone Keomany", "ສົມພອນ ແກ້ວມະນີ"), ("Manivone Phommachanh", "ມະນີວອນ ພົມມະຈັນ")],
            start=1,
        )
    ]
    PersonFactory.create(organisation=orgs["vn"], full_name="Somphone Viet", service_number="VN9")
    return lao


def picked(response):
    return re.findall(r'data-pick="([^"]+)"', response.content.decode())


def test_suggestions_by_either_script_or_number_from_own_personnel(cast, login, people):
    """Issue 16 (12): nominations, slot assignment and hand edits needed typed numbers."""
    client = login(cast["la_planner"])
    assert picked(client.get("/personnel/pick/?field=q&q=somph")) == ["LA000001"]
    assert picked(client.get("/personnel/pick/?field=q&q=ມະນີ")) == ["LA000002", "LA000001"]
    assert picked(client.get("/personnel/pick/?field=q&q=LA000002")) == ["LA000002"]
    # In a box of several numbers, the word being typed is searched.
    several = "/personnel/pick/?field=service_numbers&service_numbers=LA000001%0Amaniv"
    assert picked(client.get(several)) == ["LA000002"]
    assert picked(client.get("/personnel/pick/?field=q&q=s")) == []  # two letters at least
    nobody = client.get("/personnel/pick/?field=q&q=zzz").content.decode()
    assert "No one in your registry matches “zzz”." in nobody
    assert picked(login(cast["outsider"]).get("/personnel/pick/?field=q&q=somph")) == []
    assert picked(login(cast["vn_planner"]).get("/personnel/pick/?field=q&q=somph")) == ["VN9"]


def test_suggestions_keep_a_constant_query_count(cast, login, orgs, people, constant_queries):
    def grow():
        for n in range(5):
            PersonFactory.create(organisation=orgs["la"], full_name=f"Somphet {n}")

    html = constant_queries(login(cast["la_planner"]), "/personnel/pick/?field=q&q=som", grow)
    assert html.count("data-pick=") == 6


def test_forms_offer_the_picker_and_work_without_it(cast, login, orgs):
    from forcegen.training.forms import NominationForm
    from forcegen.units.forms import AssignForm

    html = NominationForm().as_p()
    assert 'hx-get="/personnel/pick/?field=service_numbers"' in html
    assert "<textarea" in html
    assert 'hx-get="/personnel/pick/?field=service_number"' in AssignForm().as_p()
    form = NominationForm({"service_numbers": "LA000001 LA000002"})
    assert form.is_valid()
    assert form.cleaned_data["service_numbers"] == ["LA000001", "LA000002"]
