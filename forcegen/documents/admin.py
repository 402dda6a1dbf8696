from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import (
    Citation,
    CoverageItem,
    Document,
    DocumentType,
    IssuingBody,
    Relation,
    SubjectArea,
    Transition,
    Version,
)
from .services import depending_in_force, refresh_in_force


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin[DocumentType]):
    list_display = ["country", "code", "name_en", "rank", "is_normative", "number_pattern"]
    list_filter = ["country", "is_normative"]
    filter_horizontal = ["issuing_bodies"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin[IssuingBody]):
    list_display = ["country", "code", "name_en", "effective_from", "effective_to"]
    list_filter = ["country"]


@admin.register(CoverageItem)
class CoverageItemAdmin(admin.ModelAdmin[CoverageItem]):
    list_display = ["order", "code", "name_en", "effective_from", "effective_to"]


@admin.register(SubjectArea)
class SubjectAreaAdmin(admin.ModelAdmin[SubjectArea]):
    list_display = ["code", "name_en"]


class VersionInline(admin.TabularInline[Version, Document]):
    model = Version
    extra = 0
    fields = ["number", "note", "approved_at"]
    readonly_fields = ["number", "note", "approved_at"]
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    """Read-mostly: writes go through the register's pages so numbers and steps are checked."""

    list_display = ["number", "type", "title_en", "status", "effective_from", "organisation"]
    list_filter = ["organisation", "status", "type"]
    search_fields = ["number", "title", "title_en"]
    readonly_fields = [
        "organisation",
        "number",
        "status",
        "adapted_from",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [VersionInline]

    def save_model(self, request: HttpRequest, obj: Document, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        refresh_in_force(obj)  # its effective dates may move what it replaces

    def delete_model(self, request: HttpRequest, obj: Document) -> None:
        self.delete_queryset(request, Document.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        """What the deleted documents replaced, or what detailed them, may be in force again."""
        gone = list(queryset)
        depending = list(depending_in_force(*gone).exclude(pk__in=[d.pk for d in gone]))
        super().delete_queryset(request, queryset)
        refresh_in_force(*depending)


def _ends(relations: QuerySet[Relation]) -> list[Document]:
    return [
        end for r in relations.select_related("source", "target") for end in (r.source, r.target)
    ]


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin[Relation]):
    """An edited or deleted edge makes the graph be followed again at both its old and its
    new ends, as the register's pages do."""

    list_display = ["source", "kind", "target", "effective_on"]
    list_filter = ["kind"]

    def save_model(self, request: HttpRequest, obj: Relation, form: Any, change: bool) -> None:
        before = _ends(Relation.objects.filter(pk=obj.pk))
        super().save_model(request, obj, form, change)
        refresh_in_force(*before, obj.source, obj.target)

    def delete_model(self, request: HttpRequest, obj: Relation) -> None:
        ends = obj.source, obj.target
        super().delete_model(request, obj)
        refresh_in_force(*ends)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Relation]) -> None:
        ends = _ends(queryset)
        super().delete_queryset(request, queryset)
        refresh_in_force(*ends)


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin[Transition]):
    list_display = ["document", "source", "target", "effective_on", "by", "at"]
    readonly_fields = ["document", "source", "target", "effective_on", "by", "at", "related"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin[Citation]):
    list_display = ["document", "article", "content_type", "object_id"]
