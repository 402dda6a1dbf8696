"""Administrators set the reminder rules; personnel officers approve renewed documents."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: ["reminders.add_reminderrule", "reminders.change_reminderrule"],
            Role.PERSONNEL_OFFICER: ["reminders.change_renewalrequest"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
