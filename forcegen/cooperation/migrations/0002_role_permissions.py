"""What each role may do with cooperation records: cooperation officers and administrators keep
partners, agreements, plans, activities, commitments and inter-agency checklists. Everyone in the
organisation reads them (reading needs no permission, only the scope)."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions

MODELS = [
    "partner",
    "contact",
    "agreement",
    "plan",
    "planitem",
    "activity",
    "commitment",
    "checklist",
    "checkliststep",
    "coordinationtask",
]
KEEPERS = [f"cooperation.{verb}_{model}" for model in MODELS for verb in ("add", "change")]


def grant(apps, schema_editor):
    grant_role_permissions(apps, {Role.ADMIN: KEEPERS, Role.COOPERATION_OFFICER: KEEPERS})


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
