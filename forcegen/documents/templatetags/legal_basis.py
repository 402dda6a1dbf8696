"""Show the legal basis a record cites ("per Circular 41/2023/TT-BQP, Art. 5") on other apps'
pages: one query for one record, one query for a whole list."""

from typing import Any

from django import template
from django.db.models import Model

from forcegen.documents.citations import legal_basis
from forcegen.documents.models import Citation

register = template.Library()


@register.inclusion_tag("documents/_legal_basis.html")
def legal_basis_of(record: Model | str | None) -> dict[str, Any]:
    """`record` may be empty (a form not yet submitted): then nothing is shown."""
    if not isinstance(record, Model) or record.pk is None:
        return {"citations": []}
    return {"citations": list(Citation.objects.of(record))}


@register.simple_tag
def legal_basis_map(records: Any) -> dict[int, list[Citation]]:
    """Every listed record's citations: `{% legal_basis_map rows as basis %}`."""
    rows = list(records)
    return legal_basis(type(rows[0]), [r.pk for r in rows]) if rows else {}


@register.inclusion_tag("documents/_legal_basis.html")
def legal_basis_in(basis: dict[int, list[Citation]], pk: int) -> dict[str, Any]:
    return {"citations": basis.get(pk, [])}
