"""The task worker brings an organisation's reminders up to date after one of the records the
kinds read has changed (a request does not wait for it)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def refresh_organisation(organisation_id: int) -> str:
    return str(services.run(today=timezone.localdate(), organisation_id=organisation_id))


def refresh_soon(organisation_id: int) -> None:
    refresh_organisation.enqueue(organisation_id)
