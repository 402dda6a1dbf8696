"""The published schema names every schema once, so it describes the API's real answers."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from forcegen.core.openapi import UniqueNamesSchema
from forcegen.deployments.models import Deployment, MissionEvent, Rotation
from forcegen.personnel.models import Credential
from forcegen.planning.models import PlanRun
from forcegen.units.models import Visit


@pytest.fixture(scope="module")
def components():
    return Client().get("/api/v1/openapi.json").json()["components"]["schemas"]


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("RotationStatus", Rotation.Status),
        ("DeploymentStatus", Deployment.Status),
        ("PlanRunStatus", PlanRun.Status),
        ("MissionEventKind", MissionEvent.Kind),
        ("CredentialKind", Credential.Kind),
        ("VisitKind", Visit.Kind),
    ],
)
def test_each_enum_is_published_with_its_own_values(components, name, choices):
    assert components[name]["enum"] == list(choices.values)


def test_no_enum_hides_behind_a_shared_short_name(components):
    assert "Status" not in components


def test_two_definitions_under_one_name_stop_the_schema():
    schema = UniqueNamesSchema.__new__(UniqueNamesSchema)
    schema.schemas = {"Status": {"enum": ["queued"]}}
    with pytest.raises(ImproperlyConfigured, match="Status"):
        schema.add_schema_definitions({"Status": {"enum": ["forming"]}})
