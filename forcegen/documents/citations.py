"""Records of other apps that cite a legal basis (document + article). Each citing app registers
its model here (as eligibility rules register with personnel), so this app never imports them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from forcegen.core.permissions import require_perm

from .models import Citation, Document


@dataclass(frozen=True)
class Citable:
    model: type[Model]
    label: str | Promise  # what the record is, e.g. "Eligibility requirement"
    permission: str  # needed to add or remove its legal basis
    url: Callable[[Any], str]


_REGISTRY: dict[type[Model], Citable] = {}


def register(
    model: type[Model], *, label: str | Promise, permission: str, url: Callable[[Any], str]
) -> None:
    _REGISTRY[model] = Citable(model=model, label=label, permission=permission, url=url)


def kinds() -> list[Citable]:
    return list(_REGISTRY.values())


def kind_of(obj: Model) -> Citable | None:
    return _REGISTRY.get(type(obj))


def content_type(obj: Model) -> ContentType:
    return ContentType.objects.get_for_model(obj)


@dataclass(frozen=True)
class CitingRecord:
    kind: Citable
    record: Any
    citation: Citation

    @property
    def url(self) -> str:
        return self.kind.url(self.record)


def citing(document: Document, user: object) -> list[CitingRecord]:
    """What cites the document, among the records the user may see: one query per citing kind."""
    rows = list(Citation.objects.filter(document=document).select_related("content_type"))
    by_model: dict[type[Model], list[Citation]] = defaultdict(list)
    for row in rows:
        model = row.content_type.model_class()
        if model in _REGISTRY:
            by_model[model].append(row)
    found: list[CitingRecord] = []
    for model, cites in by_model.items():
        records = model._default_manager.visible_to(user).in_bulk(  # type: ignore[attr-defined]
            [c.object_id for c in cites]
        )
        found.extend(
            CitingRecord(_REGISTRY[model], records[c.object_id], c)
            for c in cites
            if c.object_id in records
        )
    return found


def prefetch_citing(user: object) -> Prefetch[Any, Any, Any]:
    """For a list of documents: each one's citations, with the citing record when the user may
    see it. One query for the citations and one per kind of citing record, however many rows."""
    visible = [
        kind.model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        for kind in _REGISTRY.values()
    ]
    return Prefetch(
        "citations",
        queryset=Citation.objects.prefetch_related(
            GenericPrefetch("cited_by", visible)  # type: ignore[arg-type]
        ),
        to_attr="citing_rows",
    )


def citing_of(document: Document) -> list[CitingRecord]:
    """What cites a document fetched with `prefetch_citing`, among the records the user sees."""
    return [
        CitingRecord(_REGISTRY[type(c.cited_by)], c.cited_by, c)
        for c in getattr(document, "citing_rows")  # noqa: B009 (set by prefetch_citing)
        if c.cited_by is not None and type(c.cited_by) in _REGISTRY
    ]


def legal_basis(model: type[Model], ids: Iterable[int]) -> dict[int, list[Citation]]:
    """Each record's citations, for a list page: one query however many records."""
    basis: dict[int, list[Citation]] = defaultdict(list)
    for citation in Citation.objects.for_objects(model, list(ids)):
        basis[citation.object_id].append(citation)
    return basis


# --- Writes: a record cites a document, or stops citing it ----------------------------------------


def _may_cite(obj: Model | None, user: Any) -> None:
    """The record is one the user edits, and the user records legal bases: the legal office,
    or whoever edits that kind of record."""
    kind = kind_of(obj) if obj is not None else None
    if kind is None or obj is None:
        raise ValidationError(_("This kind of record cannot cite a legal basis."))
    if not type(obj)._default_manager.editable_by(user).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("Your role in this organisation does not allow this action."))
    if not user.has_perm("documents.add_citation"):
        require_perm(user, kind.permission)


@transaction.atomic
def cite(*, document: Document, obj: Model, article: str, user: Any) -> Citation:
    """`obj` (a requirement, rule, course or template the user edits) cites the document."""
    _may_cite(obj, user)
    if document.is_draft:
        raise ValidationError({"document": _("A draft cannot be cited as a legal basis.")})
    fields = {
        "document": document,
        "article": article.strip(),
        "content_type": content_type(obj),
        "object_id": obj.pk,
    }
    Citation(**fields).clean_fields()
    citation, _created = Citation.objects.get_or_create(**fields)
    return citation


@transaction.atomic
def uncite(*, citation: Citation, user: Any) -> None:
    """Take a legal basis off a record: the same people as may record it."""
    _may_cite(citation.cited_by, user)
    citation.delete()
