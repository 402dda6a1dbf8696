"""Each organisation's checklist: the shared items and the ones it added, in its coverage report
only; its documents can cover them; no one else sees or retires them."""

import datetime

import pytest
from django.urls import reverse

from forcegen.documents import services
from forcegen.documents.models import CoverageItem, DocumentStatus

from .conftest import make_document

pytestmark = pytest.mark.django_db

HOST_NATION = {
    "name_en": "Status of forces with the host nation",
    "name_lo": "ສະຖານະພາບຂອງກຳລັງກັບປະເທດເຈົ້າພາບ",
    "name_vi": "Quy chế lực lượng với nước sở tại",
    "name_fr": "Statut des forces avec le pays hôte",
}


def test_an_item_added_by_laos_is_on_its_report_only(orgs, legal, login, graph, shared):
    laos = login(legal["la"])
    response = laos.post(reverse("documents:checklist_add"), HOST_NATION, follow=True)
    page = response.content.decode()
    assert "Item added to your checklist." in page
    assert "Status of forces with the host nation" in page
    assert "0 of 8 in force, 0 in preparation, 8 missing" in page
    item = CoverageItem.objects.get(organisation=orgs["la"])
    assert item.code == "la-pko-status-of-forces-with-the-host-nation"
    assert item.name_lo == HOST_NATION["name_lo"]
    viet_nam = login(legal["vn"]).get(reverse("documents:coverage")).content.decode()
    assert "Status of forces" not in viet_nam
    assert "of 7 in force" in viet_nam


def test_laos_covers_its_own_item_and_the_report_moves(orgs, legal, login, api):
    item = services.add_checklist_item(organisation=orgs["la"], user=legal["la"], **HOST_NATION)
    decree = make_document(
        orgs["la"],
        legal["la"],
        country="LAO",
        by="PM",
        covers=[item],
        status=DocumentStatus.IN_FORCE,
        effective_from=datetime.date(2026, 1, 1),
    )
    assert list(decree.covers.all()) == [item]
    body = api(legal["la"]).get("/api/v1/documents/coverage/").json()
    row = next(i for i in body["items"] if i["code"] == item.code)
    assert row["shared"] is False
    assert row["state"] == "in_force"
    assert [d["id"] for d in row["documents"]] == [decree.pk]
    assert (body["in_force"], body["missing"]) == (1, 7)
    # The edit form offers it to Laos, not to Viet Nam.
    assert (
        HOST_NATION["name_en"]
        in login(legal["la"]).get(reverse("documents:create")).content.decode()
    )
    assert (
        HOST_NATION["name_en"]
        not in login(legal["vn"]).get(reverse("documents:create")).content.decode()
    )


def test_viet_nam_cannot_cover_or_retire_a_lao_item(orgs, legal, login, api):
    item = services.add_checklist_item(organisation=orgs["la"], user=legal["la"], **HOST_NATION)
    with pytest.raises(Exception, match="not on your organisation's checklist"):
        make_document(orgs["vn"], legal["vn"], covers=[item])
    refused = api(legal["vn"]).post(
        "/api/v1/documents/",
        {
            "type": "decree",
            "title": "x",
            "title_en": "x",
            "language": "vi",
            "covers": [item.code],
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    for user in (legal["vn"], legal["out"]):
        response = login(user).post(reverse("documents:checklist_retire", args=[item.pk]))
        assert response.status_code == 404
    assert CoverageItem.objects.current().filter(pk=item.pk).exists()


def test_retiring_takes_it_off_the_report_and_the_shared_list_stays(orgs, legal, login):
    item = services.add_checklist_item(organisation=orgs["la"], user=legal["la"], **HOST_NATION)
    client = login(legal["la"])
    page = client.post(
        reverse("documents:checklist_retire", args=[item.pk]), follow=True
    ).content.decode()
    assert "Item taken off your checklist." in page
    assert "Status of forces" not in page
    assert "of 7 in force" in page
    shared = CoverageItem.objects.get(code="legal-basis")
    assert client.post(reverse("documents:checklist_retire", args=[shared.pk])).status_code == 404


def test_a_role_without_drafting_cannot_add_items(orgs, make_user, login):
    officer = make_user("la-pers", ("la", "personnel_officer"))
    response = login(officer).post(reverse("documents:checklist_add"), HOST_NATION)
    assert response.status_code == 403
    assert not CoverageItem.objects.filter(organisation=orgs["la"]).exists()
