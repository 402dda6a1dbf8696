"""Inter-agency checklist templates and an agreement's signed copy, written from the cooperation
pages: the cooperation officer writes them (audited), a role without the right reads and is told
who may, the partner downloads the copy but changes nothing, and another organisation gets 404."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from forcegen.cooperation import services
from forcegen.cooperation.models import Checklist
from forcegen.core.tests.samples import pdf_bytes
from forcegen.deployments.tests.factories import RotationFactory

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def vn_viewer(make_user):
    return make_user("vn-look", ("vn", "viewer"))


def test_the_officer_writes_a_checklist_and_its_tasks_in_the_pages(orgs, officers, login):
    client = login(officers["vn"])
    assert "New checklist" in client.get("/cooperation/checklists/").content.decode()
    created = client.post("/cooperation/checklists/new/", {"name": "Before a staff rotation"})
    template = Checklist.objects.get(name="Before a staff rotation")
    assert template.organisation == orgs["vn"]
    assert created["Location"] == f"/cooperation/checklists/{template.pk}/"
    client.post(
        f"/cooperation/checklists/{template.pk}/tasks/new/",
        {"task": "Passports issued", "agency": "Ministry of Public Security", "offset_days": -90},
    )
    step = template.steps.get()
    client.post(
        f"/cooperation/checklist-tasks/{step.pk}/edit/",
        {"task": "Passports issued", "agency": "Immigration Department", "offset_days": -60},
    )
    html = client.get(f"/cooperation/checklists/{template.pk}/").content.decode()
    assert "D-60" in html
    assert "Immigration Department" in html
    entry = LogEntry.objects.get_for_object(step).latest("timestamp")
    assert entry.changes_dict["offset_days"] == ["-90", "-60"]
    assert entry.actor == officers["vn"]
    rotation = RotationFactory.create(organisation=orgs["vn"], planned_departure=D(2027, 3, 1))
    (task,) = services.instantiate_checklist(
        template=template, rotation=rotation, user=officers["vn"]
    )
    assert (task.agency, task.due_on) == ("Immigration Department", D(2026, 12, 31))


def test_an_offset_out_of_range_is_refused_on_the_form(officers, login, checklist):
    response = login(officers["vn"]).post(
        f"/cooperation/checklists/{checklist.pk}/tasks/new/",
        {"task": "Too early", "agency": "Somewhere", "offset_days": -1000},
    )
    assert response.status_code == 200
    assert "greater than or equal to -730" in response.content.decode()
    assert not checklist.steps.filter(task="Too early").exists()


def test_a_role_without_the_right_reads_and_is_told_who_may(officers, login, vn_viewer, checklist):
    client = login(vn_viewer)
    html = client.get(f"/cooperation/checklists/{checklist.pk}/").content.decode()
    assert "Decision to deploy" in html
    assert "does not write checklists" in html
    assert "vn-coop" in html
    assert "/edit/" not in html
    refused = client.get("/cooperation/checklists/new/")
    assert refused.status_code == 403
    assert "vn-coop" in refused.content.decode()
    step = checklist.steps.first()
    response = client.post(
        f"/cooperation/checklist-tasks/{step.pk}/edit/",
        {"task": "Changed", "agency": "X", "offset_days": -1},
    )
    assert response.status_code == 403
    step.refresh_from_db()
    assert step.task == "Decision to deploy"


def test_another_organisation_gets_404(joint, officers, login, checklist):
    step = checklist.steps.first()
    for user in (officers["out"], officers["la"]):  # the partner does not share checklists
        client = login(user)
        for url in (
            f"/cooperation/checklists/{checklist.pk}/",
            f"/cooperation/checklists/{checklist.pk}/edit/",
            f"/cooperation/checklists/{checklist.pk}/tasks/new/",
            f"/cooperation/checklist-tasks/{step.pk}/edit/",
        ):
            assert client.get(url).status_code == 404, (user, url)
        assert checklist.name not in client.get("/cooperation/checklists/").content.decode()
    client = login(officers["out"])
    agreement = joint["agreement"]
    assert client.get(f"/cooperation/agreements/{agreement.pk}/signed-copy/").status_code == 404
    upload = SimpleUploadedFile("signed.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        f"/cooperation/agreements/{agreement.pk}/signed-copy/upload/", {"file": upload}
    )
    assert response.status_code == 404


def test_the_officer_attaches_and_replaces_the_signed_copy_and_the_partner_reads_it(
    joint, officers, login
):
    agreement, url = joint["agreement"], f"/cooperation/agreements/{joint['agreement'].pk}/"
    client = login(officers["vn"])
    assert 'data-testid="copy-form"' in client.get(url).content.decode()
    for name, comment in (("protocol-signed.pdf", "first"), ("protocol-signed-v2.pdf", "second")):
        upload = SimpleUploadedFile(name, pdf_bytes(comment), content_type="application/pdf")
        response = client.post(f"{url}signed-copy/upload/", {"file": upload}, follow=True)
        assert "Signed copy saved." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.signed_copy.name.endswith("protocol-signed-v2.pdf")
    changes = [
        e.changes_dict["signed_copy"]
        for e in LogEntry.objects.get_for_object(agreement)
        .filter(action=LogEntry.Action.UPDATE)
        .order_by("timestamp")
        if "signed_copy" in e.changes_dict
    ]
    assert len(changes) == 2
    assert changes[1][0].endswith("protocol-signed.pdf")
    partner = login(officers["la"])
    download = partner.get(f"{url}signed-copy/")
    assert b"".join(download.streaming_content) == pdf_bytes("second")
    assert 'data-testid="copy-form"' not in partner.get(url).content.decode()
    upload = SimpleUploadedFile("mine.pdf", pdf_bytes(), content_type="application/pdf")
    assert partner.post(f"{url}signed-copy/upload/", {"file": upload}).status_code == 404


def test_a_file_that_is_not_really_a_pdf_is_refused(joint, officers, login):
    agreement = joint["agreement"]
    fake = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n<html></html>", content_type="text/html")
    response = login(officers["vn"]).post(
        f"/cooperation/agreements/{agreement.pk}/signed-copy/upload/", {"file": fake}, follow=True
    )
    assert "signed.pdf is not really a pdf file." in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.signed_copy
    assert (
        login(officers["vn"])
        .get(f"/cooperation/agreements/{agreement.pk}/signed-copy/")
        .status_code
        == 404
    )


def test_a_role_without_the_right_is_told_who_may_attach_the_copy(joint, login, vn_viewer):
    url = f"/cooperation/agreements/{joint['agreement'].pk}/"
    client = login(vn_viewer)
    html = client.get(url).content.decode()
    assert "does not change agreements" in html
    assert "vn-coop" in html
    upload = SimpleUploadedFile("signed.pdf", pdf_bytes(), content_type="application/pdf")
    refused = client.post(f"{url}signed-copy/upload/", {"file": upload})
    assert refused.status_code == 403
    assert "vn-coop" in refused.content.decode()
