"""Cooperation pages: outsiders get 404, the partner's scoped write in the page (allowed on its
own items, refused with the reason otherwise), lists with constant queries, exports, the
rotation's inter-agency tasks, the calendar and the annual review."""

import datetime
import io

from django.conf import settings
from openpyxl import load_workbook

from forcegen.cooperation.models import (
    Activity,
    Commitment,
    CoordinationTask,
    Plan,
    PlanItem,
    Side,
)
from forcegen.deployments.tests.factories import RotationFactory

D = datetime.date


def _more(joint, n=3):
    """More records of every list: plans, items, activities, commitments."""
    partner, vn = joint["partner"], joint["plan"].organisation
    first = Plan.objects.count()
    for i in range(first, first + n):
        plan = Plan.objects.create(organisation=vn, partner=partner, year=2000 + i, title=f"P{i}")
        PlanItem.objects.create(
            plan=plan,
            organisation=vn,
            area="it",
            title=f"I{i}",
            side=Side.PARTNER,
            target_on=D(2000 + i, 6, 1),
        )
        activity = Activity.objects.create(
            organisation=vn,
            partner=partner,
            kind="working_session",
            title=f"A{i}",
            place="Vientiane",
            starts_on=D(2025, 6, 1),
            ends_on=D(2025, 6, 2),
        )
        Commitment.objects.create(
            activity=activity, organisation=vn, side=Side.OWNER, description=f"C{i}",
            due_on=D(2025, 7, 1),
        )  # fmt: skip


def test_a_third_organisation_gets_404_everywhere(joint, officers, login):
    client = login(officers["out"])
    for url in (
        f"/cooperation/plans/{joint['plan'].pk}/",
        f"/cooperation/plans/{joint['plan'].pk}/items.csv",
        f"/cooperation/activities/{joint['visit'].pk}/",
        f"/cooperation/agreements/{joint['agreement'].pk}/",
        f"/cooperation/partners/{joint['partner'].pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/cooperation/plan-items/{joint['la_item'].pk}/progress/",
        {"status": "done", "progress": 100},
    )
    assert response.status_code == 404
    assert client.get("/cooperation/plans/").content.decode().count("2025 plan") == 0


