"""What each role may do with unit templates, units, slots, equipment and PCRS records."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions


def crud(model):
    return [f"units.{action}_{model}" for action in ("add", "change", "delete")]


FORCE_ORGANISATION = [
    *crud("unittemplate"),
    *crud("templateposition"),
    *crud("templateequipment"),
    *crud("unit"),
    *crud("slot"),
    "units.override_eligibility",
    *crud("equipmentline"),
    "units.add_pcrsrecord",
    *crud("visit"),
    *crud("visitdocument"),
]
EQUIPMENT = [*crud("equipmentline"), *crud("equipmentitem")]


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: FORCE_ORGANISATION
            + EQUIPMENT
            + ["units.change_readinesspolicy", "units.add_readinesspolicy"],
            Role.PLANNER: FORCE_ORGANISATION,
            Role.LOGISTICS_OFFICER: EQUIPMENT,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("units", "0001_templates_units_readiness"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
