"""Fixtures shared by the personnel tests: uploads go to a temporary folder, tasks run inline."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forcegen.personnel.services import load_demo_ranks

DATA = Path(__file__).parent / "data"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload(name: str) -> SimpleUploadedFile:
    """One of the rosters in tests/data as a browser would upload it."""
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def la_ranks(orgs):
    load_demo_ranks(orgs["la"], "LAO")
