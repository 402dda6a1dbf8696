"""The unit templates list, declared once for its page, its export and the API."""

from __future__ import annotations

from typing import Annotated

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.registers import Column, Label, Register, choice_label

from .models import Kind, UnitTemplate


class TemplateFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Code or name"))] = Field(
        "", max_length=200, description="Part of the code, name or short name."
    )
    kind: Annotated[Kind | None, Label(gettext_lazy("Kind"))] = None
    shared: Annotated[bool | None, Label(gettext_lazy("Shared with you"))] = Field(
        None, description="true: partners' templates only; false: your own only."
    )


def _owner(template: UnitTemplate) -> SafeString:
    """The owner's code, and a tag on a partner's template (the list annotates `shared`)."""
    if getattr(template, "shared", False):
        return format_html(
            '{} <span class="tag">{}</span>', template.organisation.code, _("shared with you")
        )
    return format_html("{}", template.organisation.code)


TEMPLATES: Register[UnitTemplate, TemplateFilters] = Register(
    name="unit-templates",
    filters=TemplateFilters,
    empty=gettext_lazy("No templates yet: load the starter templates or a JSON file."),
    columns=(
        Column("code", "", "code", page=False),
        Column(
            "name",
            gettext_lazy("Template"),
            "name",
            link=lambda t: reverse("units:template", args=[t.pk]),
        ),
        Column("kind", gettext_lazy("Kind"), "kind", display=lambda t: choice_label(t, "kind")),
        Column("positions", gettext_lazy("Positions"), "position_count"),
        Column("seats", gettext_lazy("Seats"), "seat_count"),
        Column("owner", gettext_lazy("Owner"), "organisation.code", display=_owner),
        Column("effective_from", "", "effective_from", page=False),
        Column(
            "source",
            gettext_lazy("Source"),
            "source",
            display=lambda t: format_html(
                '<span class="muted">{}</span>',
                t.source[:117] + "…" if len(t.source) > 120 else t.source,
            ),
        ),
    ),
)
