"""Cooperation officers and administrators may delete the tasks of an inter-agency checklist:
a template's task, and a task a rotation took from it (a step that does not apply)."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions

DELETE_TASKS = ["cooperation.delete_checkliststep", "cooperation.delete_coordinationtask"]


def grant(apps, schema_editor):
    grant_role_permissions(apps, {Role.ADMIN: DELETE_TASKS, Role.COOPERATION_OFFICER: DELETE_TASKS})


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0003_agreement_signed_copy_checked")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
