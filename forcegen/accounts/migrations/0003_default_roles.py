"""The eight roles as groups, with the permissions of the foundation modules.

Later apps add their own permissions to these roles in their own data migrations.
"""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions

FOUNDATION_GRANTS = {
    Role.ADMIN: [
        "core.change_organisation",
        "core.manage_sharing",
        "auditlog.view_logentry",
    ],
    Role.PLANNER: [],
    Role.PERSONNEL_OFFICER: [],
    Role.TRAINING_OFFICER: [],
    Role.LOGISTICS_OFFICER: [],
    Role.LEGAL_OFFICER: [],
    Role.COOPERATION_OFFICER: ["core.manage_sharing"],
    Role.VIEWER: [],
}


def create_roles(apps, schema_editor):
    grant_role_permissions(apps, {role.value: perms for role, perms in FOUNDATION_GRANTS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_memberships"),
        ("core", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
