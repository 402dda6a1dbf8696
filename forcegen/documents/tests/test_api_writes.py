"""Writing the register through the API: the same checks as the forms, 404 outside the caller's
register, 403 without the drafter's role, every change in the audit trail."""

import pytest
from auditlog.models import LogEntry

from forcegen.documents.models import Document, DocumentStatus, Relation

from .conftest import make_document

pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents/"
JSON = "application/json"

DECREE = {
    "type": "decree",
    "issuer": "CP",
    "number": "5/2026/NĐ-CP",
    "title": "Nghị định về phụ cấp",
    "title_en": "Decree on allowances",
    "language": "vi",
    "signed_on": "2026-02-01",
    "covers": ["pay-allowances"],
    "subjects": ["finance"],
    "text": "Điều 1. Phụ cấp\nMức phụ cấp hằng tháng.",
}


def fields_of(response) -> dict[str, str]:
    return {row["field"]: row["message"] for row in response.json()["details"]}


def test_create_checks_like_the_form_and_keeps_the_text_as_version_1(legal, api):
    client = api(legal["vn"])
    response = client.post(BASE, DECREE, content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["type"], body["issuer"]) == ("5/2026/NĐ-CP", "decree", "CP")
    assert body["status"] == DocumentStatus.PROPOSAL
    document = Document.objects.get(pk=body["id"])
    assert document.organisation.code == "vn-dpko"
    assert [c.code for c in document.covers.all()] == ["pay-allowances"]
    assert [v.text for v in document.versions.all()] == [DECREE["text"]]
    assert LogEntry.objects.get_for_object(document).filter(action=LogEntry.Action.CREATE).exists()
    # The number is now taken: the refusal names the field and the next free number.
    again = client.post(BASE, DECREE, content_type=JSON)
    assert again.status_code == 400
    assert "already taken" in fields_of(again)["number"]
    assert "6/2026/NĐ-CP" in fields_of(again)["number"]


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"number": "5-2026"}, "number", "expected the form {number}/{year}/{type}-{issuer}"),
        ({"type": "presidential-decree"}, "type", "Select a valid choice"),  # Laos's type
        ({"issuer": "BQP"}, "issuer", "does not issue documents of type"),
        ({"covers": ["no-such-item"]}, "covers", "“no-such-item” is not a valid value."),
        ({"title": ""}, "title", "This field is required"),
        ({"language": "vietnamese"}, "language", "at most 3 characters"),
        ({"effective_from": "2026-03-01", "effective_to": "2026-01-01"}, "effective_to", "end"),
    ],
)
def test_create_refusals_name_the_field(legal, api, change, field, says):
    response = api(legal["vn"]).post(BASE, DECREE | change, content_type=JSON)
    assert response.status_code == 400
    assert says in fields_of(response)[field]
    assert not Document.objects.exists()


def test_out_of_range_input_is_a_4xx_never_a_500(legal, api, graph):
    client = api(legal["vn"])
    for day in ("0001-01-01", "2026-02-30"):
        refused = client.post(BASE, DECREE | {"signed_on": day}, content_type=JSON)
        assert refused.status_code == 422
        assert refused.json()["details"][0]["field"] == "signed_on"
    too_big = f"{BASE}{2**63}/"
    assert client.patch(too_big, {"title_en": "x"}, content_type=JSON).status_code == 422
    assert client.post(f"{too_big}versions/", {"text": "x"}, content_type=JSON).status_code == 422


def test_a_role_without_drafting_gets_403(orgs, make_user, api):
    officer = make_user("vn-pers", ("vn", "personnel_officer"))
    response = api(officer).post(BASE, DECREE, content_type=JSON)
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_patch_changes_what_is_sent_and_keeps_the_rest(graph, legal, api):
    law = graph["law92"]
    client = api(legal["vn"])
    response = client.patch(
        f"{BASE}{law.pk}/", {"title_en": "Law 92", "signer": "Trần Thanh Mẫn"}, content_type=JSON
    )
    assert response.status_code == 200
    law.refresh_from_db()
    assert (law.title_en, law.signer, law.number) == ("Law 92", "Trần Thanh Mẫn", "92/2025/QH15")
    assert [c.code for c in law.covers.all()] == ["legal-basis"]  # not sent, kept
    assert response.json()["in_force_today"] is True
    entry = LogEntry.objects.get_for_object(law).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.changes_dict["title_en"] == [
        "Law on Participation in UN Peacekeeping Forces",
        "Law 92",
    ]
    wrong = client.patch(f"{BASE}{law.pk}/", {"number": "130/2020/QH14"}, content_type=JSON)
    assert wrong.status_code == 400  # the 14th legislature's number on a law of the 15th
    assert "does not fit" in fields_of(wrong)["number"]
    assert Document.objects.get(pk=law.pk).number == "92/2025/QH15"


def test_versions_and_relations_through_the_api(orgs, graph, legal, api):
    client = api(legal["vn"])
    draft = make_document(orgs["vn"], legal["vn"], status=DocumentStatus.DRAFTING, text="Điều 1. A")
    added = client.post(
        f"{BASE}{draft.pk}/versions/", {"text": "Điều 1. B", "note": "Round 2"}, content_type=JSON
    )
    assert added.status_code == 201
    assert added.json()["number"] == 2
    assert Document.objects.get(pk=draft.pk).text == "Điều 1. B"
    frozen = client.post(
        f"{BASE}{graph['law92'].pk}/versions/", {"text": "Điều 1. C"}, content_type=JSON
    )
    assert frozen.status_code == 400
    empty = client.post(f"{BASE}{draft.pk}/versions/", {"text": ""}, content_type=JSON)
    assert "text" in fields_of(empty)

    url = f"{BASE}{draft.pk}/relations/"
    made = client.post(url, {"kind": "details", "target": graph["law92"].pk}, content_type=JSON)
    assert made.status_code == 201
    assert made.json()["target_number"] == "92/2025/QH15"
    assert Relation.objects.filter(source=draft, target=graph["law92"], kind="details").exists()
    cycle = client.post(
        f"{BASE}{graph['law92'].pk}/relations/",
        {"kind": "based_on", "target": draft.pk},
        content_type=JSON,
    )
    assert cycle.status_code == 400
    assert "cycle" in fields_of(cycle)["target"]


def test_outsiders_and_partners_get_404_on_every_write(graph, orgs, legal, api, shared):
    law = graph["law92"]
    lao_draft = make_document(orgs["la"], legal["la"], country="LAO", by="PM")
    for user in (legal["out"], legal["la"]):  # Laos may read the shared law, not change it
        client = api(user)
        assert (
            client.patch(f"{BASE}{law.pk}/", {"title_en": "x"}, content_type=JSON).status_code
            == 404
        )
        versions = client.post(f"{BASE}{law.pk}/versions/", {"text": "x"}, content_type=JSON)
        assert versions.status_code == 404
        relation = {"kind": "amends", "target": law.pk}
        assert (
            client.post(f"{BASE}{law.pk}/relations/", relation, content_type=JSON).status_code
            == 404
        )
    # Nor can Laos point its own draft at Viet Nam's law.
    refused = api(legal["la"]).post(
        f"{BASE}{lao_draft.pk}/relations/", {"kind": "details", "target": law.pk}, content_type=JSON
    )
    assert refused.status_code == 400
    assert fields_of(refused)["target"] == "No such document in your register."
    assert Document.objects.get(pk=law.pk).title_en != "x"
