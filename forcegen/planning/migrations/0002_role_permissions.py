"""Planners and administrators run the planner, change its proposals and accept plans; every
member of the organisation may read them."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions

PLANNING = ["planning.add_planrun", "planning.change_planrun", "planning.accept_planrun"]


def grant(apps, schema_editor):
    grant_role_permissions(apps, {Role.ADMIN: PLANNING, Role.PLANNER: PLANNING})


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_plan_runs"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
