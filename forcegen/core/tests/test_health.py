"""Health and readiness checks for the process supervisor and the load balancer."""

import json

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from forcegen.core import health


@pytest.fixture
def fresh_readiness(monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)


@pytest.mark.django_db
def test_readyz_is_ok_when_every_migration_is_applied(fresh_readiness):
    assert health.unapplied_migrations() == []
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content)["migrations"] == "applied"


@pytest.mark.django_db
def test_readyz_refuses_traffic_while_migrations_are_pending(fresh_readiness, monkeypatch):
    pending = type("Migration", (), {"app_label": "units", "name": "0099_future"})()
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [(pending, 0)])
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["unapplied_migrations"] == 1
    assert health.unapplied_migrations() == ["units.0099_future"]


@pytest.mark.django_db
def test_health_checks_report_an_unreachable_database(monkeypatch):
    monkeypatch.setattr(health, "database_answers", lambda: False)
    for path in ("/healthz", "/readyz"):
        response = Client().get(path)
        assert response.status_code == 503
        assert json.loads(response.content)["database"] == "unavailable"
