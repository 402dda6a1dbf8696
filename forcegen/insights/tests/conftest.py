import pytest


@pytest.fixture
def immediate(settings):
    """Tasks run inline (django-tasks' immediate backend), so a test sees the job's end."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
