"""What each role may do with legal documents: the legal officer drafts, reviews and approves;
administrators too; cooperation officers comment on partners' drafts in consultation. Everyone in
the organisation reads the register (reading needs no permission, only the scope)."""

from django.db import migrations

from forcegen.accounts.roles import Role, grant_role_permissions

LEGAL = [
    "documents.add_document",
    "documents.change_document",
    "documents.draft_document",
    "documents.review_document",
    "documents.approve_document",
    "documents.comment_document",
    "documents.add_relation",
    "documents.delete_relation",
    "documents.add_citation",
    "documents.delete_citation",
]


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            Role.ADMIN: LEGAL,
            Role.LEGAL_OFFICER: LEGAL,
            Role.COOPERATION_OFFICER: ["documents.comment_document"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_reference_data"), ("accounts", "0003_default_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
