"""What each role may do with the personnel registry."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions

OFFICERS = [
    "personnel.add_person",
    "personnel.change_person",
    "personnel.delete_person",
    "personnel.view_personal_data",
    "personnel.import_personnel",
    "personnel.add_credential",
    "personnel.change_credential",
    "personnel.delete_credential",
    "personnel.add_availability",
    "personnel.change_availability",
    "personnel.delete_availability",
]
REQUIREMENTS = [
    "personnel.add_requirement",
    "personnel.change_requirement",
    "personnel.delete_requirement",
]


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: OFFICERS + REQUIREMENTS,
            Role.PERSONNEL_OFFICER: OFFICERS + REQUIREMENTS,
            Role.PLANNER: REQUIREMENTS,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("personnel", "0002_starter_specialties"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
