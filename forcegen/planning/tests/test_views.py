"""Planner pages: start a run, watch its progress, review, change by hand, accept; the list keeps
its query count; viewers read only; outsiders and partners get 404."""

import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from forcegen.core.models import Job
from forcegen.deployments.tests.factories import RotationFactory
from forcegen.planning.models import PlanRun
from forcegen.units.models import Slot

from .factories import hospital, person, plan_run, slot


def queued_run(team, orgs, **fields):
    return plan_run(orgs["vn"], team.rotation, **fields)


@pytest.fixture
def done_run(immediate, team, orgs, cast, login):
    response = login(cast["vn_planner"]).post(
        "/planning/new/",
        {
            "rotations": [team.rotation.pk],
            "min_experienced": 0,
            "time_limit": 5,
            "method": "cp-sat",
        },
    )
    run = PlanRun.objects.get()
    assert response["Location"] == f"/planning/{run.pk}/"
    return run


def test_plan_review_change_by_hand_and_accept(done_run, team, orgs, cast, login):
    client = login(cast["vn_planner"])
    html = client.get(f"/planning/{done_run.pk}/").content.decode()
    assert "Anh Nurse" in html
    assert "No one on the roster holds the role Surgeon." in html
    assert "Close to eligible: Dung Surgeon" in html
    assert "meets the target of 15.0%" in html
    assert "proven optimal" in html
    assert html.count("fills an empty slot") == 3
    # The page speaks to planners; the engineer's figures and command line sit behind a link.
    reader, engineering = html.split('data-testid="engineering"')
    engineering = engineering.split("</details>")[0]
    for internal in ("pool", "Fairness cost", "python -m"):
        assert internal not in reader.split("<main")[1]
        assert internal in engineering or internal == "pool"

    nurse = done_run.proposals.get(slot__title="Nurse", slot__seat=2)
    edit = f"/planning/{done_run.pk}/proposals/{nurse.pk}/"
    assert f'<a href="{edit}">Change</a>' in html
    newcomer = person(orgs["vn"], "nurse", full_name="Em Nurse")
    page = client.get(edit).content.decode()
    assert "Em Nurse" in page  # eligible and free
    assert "Binh Nurse" not in page.split('data-testid="candidates"')[1]  # already in the plan
    refused = client.post(edit, {"service_number": team.surgeon.service_number})
    assert refused.status_code == 200
    assert "does not hold the specialty Nurse" in refused.content.decode()
    done = client.post(edit, {"service_number": newcomer.service_number})
    assert done["Location"] == f"/planning/{done_run.pk}/#proposal-{nurse.pk}"
    html = client.get(f"/planning/{done_run.pk}/").content.decode()
    assert "the planner proposed Binh Nurse" in html

    client.post(f"/planning/{done_run.pk}/accept/")
    done_run.refresh_from_db()
    assert done_run.status == "accepted"
    assert slot(team.rotation, "Nurse", 2).person == newcomer
    assert team.rotation.members.count() == 3
    entry = LogEntry.objects.get_for_object(slot(team.rotation, "Nurse", 2)).latest("timestamp")
    assert entry.actor == cast["vn_planner"]
    assert entry.changes_dict["person"][1] == str(newcomer.pk)
    assert "Accepted by vn-planner" in client.get(f"/planning/{done_run.pk}/").content.decode()


def test_a_refused_acceptance_shows_every_reason(done_run, team, cast, login):
    team.anh.credentials.all().delete()
    team.chi.credentials.all().delete()
    client = login(cast["vn_planner"])
    html = client.post(f"/planning/{done_run.pk}/accept/", follow=True).content.decode()
    assert "Nothing was stored" in html
    assert "Nurse #1: Anh Nurse is not eligible" in html
    assert "Nurse (women) #1: Chi Nurse is not eligible" in html
    assert not Slot.objects.filter(unit=team.rotation.unit, person__isnull=False).exists()


