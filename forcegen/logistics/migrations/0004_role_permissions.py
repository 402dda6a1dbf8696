"""What each role may do in logistics: administrators keep the catalogue and rates; logistics
officers keep the inventory, inspections, load lists, MOUs and payments."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions


def crud(*models):
    return [f"logistics.{action}_{m}" for m in models for action in ("add", "change", "delete")]


REFERENCE = crud("coecategory", "coeitem", "coerate", "personnelrate", "missionfactor") + [
    "logistics.add_logisticspolicy",
    "logistics.change_logisticspolicy",
]
OPERATIONS = crud(
    "inventoryitem",
    "inspection",
    "finding",
    "loadlist",
    "loadentry",
    "mou",
    "moupersonnel",
    "mouequipment",
    "mouselfsustainment",
    "payment",
)


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: REFERENCE + OPERATIONS,
            Role.LOGISTICS_OFFICER: OPERATIONS,
            Role.PLANNER: crud("loadlist", "loadentry"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("logistics", "0003_inventory_from_units"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
