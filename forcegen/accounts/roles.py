"""The roles a membership can carry. Each role is a Django group; its permissions are data."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PLANNER = "planner", _("Planner")
    PERSONNEL_OFFICER = "personnel_officer", _("Personnel officer")
    TRAINING_OFFICER = "training_officer", _("Training officer")
    LOGISTICS_OFFICER = "logistics_officer", _("Logistics officer")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")
    COOPERATION_OFFICER = "cooperation_officer", _("Cooperation officer")
    VIEWER = "viewer", _("Viewer")


def role_label(group_name: str) -> str:
    """The translated label of a role group; a group an administrator added shows its own name."""
    try:
        return str(Role(group_name).label)
    except ValueError:
        return group_name


def grant_role_permissions(apps: Any, grants: dict[str, list[str]]) -> None:
    """Migration helper: give each role group the listed "app_label.codename" permissions.

    Permissions are normally created after migrations run; create them now so a data migration
    can attach them to roles.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, perms in grants.items():
        group, _created = group_model.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
