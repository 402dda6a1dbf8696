"""The MOU builder's data kept from the logistics pages: dated COE and personnel rates, mission
factors and the policy by an administrator; annex lines by a logistics officer. Overlapping
periods of one rate are refused naming the clash; every change is audited; other roles see who
may do it; outsiders get 404; the lists keep a constant query count."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from forcegen.logistics.models import (
    CoeCategory,
    CoeRate,
    LogisticsPolicy,
    MissionFactor,
    MouEquipment,
    MouPersonnel,
    MouSelfSustainment,
    PersonnelRate,
)

from .conftest import TEST_SOURCE


@pytest.fixture
def officer(make_user):
    return make_user("vn-logistics", ("vn", "logistics_officer"))


def rate_form(item, **changes):
    data = {
        "item": item.pk,
        "lease_type": "wet",
        "monthly_rate": "1000.00",
        "manual_edition": "A/75/121",
        "effective_from": "2020-01-01",
        "evidence": "U",
        "source": "COE Manual A/75/121, annex, table 1 (test)",
    }
    return {**data, **changes}


def test_an_administrator_enters_rates_and_an_overlap_is_refused_naming_the_clash(
    cast, login, bulldozer
):
    client = login(cast["vn_admin"])
    response = client.post("/logistics/rates/new/", rate_form(bulldozer, effective_to="2022-12-31"))
    assert response.status_code == 302
    first = CoeRate.objects.get(item=bulldozer, lease_type="wet")
    assert first.monthly_rate == Decimal("1000.00")

    response = client.post(
        "/logistics/rates/new/",
        rate_form(bulldozer, monthly_rate="1100.00", effective_from="2022-07-01"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "These dates overlap the rate of US$ 1000.00 for Bulldozer, medium" in page
    assert "2020-01-01 – 2022-12-31" in page
    assert CoeRate.objects.filter(item=bulldozer, lease_type="wet").count() == 1

    # The next edition from the day after: accepted; a dry-lease rate is another rate.
    for data in (
        rate_form(bulldozer, monthly_rate="1100.00", effective_from="2023-01-01"),
        rate_form(bulldozer, lease_type="dry", monthly_rate="700.00"),
    ):
        assert client.post("/logistics/rates/new/", data).status_code == 302
    assert CoeRate.objects.filter(item=bulldozer).count() == 3

    # Moving the first rate's end into the next one is refused as well.
    response = client.post(
        f"/logistics/rates/{first.pk}/", rate_form(bulldozer, effective_to="2023-03-31")
    )
    assert "These dates overlap the rate of US$ 1100.00" in response.content.decode()
    first.refresh_from_db()
    assert first.effective_to == datetime.date(2022, 12, 31)

    entry = LogEntry.objects.get_for_object(first).get()
    assert entry.actor == cast["vn_admin"]
    assert entry.action == LogEntry.Action.CREATE


def test_a_self_sustainment_rate_takes_no_lease_and_needs_a_source(cast, login, db):
    client = login(cast["vn_admin"])
    catering = CoeCategory.objects.get(code="catering")
    data = {
        "category": catering.pk,
        "monthly_rate": "20.00",
        "manual_edition": "A/75/121",
        "effective_from": "2020-01-01",
        "evidence": "U",
        "source": "",
    }
    response = client.post("/logistics/rates/new/", data)
    assert response.status_code == 200
    assert not CoeRate.objects.exists()
    response = client.post("/logistics/rates/new/", {**data, "source": "COE Manual (test)"})
    assert response.status_code == 302
    assert CoeRate.objects.get().lease_type == ""


def test_personnel_rates_and_mission_factors_refuse_overlaps(cast, login, mission):
    client = login(cast["vn_admin"])
    base = {"evidence": "V", "source": "A/RES/72/285 (test)"}
    PersonnelRate.objects.all().delete()
    first = {**base, "monthly_rate": "1428.00", "effective_from": "2018-07-01"}
    assert client.post("/logistics/personnel-rates/new/", first).status_code == 302
    later = {**base, "monthly_rate": "1448.00", "effective_from": "2019-07-01"}
    page = client.post("/logistics/personnel-rates/new/", later).content.decode()
    assert "These dates overlap the personnel rate of US$ 1428.00" in page
    assert "2018-07-01 – …" in page
    assert PersonnelRate.objects.count() == 1

    factor = {
        **base,
        "mission": mission.pk,
        "kind": "extreme_environment",
        "percent": "2.5",
        "effective_from": "2018-01-01",
        "effective_to": "2018-12-31",
    }
    assert client.post("/logistics/factors/new/", factor).status_code == 302
    page = client.post(
        "/logistics/factors/new/", {**factor, "effective_from": "2018-06-01", "effective_to": ""}
    ).content.decode()
    assert (
        "These dates overlap the Extreme environmental conditions factor of 2.50% for UNISFA"
        in (page)
    )
    other_kind = {**factor, "kind": "hostile_action", "effective_from": "2018-06-01"}
    assert client.post("/logistics/factors/new/", other_kind).status_code == 302
    assert MissionFactor.objects.count() == 2


def test_roles_without_the_permission_see_the_values_and_who_may_change_them(
    cast, login, officer, bulldozer
):
    rate = CoeRate.objects.create(
        item=bulldozer,
        lease_type="wet",
        monthly_rate=Decimal(1000),
        manual_edition="test",
        source=TEST_SOURCE,
    )
    client = login(officer)
    listing = client.get("/logistics/rates/").content.decode()
    assert "Your role does not allow entering reference data." in listing
    assert "vn-admin (Administrator)" in listing
    assert 'data-testid="add"' not in listing
    page = client.get(f"/logistics/rates/{rate.pk}/").content.decode()
    assert 'data-testid="who-may"' in page
    assert "disabled" in page
    refused = client.post(f"/logistics/rates/{rate.pk}/", rate_form(bulldozer, monthly_rate="1"))
    assert refused.status_code == 403
    rate.refresh_from_db()
    assert rate.monthly_rate == Decimal(1000)
    assert client.post("/logistics/policy/", {"air_baggage_kg": 30}).status_code == 403


def test_the_empty_rates_page_tells_the_administrator_where_to_enter_them(cast, login, db):
    page = login(cast["vn_admin"]).get("/logistics/rates/").content.decode()
    assert "No rate is entered. An administrator enters each rate here" in page
    assert 'href="/logistics/rates/new/"' in page


def test_the_rates_list_filters_by_the_day_in_force(cast, login, bulldozer):
    for start, end, amount in (("2017-01-01", "2019-12-31", 900), ("2020-01-01", None, 1000)):
        CoeRate.objects.create(
            item=bulldozer,
            lease_type="wet",
            monthly_rate=Decimal(amount),
            manual_edition="test",
            effective_from=datetime.date.fromisoformat(start),
            effective_to=datetime.date.fromisoformat(end) if end else None,
            source=TEST_SOURCE,
        )
    page = login(cast["vn_viewer"]).get("/logistics/rates/?in_force_on=2018-05-01")
    text = page.content.decode()
    assert "900.00" in text
    assert "1000.00" not in text
    export = login(cast["vn_viewer"]).get("/logistics/rates.csv?in_force_on=2018-05-01")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("rate_for,item,category,lease_type,monthly_rate")
    assert len(lines) == 2
    assert "bulldozer-medium" in lines[1]
    assert "2019-12-31" in lines[1]


def test_the_policy_is_the_organisations_and_its_changes_are_audited(cast, login, orgs):
    client = login(cast["vn_admin"])
    data = {"readiness_inspection_months": 6, "reminder_days": 14, "air_baggage_kg": 40}
    assert client.post("/logistics/policy/", data).status_code == 302
    policy = LogisticsPolicy.objects.get(organisation=orgs["vn"])
    assert (policy.reminder_days, policy.air_baggage_kg) == (14, 40)
    assert LogEntry.objects.get_for_object(policy).get().actor == cast["vn_admin"]
    assert not LogisticsPolicy.objects.filter(organisation=orgs["la"]).exists()
    # Another organisation's administrator sees and edits their own policy only.
    page = login(cast["la_admin"]).get("/logistics/policy/").content.decode()
    assert 'value="45"' in page


def test_a_logistics_officer_keeps_the_annex_lines_and_the_totals_follow(
    cast, login, officer, rotation, members, mou, bulldozer
):
    client = login(officer)
    base = f"/logistics/mou/{mou.pk}/"
    page = client.get(base).content.decode()
    assert 'data-testid="add-a"' in page
    assert 'data-testid="total-b">3150.00' in page  # 3 × 1,000 × 1.05

    added = client.post(
        f"{base}annex-a/new/", {"category": "officers", "rank": "OF-2", "strength": 2}
    )
    assert added.status_code == 302
    line = MouEquipment.objects.get(mou=mou)
    assert (
        client.post(
            f"{base}annex-b/{line.pk}/", {"item": bulldozer.pk, "quantity": 5, "lease_type": "dry"}
        ).status_code
        == 302
    )
    page = client.get(base).content.decode()
    assert 'data-testid="total-b">3675.00' in page  # 5 × 700 × 1.05
    assert MouPersonnel.objects.filter(mou=mou).count() == 2

    duplicate = client.post(
        f"{base}annex-a/new/", {"category": "officers", "rank": "OF-2", "strength": 1}
    ).content.decode()
    assert "Annex A already has a line for OF-2 in this category" in duplicate
    catering = MouSelfSustainment.objects.get(mou=mou, category__code="catering")
    assert (
        client.post(
            f"{base}annex-c/{catering.pk}/", {"category": catering.category_id, "provided_by": "un"}
        ).status_code
        == 302
    )
    catering.refresh_from_db()
    assert catering.provided_by == "un"
    assert (
        client.post(f"{base}annex-a/{MouPersonnel.objects.get(rank='OF-2').pk}/delete/").status_code
        == 302
    )
    assert MouPersonnel.objects.filter(mou=mou).count() == 1
    assert LogEntry.objects.get_for_object(line).filter(actor=officer).exists()


def test_a_planner_sees_who_may_change_the_annexes_and_outsiders_get_404(cast, login, officer, mou):
    line = mou.personnel.get()
    page = login(cast["vn_planner"]).get(f"/logistics/mou/{mou.pk}/").content.decode()
    assert "Your role does not allow changing the annexes." in page
    assert "vn-logistics" in page
    assert f"/annex-a/{line.pk}/" not in page
    assert (
        login(cast["vn_planner"]).post(f"/logistics/mou/{mou.pk}/annex-a/new/", {}).status_code
        == 403
    )
    urls = [
        f"/logistics/mou/{mou.pk}/annex-a/new/",
        f"/logistics/mou/{mou.pk}/annex-a/{line.pk}/",
    ]
    for user in ("outsider", "la_planner", "la_admin"):
        client = login(cast[user])
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        delete = f"/logistics/mou/{mou.pk}/annex-a/{line.pk}/delete/"
        assert client.post(delete).status_code == 404
    assert login(officer).get(f"/logistics/mou/{mou.pk}/annex-z/new/").status_code == 404
    assert mou.personnel.count() == 1


def test_reference_lists_keep_a_constant_query_count(cast, login, mission, constant_queries):
    client = login(cast["vn_admin"])
    categories = iter(CoeCategory.objects.filter(annex="self_sustainment"))
    added = iter(range(100))

    def grow():
        number = next(added)
        start = datetime.date(2000 + number, 1, 1)
        CoeRate.objects.create(
            category=next(categories),
            monthly_rate=Decimal(10),
            manual_edition="test",
            source=TEST_SOURCE,
        )
        PersonnelRate.objects.create(
            monthly_rate=Decimal(1000), effective_from=start, source=TEST_SOURCE
        )
        MissionFactor.objects.create(
            mission=mission, kind="hostile_action", percent=1, effective_from=start
        )

    grow()
    for url in ("/logistics/rates/", "/logistics/personnel-rates/", "/logistics/factors/"):
        constant_queries(client, url, grow)
