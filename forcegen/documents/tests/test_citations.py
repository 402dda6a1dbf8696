"""Records of the pipeline cite their legal basis; their pages and the eligibility explanation
show it, and list pages stay at a constant query count."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from forcegen.deployments.models import MissionRequirement
from forcegen.deployments.tests.factories import MissionFactory
from forcegen.documents import citations
from forcegen.personnel.models import Credential, Requirement
from forcegen.personnel.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_legal_officer_cites_and_the_requirement_page_shows_it(
    graph, orgs, legal, login, make_user
):
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Staff officer")
    client = login(legal["vn"])
    response = client.post(
        reverse("documents:cite", args=[graph["law92"].pk]),
        {"record": f"personnel.requirement:{requirement.pk}", "article": "12"},
    )
    assert response.status_code == 302
    officer = login(make_user("vn-pers", ("vn", "personnel_officer")))
    page = officer.get(reverse("personnel:requirement_edit", args=[requirement.pk])).content
    assert "per <a" in page.decode()
    assert "Law 92/2025/QH15, Art. 12" in page.decode()


def test_the_eligibility_explanation_carries_the_legal_basis(graph, orgs, legal, api, login):
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Military observer")
    citations.cite(document=graph["decree01"], obj=requirement, article="5", user=legal["vn"])
    person = PersonFactory.create(organisation=orgs["vn"])
    query = {"requirement": requirement.pk, "start": "2026-03-01", "end": "2027-03-01"}
    body = api(legal["vn"]).get(f"/api/v1/personnel/{person.pk}/eligibility/", query).json()
    assert body["legal_basis"] == ["Government decree 01/2026/NĐ-CP, Art. 5"]
    page = login(legal["vn"]).get(reverse("personnel:detail", args=[person.pk]), query)
    assert "Government decree 01/2026/NĐ-CP, Art. 5" in page.content.decode()


def test_rules_page_shows_each_legal_basis_at_a_constant_query_count(
    graph, orgs, legal, cast, login, constant_queries
):
    missions = iter(MissionFactory.create(acronym=f"M{n}", name=f"Mission {n}") for n in range(6))

    def grow():
        for kind in (Credential.Kind.MEDICAL, Credential.Kind.PASSPORT):
            rule = MissionRequirement.objects.create(
                organisation=orgs["vn"], mission=next(missions), kind=kind
            )
            citations.cite(document=graph["decree01"], obj=rule, article="7", user=legal["vn"])

    grow()
    page = constant_queries(login(cast["vn_planner"]), reverse("deployments:rules"), grow)
    assert page.count("Government decree 01/2026/NĐ-CP, Art. 7") == 4


def test_a_draft_cannot_be_cited(orgs, legal):
    from .conftest import make_document

    draft = make_document(orgs["vn"], legal["vn"])
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="x")
    with pytest.raises(Exception, match="draft"):
        citations.cite(document=draft, obj=requirement, article="", user=legal["vn"])


def test_the_register_lists_what_cites_each_document_at_a_constant_query_count(
    graph, orgs, legal, login, constant_queries, shared
):
    missions = iter(MissionFactory.create(acronym=f"M{n}", name=f"Mission {n}") for n in range(4))
    made = iter(range(10))
    rules = []

    def grow():
        n = next(made)
        requirement = Requirement.objects.create(organisation=orgs["vn"], name=f"Observer {n}")
        citations.cite(document=graph["law92"], obj=requirement, article=str(n), user=legal["vn"])
        rule = MissionRequirement.objects.create(
            organisation=orgs["vn"], mission=next(missions), kind=Credential.Kind.MEDICAL
        )
        citations.cite(document=graph["decree01"], obj=rule, article="", user=legal["vn"])
        rules.append(rule)

    grow()
    page = constant_queries(login(legal["vn"]), reverse("documents:list"), grow)
    link = reverse(
        "personnel:requirement_edit", args=[Requirement.objects.get(name="Observer 1").pk]
    )
    assert f'<a href="{link}">Eligibility requirement: Observer 1, Art. 1</a>' in page
    assert page.count("Eligibility requirement: Observer") == 2
    for rule in rules:
        assert f"Mission requirement: {escape(str(rule))}</a>" in page
    # Laos reads the shared law, but not which Vietnamese records cite it.
    lao_page = login(legal["la"]).get(reverse("documents:list")).content.decode()
    assert "92/2025/QH15" in lao_page
    assert "Observer" not in lao_page
