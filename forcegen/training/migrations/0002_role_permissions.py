"""What each role may do with training: training officers and administrators run it; everyone in
the organisation reads it (reading needs no permission, only the organisation scope)."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions

TRAINING = [
    "training.add_course",
    "training.change_course",
    "training.delete_course",
    "training.add_classsession",
    "training.change_classsession",
    "training.delete_classsession",
    "training.nominate",
    "training.decide_enrolment",
    "training.record_result",
    "training.revoke_certificate",
]
# Whoever edits eligibility requirements also says which courses they require.
REQUIRED_COURSES = [
    "training.add_requiredcourse",
    "training.change_requiredcourse",
    "training.delete_requiredcourse",
]


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: TRAINING + REQUIRED_COURSES,
            Role.TRAINING_OFFICER: TRAINING + REQUIRED_COURSES,
            Role.PERSONNEL_OFFICER: REQUIRED_COURSES,
            Role.PLANNER: REQUIRED_COURSES,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_catalogue_classes_certificates"),
        ("accounts", "0003_default_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
