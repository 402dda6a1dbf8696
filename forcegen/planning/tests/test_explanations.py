"""Why a slot stays empty, worded in the reader's language from the planner's data: counts,
the slot's title through the shared vocabulary, dates as pages show them; older plans stored
as English text still show; the API words it in the caller's language too. Outsiders get 404."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from forcegen.personnel.models import Availability, Requirement
from forcegen.planning import tasks
from forcegen.planning.explanations import fix_lines, notice_lines, why_empty
from forcegen.planning.models import PlanRun, Proposal
from forcegen.units.models import Slot

from .factories import D, person

LAO = {
    "notes": [
        "ອົງການມີ 1 ຄົນທີ່ມີວິຊາສະເພາະ ແພດຜ່າຕັດ.",
        "ເກືອບມີຄຸນສົມບັດ: Dung Surgeon (NUMBER): ບໍ່ມີ ໜັງສືຜ່ານແດນ ໃນແຟ້ມປະຫວັດ.",
    ],
    "women": "2 ຄົນມີໜ້າທີ່ ພະຍາບານປະຈຳຫວອດ (ຍິງ): 2 ຄົນບໍ່ຫວ່າງໃນບາງຊ່ວງຂອງ 2027-03-01 ຫາ 2028-02-29.",
    "surgeon": "ບໍ່ມີໃຜໃນບັນຊີລາຍຊື່ມີໜ້າທີ່ ແພດຜ່າຕັດ.",
}
VIETNAMESE = {
    "notes": [
        "1 người trong tổ chức có chuyên môn Bác sĩ phẫu thuật.",
        "Gần đủ điều kiện: Dung Surgeon (NUMBER): không có Hộ chiếu trong hồ sơ.",
    ],
    "women": "2 người có chức danh Điều dưỡng khoa phòng (nữ): "
    "2 người không có mặt trong một phần thời gian từ 2027-03-01 đến 2028-02-29.",
    "surgeon": "Không ai trong danh sách có chức danh Bác sĩ phẫu thuật.",
}


@pytest.fixture
def run(immediate, team, orgs, cast):
    """Both women nurses are away over the tour: the women-only seat stays empty, and no one
    holds the surgeon's role (the only surgeon has no passport)."""
    Slot.objects.filter(title="Nurse (women)").update(title="Ward nurse (women)")
    dao = person(orgs["vn"], "nurse", sex="F", full_name="Dao Nurse")
    for someone in (team.chi, dao):
        Availability.objects.create(
            organisation=orgs["vn"],
            person=someone,
            kind=Availability.Kind.MEDICAL,
            starts_on=D(2027, 4, 1),
            ends_on=D(2027, 5, 15),
        )
    run = tasks.submit_run(
        organisation=orgs["vn"],
        user=cast["vn_planner"],
        rotations=[team.rotation],
        min_women_percent=Decimal(0),
    )
    run.refresh_from_db()
    assert run.status == PlanRun.Status.DONE
    return run


def gap(run, title):
    return run.proposals.select_related("slot").get(slot__title=title)


def test_the_empty_slots_are_explained_as_data(run):
    women = gap(run, "Ward nurse (women)")
    assert women.person is None
    assert women.explanation == {
        "holders": 2,
        "parts": [{"code": "unavailable", "n": 2, "start": "2027-03-01", "end": "2028-02-29"}],
        "overlap": False,
    }
    assert women.reason == ""
    with translation.override("en"):
        assert why_empty(women, {}) == (
            "2 people hold the role Ward nurse (women): 2 are unavailable during part of "
            "2027-03-01 to 2028-02-29."
        )


