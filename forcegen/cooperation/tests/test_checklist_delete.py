"""Deleting inter-agency tasks from the pages: a template's task and a rotation's task, each
after a confirmation page; the cooperation officer may (audited), another role is refused with
who may, another organisation and the partner get 404."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from forcegen.cooperation import services
from forcegen.cooperation.models import ChecklistStep, CoordinationTask
from forcegen.deployments.tests.factories import RotationFactory

D = datetime.date


@pytest.fixture
def rotation_tasks(orgs, officers, checklist):
    rotation = RotationFactory.create(organisation=orgs["vn"], planned_departure=D(2027, 3, 1))
    services.instantiate_checklist(template=checklist, rotation=rotation, user=officers["vn"])
    return rotation


def _deleted_by(model, pk):
    return LogEntry.objects.get(
        content_type__model=model._meta.model_name,
        object_pk=str(pk),
        action=LogEntry.Action.DELETE,
    ).actor


def test_the_officer_deletes_a_template_task_after_confirming(
    officers, login, checklist, rotation_tasks
):
    client = login(officers["vn"])
    step = checklist.steps.get(task="Passports")
    page = client.get(f"/cooperation/checklists/{checklist.pk}/").content.decode()
    assert f"/cooperation/checklist-tasks/{step.pk}/delete/" in page
    question = client.get(f"/cooperation/checklist-tasks/{step.pk}/delete/")
    assert "Delete this task of the checklist “Before deploying”?" in question.content.decode()
    assert "Ministry of Public Security" in question.content.decode()
    assert ChecklistStep.objects.filter(pk=step.pk).exists()  # asking deletes nothing
    done = client.post(f"/cooperation/checklist-tasks/{step.pk}/delete/")
    assert done["Location"] == f"/cooperation/checklists/{checklist.pk}/"
    assert not ChecklistStep.objects.filter(pk=step.pk).exists()
    assert _deleted_by(ChecklistStep, step.pk) == officers["vn"]
    page = client.get(f"/cooperation/checklists/{checklist.pk}/").content.decode()
    assert "Ministry of Public Security" not in page
    kept = rotation_tasks.coordination_tasks.get(task="Passports")  # the rotation keeps its copy
    assert kept.step_id is None


def test_the_officer_deletes_a_rotations_task_from_the_rotation_page(
    officers, login, checklist, rotation_tasks
):
    client = login(officers["vn"])
    task = rotation_tasks.coordination_tasks.get(task="Insurance")
    rotation_page = reverse("deployments:rotation", args=[rotation_tasks.pk])
    assert (
        f"/cooperation/coordination/{task.pk}/delete/" in client.get(rotation_page).content.decode()
    )
    question = client.get(f"/cooperation/coordination/{task.pk}/delete/").content.decode()
    assert "Delete this inter-agency task of" in question
    assert "2027-01-30" in question  # its due date, D-30
    done = client.post(f"/cooperation/coordination/{task.pk}/delete/")
    assert done["Location"] == rotation_page
    assert not CoordinationTask.objects.filter(pk=task.pk).exists()
    assert _deleted_by(CoordinationTask, task.pk) == officers["vn"]
    again = services.instantiate_checklist(
        template=checklist, rotation=rotation_tasks, user=officers["vn"]
    )
    assert [t.task for t in again] == ["Insurance"]  # taking the checklist again brings it back


def test_another_organisation_and_the_partner_get_404(officers, login, checklist, rotation_tasks):
    step = checklist.steps.first()
    task = rotation_tasks.coordination_tasks.first()
    for user in (officers["out"], officers["la"]):
        client = login(user)
        for url in (
            f"/cooperation/checklist-tasks/{step.pk}/delete/",
            f"/cooperation/coordination/{task.pk}/delete/",
        ):
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url).status_code == 404, (user, url)
    assert ChecklistStep.objects.filter(pk=step.pk).exists()
    assert CoordinationTask.objects.filter(pk=task.pk).exists()


def test_a_role_without_the_right_is_refused_with_who_may(
    make_user, officers, login, checklist, rotation_tasks
):
    client = login(make_user("vn-look", ("vn", "viewer")))
    step = checklist.steps.first()
    task = rotation_tasks.coordination_tasks.first()
    rotation_page = reverse("deployments:rotation", args=[rotation_tasks.pk])
    assert "/delete/" not in client.get(rotation_page).content.decode()
    assert "/delete/" not in client.get(f"/cooperation/checklists/{checklist.pk}/").content.decode()
    for url in (
        f"/cooperation/checklist-tasks/{step.pk}/delete/",
        f"/cooperation/coordination/{task.pk}/delete/",
    ):
        for refused in (client.get(url), client.post(url)):
            assert refused.status_code == 403, url
            assert "vn-coop" in refused.content.decode()  # who may: the cooperation officer
    assert ChecklistStep.objects.filter(pk=step.pk).exists()
    assert CoordinationTask.objects.filter(pk=task.pk).exists()


def test_the_cooperation_officer_and_the_administrator_may_delete_tasks(officers, make_user):
    admin = make_user("vn-boss", ("vn", "admin"))
    for user in (officers["vn"], admin):
        assert user.has_perm("cooperation.delete_checkliststep")
        assert user.has_perm("cooperation.delete_coordinationtask")
