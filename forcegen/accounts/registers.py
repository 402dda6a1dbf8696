"""The members list, declared once for its page, its export and the API."""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.registers import Column, Label, Register

from .models import Membership
from .roles import Role


class MemberFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Name or user name"))] = Field(
        "", max_length=150, description="Part of the user name or of the name in either script."
    )
    role: Annotated[Role | None, Label(gettext_lazy("Role"))] = None


MEMBERS: Register[Membership, MemberFilters] = Register(
    name="members",
    filters=MemberFilters,
    empty=gettext_lazy("No members."),
    columns=(
        Column("username", gettext_lazy("User"), "user.username"),
        Column("full_name", gettext_lazy("Name"), lambda m: m.user.get_full_name()),
        Column("full_name_native", gettext_lazy("Name (native script)"), "user.full_name_native"),
        Column("role", gettext_lazy("Role"), "role.name", display=lambda m: m.role_label),
    ),
)
