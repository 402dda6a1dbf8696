"""The daily run's steps: each runs in its own transaction, so a failing step undoes only its own
work; the apps' steps are registered, not picked by the caller."""

import datetime

import pytest

from forcegen.core import daily
from forcegen.core.models import Organisation

TODAY = datetime.date(2026, 1, 5)


def _organisation(code: str) -> int:
    Organisation.objects.create(code=code, name_en=code, country="VNM")
    return 1


def _failing(today: datetime.date) -> int:
    _organisation("half-done")
    raise RuntimeError("step failed")


@pytest.mark.django_db
def test_a_failing_step_undoes_only_its_own_work(monkeypatch):
    monkeypatch.setattr(daily, "_STEPS", {})
    daily.register(daily.Step("first", lambda today: _organisation("first")))
    daily.register(daily.Step("failing", _failing))
    with pytest.raises(RuntimeError):
        daily.run(today=TODAY)
    assert set(Organisation.objects.values_list("code", flat=True)) == {"first"}


def test_the_apps_register_their_steps():
    assert "cooperation.plan_items_advanced" in {step.code for step in daily.steps()}