def test_progress_is_polled_until_done_then_the_page_reloads(team, orgs, cast, login):
    run = queued_run(team, orgs)
    client = login(cast["vn_planner"])
    polled = client.get(f"/planning/{run.pk}/", headers={"HX-Request": "true"})
    fragment = polled.content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert "Waiting for the task worker" in fragment
    Job.objects.filter(pk=run.job_id).update(status="running", done=30)  # solving
    assert (
        'value="30"'
        in client.get(f"/planning/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    )
    Job.objects.filter(pk=run.job_id).update(status="failed", error="Boom.")
    finished = client.get(f"/planning/{run.pk}/", headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert "Boom." in client.get(f"/planning/{run.pk}/").content.decode()


def test_only_plannable_rotations_are_offered(team, orgs, cast, login):
    RotationFactory.create(organisation=orgs["vn"], status="deployed")
    hospital(orgs["la"], name="Lao hospital")
    html = login(cast["vn_planner"]).get("/planning/new/").content.decode()
    assert html.count('name="rotations"') == 1
    assert "Hospital, rotation" in html


def test_viewer_reads_but_cannot_plan_change_or_accept(done_run, cast, login):
    client = login(cast["vn_viewer"])
    html = client.get(f"/planning/{done_run.pk}/").content.decode()
    assert "Anh Nurse" in html
    assert "Accept the plan" not in html
    proposal = done_run.proposals.first()
    assert client.get("/planning/new/").status_code == 403
    assert client.get(f"/planning/{done_run.pk}/proposals/{proposal.pk}/").status_code == 403
    assert client.post(f"/planning/{done_run.pk}/accept/").status_code == 403
    done_run.refresh_from_db()
    assert done_run.status == "done"


@pytest.mark.parametrize("who", ["outsider", "la_planner"])
def test_outsiders_and_partners_get_404(done_run, cast, login, who):
    client = login(cast[who])
    proposal = done_run.proposals.first()
    for url in (
        f"/planning/{done_run.pk}/",
        f"/planning/{done_run.pk}/instance.json",
        f"/planning/{done_run.pk}/proposals/{proposal.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/planning/{done_run.pk}/accept/").status_code == 404
    assert "No plans yet." in client.get("/planning/").content.decode()


def test_the_instance_downloads_for_the_cli(done_run, cast, login):
    response = login(cast["vn_viewer"]).get(f"/planning/{done_run.pk}/instance.json")
    assert response["Content-Disposition"].endswith(f'plan-run-{done_run.pk}-instance.json"')
    assert b'"min_female_share": 0.15' in response.content


def test_run_list_keeps_a_constant_query_count(team, orgs, cast, login, constant_queries):
    queued_run(team, orgs, user=cast["vn_planner"])

    def grow():
        for n in range(3):
            run = queued_run(team, orgs, user=cast["vn_admin"])
            run.rotations.add(hospital(orgs["vn"], name=f"Hospital {n}"))

    html = constant_queries(login(cast["vn_planner"]), "/planning/", grow)
    assert html.count('href="/planning/') >= 4
    assert "Hospital 2, rotation" in html


def test_review_page_keeps_a_constant_query_count(
    done_run, team, orgs, cast, login, constant_queries
):
    from forcegen.deployments.tests.factories import DeploymentFactory
    from forcegen.planning.models import Proposal

    from .factories import D

    def grow():
        for seat in range(3, 6):
            extra = Slot.objects.create(
                organisation=orgs["vn"],
                unit=team.rotation.unit,
                title="Nurse",
                seat=seat,
                requirement=slot(team.rotation, "Nurse").requirement,
            )
            someone = person(orgs["vn"], "nurse", last_mission_return=D(2025, 1, 1))
            DeploymentFactory.create(person=someone, status="cancelled")
            Proposal.objects.create(
                organisation=orgs["vn"],
                run=done_run,
                rotation=team.rotation,
                slot=extra,
                person=someone,
                planned_person=someone,
            )

    html = constant_queries(login(cast["vn_planner"]), f"/planning/{done_run.pk}/", grow)
    assert html.count('id="proposal-') == 7


def test_candidates_keep_a_constant_query_count(done_run, orgs, cast, login, constant_queries):
    nurse = done_run.proposals.get(slot__title="Nurse", slot__seat=2)
    person(orgs["vn"], "nurse", full_name="Extra Nurse 0")  # a list to prefetch for already

    def grow():
        for n in range(1, 4):
            person(orgs["vn"], "nurse", full_name=f"Extra Nurse {n}")

    url = f"/planning/{done_run.pk}/proposals/{nurse.pk}/"
    html = constant_queries(login(cast["vn_planner"]), url, grow)
    assert html.split('data-testid="candidates"')[1].count("Extra Nurse") == 4


def test_a_forming_rotation_links_to_a_plan_with_it_ticked(team, login, cast):
    client = login(cast["vn_planner"])
    page = client.get(reverse("deployments:rotation", args=[team.rotation.pk])).content.decode()
    link = f"{reverse('planning:create')}?rotation={team.rotation.pk}"
    assert link in page
    form = client.get(link).content.decode()
    assert re.search(f'value="{team.rotation.pk}" id="[^"]+" checked', form)
    assert '<label for="" class="check">' not in form  # the choices are not wrapped in a label
    viewer = login(cast["vn_viewer"]).get(reverse("deployments:rotation", args=[team.rotation.pk]))
    assert link not in viewer.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_review_is_read_once_until_a_write(done_run, orgs, cast, login, second_read):
    """Between requests the worded proposals and their tables are kept (on PostgreSQL); a viewer
    reading after a planner gets no "Change" links, and a change by hand shows at once."""
    client = login(cast["vn_planner"])
    review = f"/planning/{done_run.pk}/"
    again = second_read(lambda: client.get(review))
    read = any('"planning_proposal"' in q["sql"] for q in again)
    assert read == (connection.vendor != "postgresql")
    assert "/proposals/" in client.get(review).content.decode()
    assert "/proposals/" not in login(cast["vn_viewer"]).get(review).content.decode()
    nurse = done_run.proposals.get(slot__title="Nurse", slot__seat=2)
    newcomer = person(orgs["vn"], "nurse", full_name="Em Nurse")
    client.post(f"{review}proposals/{nurse.pk}/", {"service_number": newcomer.service_number})
    assert "the planner proposed Binh Nurse" in client.get(review).content.decode()
