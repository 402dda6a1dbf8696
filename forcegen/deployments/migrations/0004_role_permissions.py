"""What each role may do with rotations, deployments, in-mission events and deployment rules."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions


def crud(model):
    return [f"deployments.{action}_{model}" for action in ("add", "change", "delete")]


PLANNING = [*crud("rotation"), *crud("deployment"), *crud("missionevent")]
EVENTS = ["deployments.change_deployment", *crud("missionevent")]
RULES = [
    *crud("missionrequirement"),
    "deployments.add_deploymentpolicy",
    "deployments.change_deploymentpolicy",
    "deployments.change_gendertarget",
]


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: PLANNING + RULES,
            Role.PLANNER: PLANNING + crud("missionrequirement"),
            Role.PERSONNEL_OFFICER: EVENTS,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("deployments", "0003_gender_targets"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
