"""Planner API: start a run, poll it, read the result, change a slot, accept; viewers read only;
outsiders and partners get 404."""

import itertools
import json

import pytest
from django.utils import timezone

from forcegen.planning.models import PlanRun, Proposal
from forcegen.units.models import Slot

from .factories import D, hospital, person, plan_run, slot

RUNS = "/api/v1/plan-runs/"


def start(client, rotation, **options):
    return client.post(
        RUNS, {"rotations": [rotation.pk], **options}, content_type="application/json"
    )


@pytest.fixture
def run_id(immediate, team, cast, api):
    response = start(api(cast["vn_planner"]), team.rotation, time_limit=5)
    assert response.status_code == 202, response.content
    return response.json()["id"]


def test_start_poll_read_change_and_accept(immediate, team, orgs, cast, api):
    client = api(cast["vn_planner"])
    created = start(client, team.rotation, min_women_percent=20, time_limit=5)
    assert created.status_code == 202
    run_id = created.json()["id"]
    status = client.get(f"{RUNS}{run_id}/").json()
    assert (status["status"], status["progress"], status["step"]) == ("done", 100, "stored")
    assert (status["slots"], status["filled"], status["rotations"]) == (4, 3, [team.rotation.pk])
    assert status["min_women_percent"] == "20.0"

    result = client.get(f"{RUNS}{run_id}/result/").json()
    assert result["plan"]["status"] == "optimal"
    assert result["figures"]["women"] == 1
    by_slot = {(p["title"], p["seat"]): p for p in result["proposals"]}
    assert by_slot[("Nurse", 1)]["person"]["service_number"] == team.anh.service_number
    assert by_slot[("Nurse", 1)]["change"] == "new"
    surgeon = by_slot[("Surgeon", 1)]
    assert surgeon["person"] is None
    assert surgeon["reason"] == "No one on the roster holds the role Surgeon."
    assert surgeon["notes"][0] == "1 person of the organisation holds the specialty Surgeon."

    nurse = by_slot[("Nurse", 2)]
    url = f"{RUNS}{run_id}/proposals/{nurse['id']}/"
    refused = client.post(url, {"person": team.surgeon.pk}, content_type="application/json")
    assert refused.status_code == 400
    messages = [d["message"] for d in refused.json()["details"]]
    assert messages[1:] == ["does not hold the specialty Nurse", "no Passport on record"]
    newcomer = person(orgs["vn"], "nurse")
    changed = client.post(
        url, {"service_number": newcomer.service_number}, content_type="application/json"
    )
    assert changed.json()["person"]["id"] == newcomer.pk
    assert changed.json()["edited"] is True

    accepted = client.post(f"{RUNS}{run_id}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert slot(team.rotation, "Nurse", 2).person == newcomer
    assert team.rotation.members.count() == 3
    again = client.post(f"{RUNS}{run_id}/accept/")
    assert again.status_code == 400
    assert again.json()["code"] == "validation_failed"


def test_a_slot_given_no_one_known_names_what_is_missing(run_id, team, cast, api):
    client = api(cast["vn_planner"])
    proposal = PlanRun.objects.get(pk=run_id).proposals.get(slot__title="Surgeon")
    url = f"{RUNS}{run_id}/proposals/{proposal.pk}/"
    for payload, message in [
        ({}, "Give person or service_number, or set leave_empty."),
        ({"service_number": "NO-SUCH"}, "No person NO-SUCH in your organisation."),
        ({"person": 999999}, "No person 999999 in your organisation."),
    ]:
        refused = client.post(url, payload, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json()["details"] == [{"field": "person", "message": message}]
    proposal.refresh_from_db()
    assert proposal.edited_at is None


def test_lists_keep_a_constant_query_count(run_id, team, orgs, cast, api, constant_queries):
    run = PlanRun.objects.get(pk=run_id)
    seats = itertools.count(3)

    def grow():
        for _ in range(3):
            plan_run(
                orgs["vn"],
                hospital(orgs["vn"], name=f"Hospital {next(seats)}"),
                user=cast["vn_admin"],
            )
            holder = person(orgs["vn"], "nurse")
            someone = person(orgs["vn"], "nurse", last_mission_return=D(2025, 1, 1))
            extra = Slot.objects.create(
                organisation=orgs["vn"],
                unit=team.rotation.unit,
                title="Nurse",
                seat=next(seats),
                requirement=slot(team.rotation, "Nurse").requirement,
                person=holder,
            )
            Proposal.objects.create(
                organisation=orgs["vn"],
                run=run,
                rotation=team.rotation,
                slot=extra,
                person=someone,
                edited_by=cast["vn_planner"],
                edited_at=timezone.now(),
            )

    client = api(cast["vn_planner"])
    assert len(json.loads(constant_queries(client, RUNS, grow))) == 4
    result = json.loads(constant_queries(client, f"{RUNS}{run_id}/result/", grow))
    assert len(result["proposals"]) == 10
    assert sum(p["change"] == "replaces" for p in result["proposals"]) == 6


def test_the_result_waits_for_the_run(team, cast, api):
    client = api(cast["vn_planner"])  # the database backend: nothing runs in the request
    run_id = start(client, team.rotation).json()["id"]
    assert client.get(f"{RUNS}{run_id}/").json()["status"] == "queued"
    waiting = client.get(f"{RUNS}{run_id}/result/")
    assert waiting.status_code == 409
    assert "not ready" in waiting.json()["message"]


def test_refusals_name_the_field(team, orgs, cast, api):
    client = api(cast["vn_planner"])
    unknown = client.post(RUNS, {"rotations": [999999]}, content_type="application/json")
    assert unknown.status_code == 400
    assert unknown.json()["details"][0]["field"] == "rotations"
    assert client.post(RUNS, {"rotations": []}, content_type="application/json").status_code == 422
    assert not PlanRun.objects.exists()


def test_viewer_reads_but_cannot_start_change_or_accept(run_id, team, cast, api):
    client = api(cast["vn_viewer"])
    assert client.get(f"{RUNS}{run_id}/result/").status_code == 200
    assert [r["id"] for r in client.get(RUNS).json()] == [run_id]
    assert start(client, team.rotation).status_code == 403
    proposal = PlanRun.objects.get(pk=run_id).proposals.get(slot__title="Surgeon")
    assert (
        client.post(
            f"{RUNS}{run_id}/proposals/{proposal.pk}/",
            {"leave_empty": True},
            content_type="application/json",
        ).status_code
        == 403
    )
    refused = client.post(f"{RUNS}{run_id}/accept/")
    assert refused.status_code == 403
    assert PlanRun.objects.get(pk=run_id).status == "done"


@pytest.mark.parametrize("who", ["outsider", "la_planner"])
def test_outsiders_and_partners_get_404(run_id, team, cast, api, who):
    client = api(cast[who])
    for url in (f"{RUNS}{run_id}/", f"{RUNS}{run_id}/result/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{RUNS}{run_id}/accept/").status_code == 404
    assert client.get(RUNS).json() == []
    # Another organisation's rotation is not found either.
    refused = start(client, team.rotation)
    assert refused.status_code == 400
    assert refused.json()["details"][0]["field"] == "rotations"
