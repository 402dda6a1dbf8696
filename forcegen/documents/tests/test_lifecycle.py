"""Lifecycle steps by role with their checks, versions, adaptations, comments, citations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forcegen.documents import articles, citations, services
from forcegen.documents.models import Document, DocumentStatus, Transition

from .conftest import kind, make_document

D = datetime.date
pytestmark = pytest.mark.django_db


def walk(document, user, *targets, on=None):
    for target in targets:
        services.move(document=document, user=user, target=target, on=on)
    document.refresh_from_db()
    return document


def test_a_draft_cannot_be_signed_without_an_approved_version(orgs, legal):
    draft = make_document(orgs["vn"], legal["vn"], text="Điều 1. Phạm vi\nNội dung.")
    walk(
        draft,
        legal["vn"],
        DocumentStatus.DRAFTING,
        DocumentStatus.CONSULTATION,
        DocumentStatus.APPRAISAL,
    )
    with pytest.raises(ValidationError, match="approved version"):
        services.move(document=draft, user=legal["vn"], target=DocumentStatus.APPROVED)
    services.approve_version(version=draft.versions.get(), user=legal["vn"])
    walk(draft, legal["vn"], DocumentStatus.APPROVED)
    assert draft.signed_on is not None


def test_steps_out_of_order_are_refused(orgs, legal):
    draft = make_document(orgs["vn"], legal["vn"])
    with pytest.raises(ValidationError, match="cannot become"):
        services.move(document=draft, user=legal["vn"], target=DocumentStatus.IN_FORCE)


def test_a_role_without_the_permission_cannot_take_the_step(orgs, legal, cast):
    draft = make_document(orgs["vn"], legal["vn"])
    with pytest.raises(PermissionDenied):
        services.move(document=draft, user=cast["vn_planner"], target=DocumentStatus.DRAFTING)
    assert not Transition.objects.exists()


def _to_promulgated(orgs, legal, **fields):
    draft = make_document(orgs["vn"], legal["vn"], text="Điều 1. Phạm vi\nA.", **fields)
    walk(
        draft,
        legal["vn"],
        DocumentStatus.DRAFTING,
        DocumentStatus.CONSULTATION,
        DocumentStatus.APPRAISAL,
    )
    services.approve_version(version=draft.versions.get(), user=legal["vn"])
    return walk(draft, legal["vn"], DocumentStatus.APPROVED)


def test_promulgation_needs_a_number_and_force_waits_for_the_effective_date(orgs, legal):
    draft = _to_promulgated(orgs, legal, effective_from=D(2030, 1, 1))
    with pytest.raises(ValidationError, match="number"):
        services.move(document=draft, user=legal["vn"], target=DocumentStatus.PROMULGATED)
    services.update_document(document=draft, user=legal["vn"], number="7/2026/NĐ-CP")
    walk(draft, legal["vn"], DocumentStatus.PROMULGATED)
    with pytest.raises(ValidationError, match="2030-01-01"):
        services.move(
            document=draft, user=legal["vn"], target=DocumentStatus.IN_FORCE, on=D(2029, 12, 31)
        )
    walk(draft, legal["vn"], DocumentStatus.IN_FORCE, on=D(2030, 1, 1))
    transition = draft.transitions.last()
    assert (transition.source, transition.target, transition.by) == (
        DocumentStatus.PROMULGATED,
        DocumentStatus.IN_FORCE,
        legal["vn"],
    )


def test_replaced_needs_the_replacing_document_and_records_the_relation(graph, legal):
    law = graph["law92"]
    with pytest.raises(ValidationError) as refusal:
        services.move(document=graph["res130"], user=legal["vn"], target=DocumentStatus.REPLACED)
    assert "related" in refusal.value.message_dict
    services.move(
        document=graph["res130"],
        user=legal["vn"],
        target=DocumentStatus.REPLACED,
        on=D(2026, 1, 1),
        related=law,
        reason="Law 92 takes over",
    )
    res = Document.objects.get(pk=graph["res130"].pk)
    assert res.status == DocumentStatus.REPLACED
    assert res.effective_to == D(2025, 12, 31)
    assert res.transitions.get().related == law


def test_an_approved_version_is_frozen(orgs, legal):
    draft = make_document(orgs["vn"], legal["vn"], text="Điều 1. A\nx")
    walk(
        draft,
        legal["vn"],
        DocumentStatus.DRAFTING,
        DocumentStatus.CONSULTATION,
        DocumentStatus.APPRAISAL,
    )
    services.approve_version(version=draft.versions.get(), user=legal["vn"])
    with pytest.raises(ValidationError, match="takes no new text"):
        services.add_version(document=draft, user=legal["vn"], text="Điều 1. B\ny")
    assert draft.versions.count() == 1


def test_approval_reads_the_document_as_it_is_now_not_the_callers_copy(orgs, legal):
    """A version fetched while the draft was still in consultation is approved once the draft
    reaches appraisal; one fetched during appraisal is refused once the draft went back."""
    draft = make_document(orgs["vn"], legal["vn"], text="Điều 1. A\nx")
    walk(draft, legal["vn"], DocumentStatus.DRAFTING, DocumentStatus.CONSULTATION)
    fetched_early = draft.versions.get()  # carries the draft as it was: in consultation
    services.move(document=draft, user=legal["vn"], target=DocumentStatus.APPRAISAL)
    approved = services.approve_version(version=fetched_early, user=legal["vn"])
    assert approved.is_frozen
    assert draft.versions.get().approved_by == legal["vn"]

    other = make_document(orgs["vn"], legal["vn"], text="Điều 1. B\ny")
    walk(
        other,
        legal["vn"],
        DocumentStatus.DRAFTING,
        DocumentStatus.CONSULTATION,
        DocumentStatus.APPRAISAL,
    )
    fetched_in_appraisal = other.versions.get()
    services.move(document=other, user=legal["vn"], target=DocumentStatus.DRAFTING)
    with pytest.raises(ValidationError, match="during appraisal"):
        services.approve_version(version=fetched_in_appraisal, user=legal["vn"])
    assert not other.versions.get().is_frozen


def test_versions_compare_article_by_article():
    old = "Preamble\nArticle 1 Scope\nThe army.\nArticle 2 Decision\nThe minister decides.\n"
    new = (
        "Preamble\nArticle 1 Scope\nThe army.\nArticle 2 Decision\nThe Prime Minister decides.\n"
        "Article 3 Reports\nEvery month.\n"
    )
    changes = {c.key: c for c in articles.compare(old, new)}
    assert changes[""].change == "same"
    assert changes["1"].change == "same"
    assert changes["2"].change == "changed"
    assert [(s.kind, s.text) for s in changes["2"].segments] == [
        ("same", "The"),
        ("removed", "minister"),
        ("added", "Prime Minister"),
        ("same", "decides."),
    ]
    assert changes["3"].change == "added"
    assert articles.compare(new, old)[-1].change == "removed"


def test_lao_and_vietnamese_article_headings_split():
    lao = "ມາດຕາ 1 ຈຸດປະສົງ\nກ\nມາດຕາ 2 ຂອບເຂດ\nຂ"
    assert [a.key for a in articles.split(lao)] == ["1", "2"]
    assert [a.key for a in articles.split("Điều 1. A\nx\nĐiều 12. B\ny")] == ["1", "12"]


def test_consolidated_text_puts_amended_articles_in_place():
    base = "Article 1 A\none\nArticle 2 B\ntwo"
    result = articles.consolidate(base, [("5/2027/NĐ-CP", "Article 2 B\nTWO\nArticle 3 C\nthree")])
    assert [(a.article.key, a.article.body, a.amended_by) for a in result] == [
        ("1", "one", ""),
        ("2", "TWO", "5/2027/NĐ-CP"),
        ("3", "three", "5/2027/NĐ-CP"),
    ]


def test_the_mentee_adapts_a_shared_document_into_its_own_draft(graph, orgs, legal, shared):
    draft = services.adapt_document(
        source=graph["law92"],
        user=legal["la"],
        type=kind("LAO", "decree"),
        title="ດຳລັດ",
        title_en="Decree",
        language="lo",
    )
    assert draft.organisation == orgs["la"]
    assert draft.adapted_from == graph["law92"]
    assert draft.status == DocumentStatus.DRAFTING
    assert draft.number == ""
    assert draft.versions.get().text == graph["law92"].text
    assert list(draft.covers.values_list("code", flat=True)) == ["legal-basis"]


def test_a_document_not_shared_cannot_be_adapted(graph, legal, shared):
    with pytest.raises(ValidationError):
        services.adapt_document(
            source=graph["decree01"],
            user=legal["la"],
            type=kind("LAO", "decree"),
            title="x",
            title_en="x",
            language="lo",
        )


def test_the_mentor_comments_only_during_consultation(orgs, legal, shared, make_user):
    adviser = make_user("adv", ("vn", "cooperation_officer"))
    draft = make_document(orgs["la"], legal["la"], country="LAO", type="decree", by="PM", text="x")
    with pytest.raises(ValidationError, match="consultation"):
        services.add_comment(document=draft, user=adviser, text="Too early")
    walk(draft, legal["la"], DocumentStatus.DRAFTING, DocumentStatus.CONSULTATION)
    comment = services.add_comment(document=draft, user=adviser, text="Điều 3: ...", article="3")
    assert comment.organisation == orgs["vn"]
    assert comment.version == draft.versions.get()
    with pytest.raises(ValidationError):
        services.add_comment(document=draft, user=legal["out"], text="Not mine")


def test_a_record_cites_a_document_and_the_document_lists_it(graph, orgs, make_user):
    from forcegen.documents.citations import citing
    from forcegen.personnel.models import Requirement

    officer = make_user("vn-pers", ("vn", "personnel_officer"))
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Staff officer")
    citations.cite(document=graph["law92"], obj=requirement, article="5", user=officer)
    found = citing(graph["law92"], officer)
    assert [(c.record, c.citation.label) for c in found] == [
        (requirement, "Law 92/2025/QH15, Art. 5")
    ]
    outsider_requirement = Requirement.objects.create(organisation=orgs["la"], name="Other")
    with pytest.raises(PermissionDenied):
        citations.cite(document=graph["law92"], obj=outsider_requirement, article="", user=officer)
