"""The unit templates list, declared once for its page, its export and the API."""

from __future__ import annotations

from typing import Annotated

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.registers import Column, Label, NoFilters, Register, choice_label

from .models import Kind, UnitTemplate
from .readiness import UnitReadiness


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


# --- Readiness board ------------------------------------------------------------------------------


def _women_percent(row: UnitReadiness) -> float | None:
    share = row.women_share
    return None if share is None else round(100 * share, 1)


# The board's figures. The page draws its rows from template fragments (the score bar, the
# breakdown, an in-mission unit's strength across two cells), so these columns head the export;
# the page and the file page through the same rows (`views.board_rows`).
BOARD: Register[UnitReadiness, NoFilters] = Register(
    name="readiness-board",
    filters=NoFilters,
    empty=gettext_lazy("No units yet. Create one from a template."),
    columns=(
        Column(
            "unit",
            gettext_lazy("Unit"),
            "unit.name",
            link=lambda row: reverse("units:detail", args=[row.unit.pk]),
        ),
        Column("status", gettext_lazy("Status"), lambda row: choice_label(row.unit, "status")),
        Column(
            "pcrs_level",
            gettext_lazy("PCRS level"),
            lambda row: choice_label(row.unit, "pcrs_level"),
        ),
        Column("score", gettext_lazy("Score"), "score"),
        Column("slots", gettext_lazy("Slots"), "slots"),
        Column("filled", gettext_lazy("Filled"), "filled"),
        Column("eligible", gettext_lazy("Eligible"), "eligible"),
        Column("women_percent", gettext_lazy("Women (%)"), _women_percent),
        Column("renewal_due", gettext_lazy("Renewal due"), "renewal_due"),
    ),
)
