"""Pages of the register: outsiders get 404, lists keep a constant query count, the flow works."""

import datetime
import io

import pytest
from django.urls import reverse

from forcegen.core.tests.samples import pdf_bytes
from forcegen.documents import services
from forcegen.documents.models import Attachment, Document, DocumentStatus

from .conftest import make_document

D = datetime.date
pytestmark = pytest.mark.django_db


def _urls(document):
    version = document.versions.first()
    pk = document.pk
    return [
        reverse("documents:detail", args=[pk]),
        reverse("documents:compare", args=[pk]),
        reverse("documents:consolidated", args=[pk]),
        reverse("documents:adapt", args=[pk]),
        reverse("documents:cite", args=[pk]),
        reverse("documents:edit", args=[pk]),
        reverse("documents:version_add", args=[pk]),
    ], [
        reverse("documents:move", args=[pk]),
        reverse("documents:relation_add", args=[pk]),
        reverse("documents:comment_add", args=[pk]),
        reverse("documents:attachment_add", args=[pk]),
        reverse("documents:version_approve", args=[pk, version.number]),
    ]


def test_outsider_gets_404_on_every_document_page(graph, legal, login):
    client = login(legal["out"])
    gets, posts = _urls(graph["law92"])
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"target": "repealed", "text": "x"}).status_code == 404, url


def test_a_partner_reads_a_shared_document_but_cannot_edit_it(graph, legal, login, shared):
    client = login(legal["la"])
    law = graph["law92"]
    page = client.get(reverse("documents:detail", args=[law.pk])).content.decode()
    assert "92/2025/QH15" in page
    assert "shared with you, read only" in page
    assert client.get(reverse("documents:edit", args=[law.pk])).status_code == 404
    moved = client.post(reverse("documents:move", args=[law.pk]), {"target": "repealed"})
    assert moved.status_code == 404
    # Not shared: 404 like any outsider.
    assert client.get(reverse("documents:detail", args=[graph["decree01"].pk])).status_code == 404


def test_register_filters_and_constant_queries(graph, orgs, legal, login, constant_queries):
    client = login(legal["vn"])
    url = reverse("documents:list") + "?in_force_on=2026-01-01&q=nghi+dinh"

    def grow():
        for n in range(2, 6):
            make_document(
                orgs["vn"],
                legal["vn"],
                number=f"{n}/2026/NĐ-CP",
                title="Nghị định mới",
                effective_from=D(2026, 1, 1),
                status=DocumentStatus.IN_FORCE,
            )

    page = constant_queries(client, url, grow)
    assert "01/2026/NĐ-CP" in page
    assert "5/2026/NĐ-CP" in page
    assert "61/2021/NĐ-CP" not in page  # lapsed with the resolution it details


def test_register_export_uses_the_same_filters(graph, legal, login):
    client = login(legal["vn"])
    response = client.get(reverse("documents:export", args=["csv"]) + "?status=in_force&type=law")
    body = b"".join(response.streaming_content).decode()
    assert "92/2025/QH15" in body
    assert "130/2020/QH14" not in body
    assert "NĐ-CP" not in body


def test_coverage_page_counts_and_shows_what_the_mentor_used(graph, orgs, legal, login, shared):
    make_document(
        orgs["la"],
        legal["la"],
        country="LAO",
        type="decree",
        by="PM",
        covers=list(graph["law92"].covers.all()),
    )
    page = login(legal["la"]).get(reverse("documents:coverage")).content.decode()
    assert "0 of 7 in force, 1 in preparation, 6 missing" in page
    assert "92/2025/QH15" in page  # what Viet Nam used for the legal basis
    assert "61/2021" not in page  # not shared


def test_coverage_moves_when_a_covering_document_comes_into_force(graph, legal, login):
    client = login(legal["vn"])
    page = client.get(reverse("documents:coverage")).content.decode()
    assert "1 of 7 in force" in page


def test_move_form_refusal_is_shown(orgs, legal, login):
    draft = make_document(orgs["vn"], legal["vn"])
    client = login(legal["vn"])
    response = client.post(
        reverse("documents:move", args=[draft.pk]),
        {"target": "drafting", "on": "2026-01-05"},
        follow=True,
    )
    assert Document.objects.get(pk=draft.pk).status == DocumentStatus.DRAFTING
    assert "Status changed." in response.content.decode()


def test_attachments_accept_pdf_and_docx_only(orgs, legal, login):
    draft = make_document(orgs["vn"], legal["vn"])
    client = login(legal["vn"])
    url = reverse("documents:attachment_add", args=[draft.pk])
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf")
    fake.name = "decree.pdf"
    response = client.post(url, {"title": "Scan", "file": fake}, follow=True)
    assert "is not really a pdf file" in response.content.decode()
    real = io.BytesIO(pdf_bytes())
    real.name = "decree.pdf"
    client.post(url, {"title": "Scan", "file": real})
    attachment = Attachment.objects.get()
    url = reverse("documents:attachment", args=[draft.pk, attachment.pk])
    assert client.get(url).status_code == 200
    assert login(legal["out"]).get(url).status_code == 404


def test_compare_page_shows_article_changes(orgs, legal, login):
    draft = make_document(orgs["vn"], legal["vn"], text="Điều 1. A\nBộ trưởng quyết định.")
    services.move(document=draft, user=legal["vn"], target=DocumentStatus.DRAFTING)
    services.add_version(document=draft, user=legal["vn"], text="Điều 1. A\nThủ tướng quyết định.")
    page = login(legal["vn"]).get(reverse("documents:compare", args=[draft.pk])).content.decode()
    assert "<del>Bộ trưởng</del>" in page
    assert "<ins>Thủ tướng</ins>" in page


def test_cite_from_the_document_page_lists_the_requirement(graph, orgs, login, make_user):
    from forcegen.personnel.models import Requirement

    officer = make_user("vn-pers", ("vn", "personnel_officer"))
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Military observer")
    client = login(officer)
    law = graph["law92"]
    client.post(
        reverse("documents:cite", args=[law.pk]),
        {"record": f"personnel.requirement:{requirement.pk}", "article": "9"},
    )
    page = client.get(reverse("documents:detail", args=[law.pk])).content.decode()
    assert "Military observer" in page
    assert "Art. 9" in page


def test_coverage_page_keeps_a_constant_query_count(graph, orgs, legal, login, constant_queries):
    from forcegen.documents.models import CoverageItem

    items = list(CoverageItem.objects.all())

    def grow():
        for n, item in enumerate(items[:4], start=10):
            make_document(
                orgs["vn"],
                legal["vn"],
                number=f"{n}/2026/NĐ-CP",
                covers=[item],
                effective_from=D(2026, 1, 1),
                status=DocumentStatus.IN_FORCE,
            )

    page = constant_queries(login(legal["vn"]), reverse("documents:coverage"), grow)
    assert "10/2026/NĐ-CP" in page
