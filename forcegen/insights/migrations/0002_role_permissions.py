"""Administrators import UN files and set their organisation's national gender goals."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: [
                "insights.add_undatafile",
                "insights.add_nationalgoal",
                "insights.change_nationalgoal",
                "insights.delete_nationalgoal",
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_un_figures"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
