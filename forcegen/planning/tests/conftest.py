"""The planning cast: Viet Nam's hospital rotation and its candidates; tasks run inline."""

from types import SimpleNamespace

import pytest

from forcegen.deployments.models import PersonnelType
from forcegen.deployments.tests.factories import DeploymentFactory, MissionFactory

from .factories import END, START, D, hospital, person

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def team(orgs):
    """Three free nurses (one a woman), a woman nurse away on another tour, and a surgeon
    without a passport, for a rotation of two nurses, a women-only nurse seat and a surgeon."""
    vn = orgs["vn"]
    rotation = hospital(vn)
    away = person(vn, "nurse", sex="F", full_name="Away Nurse")
    DeploymentFactory.create(
        person=away,
        mission=MissionFactory.create(acronym="MINUSCA"),
        personnel_type=PersonnelType.STAFF_OFFICER,
        planned_start=D(2026, 9, 1),
        planned_end=D(2027, 8, 31),
    )
    return SimpleNamespace(
        rotation=rotation,
        anh=person(vn, "nurse", full_name="Anh Nurse"),
        binh=person(vn, "nurse", full_name="Binh Nurse"),
        chi=person(vn, "nurse", sex="F", full_name="Chi Nurse"),
        away=away,
        surgeon=person(vn, "surgeon", passport=False, full_name="Dung Surgeon"),
        start=START,
        end=END,
    )