def test_the_lao_officer_sees_the_plan_in_lao_and_which_items_are_theirs(joint, officers, login):
    client = login(officers["la"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    html = client.get(f"/cooperation/plans/{joint['plan'].pk}/").content.decode()
    assert "Draft the decree" in html
    assert "Train Lao officers" in html
    assert "ລາຍການນີ້ເປັນຂອງຝ່າຍ vn-dpko" in html  # the refusal, in Lao
    # One form, for the Lao item; the Vietnamese item says why it cannot be changed.
    assert html.count('data-testid="progress-form"') == 1
    assert f'action="/cooperation/plan-items/{joint["la_item"].pk}/progress/"' in html
    assert html.count('data-testid="refusal"') == 1


def test_the_partner_updates_its_item_in_the_page_and_is_refused_the_other(joint, officers, login):
    client = login(officers["la"])
    ok = client.post(
        f"/cooperation/plan-items/{joint['la_item'].pk}/progress/",
        {"status": "in_progress", "progress": 30, "evidence": "Draft v1"},
        follow=True,
    )
    assert "Item updated." in ok.content.decode()
    joint["la_item"].refresh_from_db()
    assert (joint["la_item"].status, joint["la_item"].evidence) == ("in_progress", "Draft v1")
    refused = client.post(
        f"/cooperation/plan-items/{joint['vn_item'].pk}/progress/",
        {"status": "done", "progress": 100},
        follow=True,
    )
    assert "only vn-dpko or the plan&#x27;s keeper updates" in refused.content.decode()
    joint["vn_item"].refresh_from_db()
    assert joint["vn_item"].status == "planned"


def test_the_vietnamese_officer_records_a_visit_with_two_commitments(joint, officers, login):
    client = login(officers["vn"])
    response = client.post(
        "/cooperation/activities/new/",
        {
            "partner": joint["partner"].pk,
            "kind": "visit_in",
            "title": "Lao delegation, 31 March 2025",
            "head": "Deputy Chief of the General Staff",
            "starts_on": "2025-03-31",
            "ends_on": "2025-03-31",
            "place": "Hà Nội",
            "advances": [joint["vn_item"].pk],
        },
    )
    activity = Activity.objects.get(title="Lao delegation, 31 March 2025")
    assert response["Location"] == f"/cooperation/activities/{activity.pk}/"
    for side, what in ((Side.OWNER, "Share legal instruments"), (Side.PARTNER, "Send unit list")):
        client.post(
            f"/cooperation/activities/{activity.pk}/commitments/",
            {"side": side, "description": what, "due_on": "2025-06-30", "owner": ""},
        )
    assert sorted(activity.commitments.values_list("description", flat=True)) == [
        "Send unit list",
        "Share legal instruments",
    ]
    assert list(activity.advances.all()) == [joint["vn_item"]]
    assert activity.recorded_by == officers["vn"]


def test_the_partner_cannot_add_commitments_to_the_keepers_activity(joint, officers, login):
    response = login(officers["la"]).post(
        f"/cooperation/activities/{joint['visit'].pk}/commitments/",
        {"side": "partner", "description": "x", "due_on": "2025-06-30"},
    )
    assert response.status_code == 404
    assert joint["visit"].commitments.count() == 1


def test_lists_keep_a_constant_query_count(joint, officers, login, constant_queries):
    client = login(officers["la"])
    grow = lambda: _more(joint)  # noqa: E731
    for url in (
        "/cooperation/plans/",
        "/cooperation/activities/",
        "/cooperation/commitments/",
        "/cooperation/agreements/",
        "/cooperation/",
    ):
        constant_queries(client, url, grow)
    html = constant_queries(client, f"/cooperation/plans/{joint['plan'].pk}/", grow)
    assert "Draft the decree" in html


def test_the_commitments_export_lists_the_overdue_with_filters(joint, officers, login):
    _more(joint)
    response = login(officers["vn"]).get("/cooperation/commitments.xlsx?overdue=on&side=partner")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("due_on", "commitment", "side")
    assert [r[1] for r in rows[1:]] == ["Send the list of units"]
    assert rows[1][2] == "la-pko"


def test_the_rotation_page_shows_its_late_inter_agency_tasks(orgs, officers, login, checklist):
    rotation = RotationFactory.create(
        organisation=orgs["vn"], planned_departure=D(2026, 1, 1), planned_return=D(2026, 12, 31)
    )
    client = login(officers["vn"])
    client.post(f"/cooperation/rotations/{rotation.pk}/checklist/", {"template": checklist.pk})
    assert CoordinationTask.objects.filter(rotation=rotation).count() == 3
    html = client.get(f"/deployments/rotations/{rotation.pk}/").content.decode()
    assert "3 tasks are late" in html
    assert "Ministry of Public Security" in html


def test_a_partner_cannot_start_a_checklist_on_anothers_rotation(orgs, officers, login, checklist):
    rotation = RotationFactory.create(organisation=orgs["vn"])
    response = login(officers["la"]).post(
        f"/cooperation/rotations/{rotation.pk}/checklist/", {"template": checklist.pk}
    )
    assert response.status_code == 404
    assert not CoordinationTask.objects.exists()


def test_the_calendar_shows_the_month_and_exports_ics(joint, officers, login):
    client = login(officers["la"])
    html = client.get("/cooperation/calendar/?month=2025-03").content.decode()
    assert "Working session of 31 March" in html
    ics = client.get("/cooperation/calendar.ics?month=2025-03").content.decode()
    assert "BEGIN:VCALENDAR" in ics
    assert "DTSTART;VALUE=DATE:20250331" in ics
    assert "SUMMARY:Send the list of units" in ics  # the commitment's due date
    assert "\r\n" in ics


def test_the_annual_review_in_the_readers_language(joint, officers, login):
    client = login(officers["la"])
    pdf = client.get("/cooperation/review.pdf?year=2025")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/cooperation/review.xlsx?year=2025")
    book = load_workbook(io.BytesIO(response.content))
    summary = dict(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert summary["Éléments du plan"] == "2"
    items = [row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert sorted(items) == ["Draft the decree", "Train Lao officers in Viet Nam"]
    assert client.get("/cooperation/review.pdf?year=abc").status_code == 404


def test_the_keeper_adds_a_contact_and_the_partner_cannot(joint, officers, login):
    url = f"/cooperation/partners/{joint['partner'].pk}/contacts/"
    contact = {"name": "Phouvong Inthavong", "position": "Cooperation officer", "email": ""}
    assert login(officers["la"]).post(url, contact).status_code == 404
    page = login(officers["vn"]).post(url, contact, follow=True).content.decode()
    assert "Contact added." in page
    assert "Phouvong Inthavong, Cooperation officer" in page
    assert joint["partner"].contacts.get().organisation == joint["partner"].organisation
