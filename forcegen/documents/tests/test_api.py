import datetime

import pytest

from forcegen.documents.models import DocumentStatus

from .conftest import make_document

D = datetime.date
pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents/"


def test_list_items_carry_the_register_fields_and_filters(graph, legal, api):
    client = api(legal["vn"])
    body = client.get(BASE, {"in_force_on": "2026-01-01"}).json()
    assert sorted(i["number"] for i in body["items"]) == ["01/2026/NĐ-CP", "92/2025/QH15"]
    item = next(i for i in body["items"] if i["number"] == "92/2025/QH15")
    fields = {"id", "number", "type", "title", "status", "effective_from", "effective_to"}
    assert fields <= set(item)
    assert item["type"] == "law"
    assert item["effective_from"] == "2026-01-01"
    assert [i["number"] for i in client.get(BASE, {"q": "nghi quyet"}).json()["items"]] == [
        "130/2020/QH14"
    ]
    assert client.get(BASE, {"type": "decree", "status": "in_force"}).json()["count"] == 2
    assert client.get(BASE, {"in_force_on": "2026-13-01"}).status_code == 422


def test_api_list_keeps_a_constant_query_count(graph, orgs, legal, api, django_assert_num_queries):
    client = api(legal["vn"])
    client.get(BASE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(BASE)
    for n in range(2, 8):
        make_document(orgs["vn"], legal["vn"], number=f"{n}/2026/NĐ-CP")
    with CaptureQueriesContext(connection) as after:
        assert client.get(BASE).json()["count"] == 10
    assert len(after.captured_queries) == len(before.captured_queries)


def test_detail_versions_relations_transitions(graph, legal, api):
    client = api(legal["vn"])
    law = graph["law92"]
    detail = client.get(f"{BASE}{law.pk}/").json()
    assert detail["in_force_today"] is True
    assert detail["language"] == "vi"
    assert [v["number"] for v in client.get(f"{BASE}{law.pk}/versions/").json()] == [1]
    relations = client.get(f"{BASE}{law.pk}/relations/").json()
    assert sorted((r["source_number"], r["kind"], r["target_number"]) for r in relations) == [
        ("01/2026/NĐ-CP", "details", "92/2025/QH15"),
        ("92/2025/QH15", "replaces", "130/2020/QH14"),
    ]
    assert client.get(f"{BASE}{law.pk}/transitions/").json() == []


def test_transition_through_the_api_with_a_reasoned_refusal(orgs, legal, api):
    draft = make_document(orgs["vn"], legal["vn"])
    client = api(legal["vn"])
    url = f"{BASE}{draft.pk}/transitions/"
    refused = client.post(url, {"target": "in_force"}, content_type="application/json")
    assert refused.status_code == 400
    assert "cannot become" in refused.json()["message"]
    payload = {"target": "drafting", "reason": "Start"}
    done = client.post(url, payload, content_type="application/json")
    assert done.status_code == 201
    assert done.json()["target"] == DocumentStatus.DRAFTING
    assert client.get(url).json()[0]["reason"] == "Start"


def test_outsider_gets_404_on_every_document_endpoint(graph, legal, api):
    client = api(legal["out"])
    law = graph["law92"]
    for path in ("", "versions/", "relations/", "transitions/"):
        assert client.get(f"{BASE}{law.pk}/{path}").status_code == 404, path
    response = client.post(
        f"{BASE}{law.pk}/transitions/", {"target": "repealed"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert client.get(BASE).json()["count"] == 0


def test_a_partner_cannot_move_a_shared_document(graph, legal, api, shared):
    client = api(legal["la"])
    law = graph["law92"]
    assert client.get(f"{BASE}{law.pk}/").status_code == 200
    response = client.post(
        f"{BASE}{law.pk}/transitions/", {"target": "repealed"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_coverage_endpoint(graph, legal, api, shared):
    body = api(legal["la"]).get(f"{BASE}coverage/").json()
    assert (body["in_force"], body["drafting"], body["missing"]) == (0, 0, 7)
    item = next(i for i in body["items"] if i["code"] == "legal-basis")
    assert [d["number"] for d in item["partner_documents"]] == ["92/2025/QH15"]
    assert item["partner_documents"][0]["in_force"] is True


def test_a_draft_without_dates_reads_as_not_in_force(orgs, legal, api):
    # Its effective date is NULL: "in force now" must be false, not unknown (it was a 500).
    draft = make_document(orgs["vn"], legal["vn"], title="Dự thảo")
    client = api(legal["vn"])
    answer = client.get(f"/api/v1/documents/{draft.pk}/")
    assert answer.status_code == 200
    assert answer.json()["in_force_today"] is False
    assert client.patch(f"/api/v1/documents/{draft.pk}/", {}, format="json").status_code == 200
