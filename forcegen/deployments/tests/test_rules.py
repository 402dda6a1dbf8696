"""The deployment rules page: the organisation's policy, mission requirements, UN gender targets."""

import pytest
from django.urls import reverse

from forcegen.deployments.models import DeploymentPolicy, GenderTarget, MissionRequirement
from forcegen.deployments.tests.factories import MissionFactory
from forcegen.personnel.models import Credential

URL = reverse("deployments:rules")


@pytest.mark.django_db
def test_admin_sets_the_policy_and_it_applies(cast, login, orgs):
    client = login(cast["vn_admin"])
    response = client.post(
        URL, {"policy": "1", "rest_days": "200", "planning_lead_days": "120", "medal_days": "90"}
    )
    assert response.status_code == 302
    policy = DeploymentPolicy.objects.for_organisation(orgs["vn"].pk)
    assert policy.pk is not None
    assert (policy.rest_days, policy.planning_lead_days) == (200, 120)
    # Laos keeps the defaults.
    assert DeploymentPolicy.objects.for_organisation(orgs["la"].pk).rest_days == 365


@pytest.mark.django_db
def test_planner_adds_mission_requirements_with_checks(cast, login, orgs):
    unmiss = MissionFactory.create()
    client = login(cast["vn_planner"])
    bad = client.post(URL, {"mission": unmiss.pk, "kind": "language", "detail": "fr"})
    assert "A language requirement needs the language code and a level." in bad.content.decode()
    assert not MissionRequirement.objects.exists()
    client.post(
        URL,
        {"mission": unmiss.pk, "kind": "vaccination", "detail": "yellow fever", "source": "WHO"},
    )
    client.post(URL, {"mission": "", "kind": "passport", "effective_from": "2020-01-01"})
    stored = {(r.mission_id, r.kind, r.detail) for r in MissionRequirement.objects.all()}
    assert stored == {(unmiss.pk, "vaccination", "yellow fever"), (None, "passport", "")}
    page = client.get(URL).content.decode()
    assert "Vaccination: yellow fever" in page
    assert "Every mission" in page
    # The planner may not change the policy.
    response = client.post(
        URL, {"policy": "1", "rest_days": "1", "planning_lead_days": "1", "medal_days": "1"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_requirements_stay_within_the_organisation(cast, login, orgs):
    ours = MissionRequirement.objects.create(organisation=orgs["vn"], kind=Credential.Kind.MEDICAL)
    theirs = MissionRequirement.objects.create(
        organisation=orgs["la"], kind=Credential.Kind.SCREENING
    )
    page = login(cast["vn_viewer"]).get(URL).content.decode()
    assert "Medical fitness" in page
    assert "Conduct / human-rights screening" not in page
    assert (
        login(cast["vn_viewer"])
        .post(reverse("deployments:rule_delete", args=[ours.pk]))
        .status_code
        == 403
    )
    la_admin = login(cast["la_admin"])
    assert la_admin.post(reverse("deployments:rule_delete", args=[ours.pk])).status_code == 404
    assert (
        login(cast["outsider"])
        .post(reverse("deployments:rule_delete", args=[theirs.pk]))
        .status_code
        == 404
    )
    assert la_admin.post(reverse("deployments:rule_delete", args=[theirs.pk])).status_code == 302
    assert list(MissionRequirement.objects.all()) == [ours]


@pytest.mark.django_db
def test_gender_targets_are_listed_from_the_reference_data(cast, login):
    GenderTarget.objects.filter(category="contingent", year=2028).update(percent=16)
    page = login(cast["vn_viewer"]).get(URL).content.decode()
    assert "16.0" in page
    assert "Military staff officers and observers" in page
    assert GenderTarget.objects.for_year(2025)["contingent"].percent == 8
    assert GenderTarget.objects.for_year(2030)["contingent"].percent == 16
    assert GenderTarget.objects.for_year(2019)["military_individual"].year == 2021


@pytest.mark.django_db
def test_rules_page_query_count_does_not_grow(cast, login, orgs, constant_queries):
    missions = iter(MissionFactory.create(acronym=f"M{n}", name=f"Mission {n}") for n in range(9))

    def grow():
        for kind in (Credential.Kind.MEDICAL, Credential.Kind.PASSPORT):
            MissionRequirement.objects.create(
                organisation=orgs["vn"], mission=next(missions), kind=kind
            )

    grow()
    page = constant_queries(login(cast["vn_planner"]), URL, grow)
    listed = page.split('data-testid="requirements"')[1].split("</table>")[0]
    assert [f"M{n}" in listed for n in range(5)] == [True, True, True, True, False]


@pytest.mark.django_db
def test_a_user_of_no_organisation_gets_404(make_user, login):
    assert login(make_user("loner")).get(URL).status_code == 404
