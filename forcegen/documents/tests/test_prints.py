"""A document and the coverage report as PDFs: what the page shows, in the reader's language;
outsiders get 404."""

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from forcegen.documents import services
from forcegen.documents.models import CoverageItem, DocumentStatus

from .conftest import make_document

D = datetime.date
pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return "\n".join(page.extract_text() for page in pages)


def fonts(response) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(response.content)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return str(translation.gettext(message))


def speak(client, language: str):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client


@pytest.fixture
def lao_decree(orgs, legal):
    """A Lao decree taken to in force, with two articles and its status history."""
    officer = legal["la"]
    decree = make_document(
        orgs["la"],
        officer,
        country="LAO",
        by="PM",
        number="136/PM",
        title="ດຳລັດ ວ່າດ້ວຍການເຂົ້າຮ່ວມ",
        title_en="Decree on participation",
        text="ມາດຕາ 1 ຈຸດປະສົງ\nກຳນົດຫຼັກການ.\nມາດຕາ 2 ຂອບເຂດ\nນຳໃຊ້ສຳລັບກອງທັບ.",
        signer="Sonexay Siphandone",
        effective_from=D(2026, 2, 1),
        covers=[CoverageItem.objects.get(code="deployment-decision")],
    )
    steps = [
        ("drafting", "Start"),
        ("consultation", "Open for comment"),
        ("appraisal", "Reviewed"),
    ]
    for target, reason in steps:
        services.move(document=decree, user=officer, target=target, reason=reason)
    decree.refresh_from_db()  # its versions know the document as it is now
    services.approve_version(version=decree.versions.get(), user=officer)
    for target in ("approved", "promulgated"):
        services.move(document=decree, user=officer, target=target, on=D(2026, 1, 20))
    services.move(document=decree, user=officer, target="in_force", on=D(2026, 2, 1))
    return decree


def test_document_pdf_carries_entry_articles_and_history(lao_decree, legal, login):
    client = speak(login(legal["la"]), "en")
    response = client.get(reverse("documents:pdf", args=[lao_decree.pk]))
    text = pdf_text(response)
    assert "Decree 136/PM" in text
    assert "Decree on participation" in text
    assert "Sonexay Siphandone" in text
    assert "2026-02-01" in text  # effective from, and the step into force
    assert "Deployment decision procedure" in text  # the framework item it covers
    assert "In force today" in text
    assert "ມາດຕາ 1" in text  # the text, article by article
    assert "ມາດຕາ 2" in text
    assert "Open for comment" in text  # why it moved, in the status history
    assert "Approved / signed" in text
    assert text.index("ມາດຕາ 1") < text.index("Status history")
    assert 'filename="decree-136-pm.pdf"' in response["Content-Disposition"]
    assert any("NotoSansLao" in name for name in fonts(response))


def test_document_pdf_speaks_the_readers_language(lao_decree, graph, legal, login, shared):
    vietnamese = pdf_text(
        speak(login(legal["vn"]), "vi").get(reverse("documents:pdf", args=[lao_decree.pk]))
    )
    for label in ("Status history", "Effective from", "In force today", "Signed by"):
        assert in_language("vi", label) in vietnamese
        assert label not in vietnamese
    lao = speak(login(legal["la"]), "lo").get(reverse("documents:pdf", args=[graph["law92"].pk]))
    text = pdf_text(lao)
    assert "92/2025/" in text  # after a Lao word; QH15 is read from the footer's next run
    assert "QH15" in text
    assert "Luật Tham gia lực lượng gìn giữ hòa bình của Liên hợp quốc" in text
    assert "Status history" not in text
    assert "Effective from" not in text
    assert any("NotoSansLao" in name for name in fonts(lao))  # Lao labels, Lao font


def test_outsiders_and_unshared_documents_get_404(graph, lao_decree, legal, login):
    client = login(legal["out"])
    for document in (graph["law92"], lao_decree):
        assert client.get(reverse("documents:pdf", args=[document.pk])).status_code == 404
    laos = login(legal["la"])  # no grant from Viet Nam in this test
    assert laos.get(reverse("documents:pdf", args=[graph["law92"].pk])).status_code == 404


def test_coverage_pdf_counts_items_and_shows_what_partners_used(
    graph, lao_decree, legal, login, shared
):
    client = speak(login(legal["la"]), "en")
    page = client.get(reverse("documents:coverage")).content.decode()
    assert reverse("documents:coverage_export", args=["pdf"]) in page
    text = pdf_text(client.get(reverse("documents:coverage_export", args=["pdf"])))
    assert "Framework coverage" in text
    assert "1 of 7 in force, 0 in preparation, 6 missing." in text
    assert "Decree 136/PM (In force)" in text  # our document on its item
    assert "vn-dpko: Law 92/2025/QH15 (In force)" in text  # what Viet Nam used
    vietnamese = pdf_text(
        speak(login(legal["vn"]), "vi").get(reverse("documents:coverage_export", args=["pdf"]))
    )
    assert in_language("vi", "What a country needs before it deploys") in vietnamese
    assert "Luật 92/2025/QH15" in vietnamese  # the type's name in the reader's language


def test_a_draft_prints_without_history_or_text(orgs, legal, login):
    draft = make_document(orgs["vn"], legal["vn"], status=DocumentStatus.PROPOSAL)
    text = pdf_text(speak(login(legal["vn"]), "en").get(reverse("documents:pdf", args=[draft.pk])))
    assert "(no number yet)" in text
    assert "No text recorded." in text
    assert "No status change recorded." in text