@pytest.mark.parametrize(("language", "expected"), [("lo", LAO), ("vi", VIETNAMESE)])
def test_the_plan_page_explains_empty_slots_in_the_readers_language(
    run, cast, login, language, expected
):
    client = login(cast["vn_planner"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(f"/planning/{run.pk}/").content.decode()
    assert expected["women"] in html
    assert expected["surgeon"] in html
    for english in ("hold the role", "unavailable during", "No one on the roster"):
        assert english not in html
    proposal = gap(run, "Ward nurse (women)")
    page = client.get(f"/planning/{run.pk}/proposals/{proposal.pk}/").content.decode()
    assert expected["women"] in page


@pytest.mark.parametrize(("language", "expected"), [("lo", LAO), ("vi", VIETNAMESE)])
def test_the_notes_under_an_empty_slot_are_in_the_readers_language(
    run, cast, login, team, language, expected
):
    """The run was started in English; a Lao or Vietnamese reader reads the notes (how many
    hold the specialty, who is closest to eligible and why) in their own language."""
    assert run.job.language == "en"
    client = login(cast["vn_planner"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(f"/planning/{run.pk}/").content.decode()
    notes = [n.replace("NUMBER", team.surgeon.service_number) for n in expected["notes"]]
    for note in notes:
        assert f"<li>{note}</li>" in html
    assert "holds the specialty" not in html
    assert "Close to eligible" not in html


@pytest.mark.parametrize(
    ("language", "name"), [("lo", "L2H · ແພດຜ່າຕັດ"), ("vi", "L2H · Bác sĩ phẫu thuật")]
)
def test_requirement_names_are_in_the_readers_language(run, cast, login, language, name):
    surgeon = gap(run, "Surgeon")
    Requirement.objects.filter(pk=surgeon.slot.requirement_id).update(
        name=Requirement.for_position("L2H", "Surgeon")
    )
    client = login(cast["vn_planner"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        client.get(f"/planning/{run.pk}/").content.decode(),
        client.get(f"/planning/{run.pk}/proposals/{surgeon.pk}/").content.decode(),
    ]
    for html in pages:
        assert name in html
        assert "L2H · Surgeon" not in html


def test_notes_stored_as_sentences_by_earlier_plans_still_show(run, cast, login):
    surgeon = gap(run, "Surgeon")
    surgeon.notes = ["1 person of the organisation holds the specialty Surgeon."]
    surgeon.save()
    client = login(cast["vn_planner"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    html = client.get(f"/planning/{run.pk}/").content.decode()
    assert "<li>1 person of the organisation holds the specialty Surgeon.</li>" in html


def test_the_api_words_the_explanation_in_the_callers_language(run, cast, api):
    client = api(cast["vn_planner"])
    result = client.get(
        f"/api/v1/plan-runs/{run.pk}/result/", headers={"accept-language": "lo"}
    ).json()
    women = next(p for p in result["proposals"] if p["title"] == "Ward nurse (women)")
    assert women["reason"] == LAO["women"]
    assert women["explanation"]["parts"][0]["code"] == "unavailable"


def test_an_outsider_gets_404(run, cast, login, api):
    assert login(cast["outsider"]).get(f"/planning/{run.pk}/").status_code == 404
    assert api(cast["outsider"]).get(f"/api/v1/plan-runs/{run.pk}/result/").status_code == 404


def test_fixes_and_notices_are_worded_and_older_plans_keep_their_sentence(run):
    women = gap(run, "Ward nurse (women)")
    women.fixes = [
        {
            "person": "VN-1",
            "name": "Dao Nurse",
            "enrolments": [
                {
                    "class": "CPTM-27",
                    "gives": [{"course": "CPTM", "through": "2028-02-29"}],
                    "ends": "2027-02-01",
                }
            ],
            "start": "2027-03-01",
        }
    ]
    with translation.override("vi"):
        assert fix_lines(women) == [
            "Ghi danh Dao Nurse (VN-1) vào lớp CPTM-27 (cấp CPTM còn hiệu lực đến 2028-02-29; "
            "kết thúc 2027-02-01) sẽ giúp người này đủ điều kiện: lớp học kết thúc trước ngày "
            "bắt đầu 2027-03-01."
        ]
        few = {"notices": [{"code": "few_experienced", "n": 1, "minimum": 3}]}
        assert notice_lines(few) == [
            "Chỉ có 1 người có kinh nghiệm trong kế hoạch; yêu cầu 3 người."
        ]
    older = Proposal(reason="No one on the roster holds the role Cook.", fixes=[{"text": "x"}])
    assert why_empty(older, {}) == "No one on the roster holds the role Cook."
    assert fix_lines(older) == ["x"]
    assert notice_lines({"message": "Old words."}) == ["Old words."]
    assert datetime.date.fromisoformat(women.explanation["parts"][0]["end"]) == D(2028, 2, 29)
