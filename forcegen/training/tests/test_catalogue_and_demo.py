"""The starter catalogue (command and loader) and the demo training data."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from forcegen.core.models import Organisation
from forcegen.training import services
from forcegen.training.models import Certificate, ClassSession, Course, Enrolment, RequiredCourse


def load(*args):
    out = StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue().strip()


def test_the_starter_catalogue_loads_once_and_keeps_edits(orgs):
    assert load("--org", "vn-dpko") == "created: 9, updated: 0, kept: 0"
    cptm = Course.objects.get(organisation=orgs["vn"], code="CPTM")
    assert cptm.effective_from == datetime.date(2017, 5, 2)
    assert "34 lessons" in cptm.source
    assert "[V]" in cptm.source
    assert "[U]" in cptm.source
    assert cptm.translations["lo"].startswith("ການຝຶກອົບຮົມ")
    assert cptm.required_for.filter(code="deminer").exists()
    staff = Course.objects.get(organisation=orgs["vn"], code="STM-SO")
    assert list(staff.prerequisites.values_list("code", flat=True)) == ["CPTM"]
    assert (staff.min_language, staff.get_min_language_level_display()) == ("en", "B1")
    assert Course.objects.get(code="ENG-UN").validity_months is None
    Course.objects.filter(pk=cptm.pk).update(validity_months=48)
    assert load("--org", "vn-dpko") == "created: 0, updated: 0, kept: 9"
    assert Course.objects.get(pk=cptm.pk).validity_months == 48
    assert load("--org", "vn-dpko", "--update") == "created: 0, updated: 9, kept: 0"
    assert Course.objects.get(pk=cptm.pk).validity_months == 36


def test_a_bad_file_stores_nothing_and_names_the_rows(orgs, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_text(
        "code,title,category,hours,pass_mark,required_for,prerequisites\n"
        "NAT-1,National course,national,40,70,,\n"
        "bad code,Broken,stm,x,70,,\n"
        "NAT-2,Another,national,10,70,astronaut,\n"
        "NAT-3,Third,national,10,70,,NAT-9\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        load(str(path), "--org", "la-pko")
    message = str(refused.value)
    assert "row 3, code: Use capital letters, digits and hyphens, e.g. STM-SO." in message
    assert "row 3, hours: “x” value must be an integer." in message
    assert "row 4: unknown specialty astronaut" in message
    assert "row 5: unknown prerequisite among NAT-9" in message
    assert not Course.objects.exists()
    with pytest.raises(CommandError, match="No organisation"):
        load("--org", "nowhere")


@pytest.mark.django_db
def test_seed_demo_adds_training_once():
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Course.objects.count(),
        ClassSession.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
        RequiredCourse.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        Course.objects.count(),
        ClassSession.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
        RequiredCourse.objects.count(),
    )
    today = timezone.localdate()
    la = Organisation.objects.get(code="la-pko")
    upcoming = ClassSession.objects.get(reference="CPTM-DEMO-NEXT")
    assert upcoming.status == "open"
    assert upcoming.starts_on > today
    assert list(upcoming.shared_with.all()) == [la]
    lao = Enrolment.objects.filter(session=upcoming, organisation=la)
    assert set(lao.values_list("status", flat=True)) == {"accepted", "nominated"}
    completed = ClassSession.objects.get(reference="CPTM-DEMO-LA")
    assert Certificate.objects.filter(
        enrolment__session=completed, person__organisation=la
    ).exists()
    states = {c.state for c in Certificate.objects.all()}
    assert states == {"valid", "expired"}
    assert Certificate.objects.filter(number__startswith="VN-DPKO-CPTM-").count() > 20
    # Numbers continue after the demo's: a new certificate does not collide.
    cptm = Course.objects.get(organisation__code="vn-dpko", code="CPTM")
    year = completed.ends_on.year
    assert services.next_serial(completed.organisation, cptm, year) > 1
