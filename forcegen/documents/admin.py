from django.contrib import admin

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


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin[Relation]):
    list_display = ["source", "kind", "target", "effective_on"]
    list_filter = ["kind"]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin[Transition]):
    list_display = ["document", "source", "target", "effective_on", "by", "at"]
    readonly_fields = ["document", "source", "target", "effective_on", "by", "at", "related"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin[Citation]):
    list_display = ["document", "article", "content_type", "object_id"]
