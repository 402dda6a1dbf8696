from django.contrib import admin

from .models import (
    EquipmentLine,
    PcrsRecord,
    ReadinessPolicy,
    ReadinessSnapshot,
    Slot,
    TemplateEquipment,
    TemplatePosition,
    Unit,
    UnitTemplate,
    Visit,
    VisitDocument,
)


class TemplatePositionInline(admin.TabularInline[TemplatePosition, UnitTemplate]):
    model = TemplatePosition
    extra = 0
    raw_id_fields = ["requirement"]


class TemplateEquipmentInline(admin.TabularInline[TemplateEquipment, UnitTemplate]):
    model = TemplateEquipment
    extra = 0


@admin.register(UnitTemplate)
class UnitTemplateAdmin(admin.ModelAdmin[UnitTemplate]):
    list_display = ["name", "code", "kind", "organisation", "effective_from"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "code"]
    inlines = [TemplatePositionInline, TemplateEquipmentInline]


class EquipmentLineInline(admin.TabularInline[EquipmentLine, Unit]):
    model = EquipmentLine
    extra = 0
    exclude = ["organisation"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "organisation", "kind", "status", "pcrs_level", "starts_on", "ends_on"]
    list_filter = ["organisation", "kind", "status", "pcrs_level"]
    search_fields = ["name"]
    inlines = [EquipmentLineInline]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin[Slot]):
    list_display = ["unit", "title", "seat", "person", "overridden_at"]
    list_filter = ["organisation"]
    list_select_related = ["unit", "person"]
    raw_id_fields = ["person", "requirement", "unit"]
    search_fields = ["unit__name", "title", "person__service_number"]


@admin.register(PcrsRecord)
class PcrsRecordAdmin(admin.ModelAdmin[PcrsRecord]):
    list_display = ["unit", "kind", "level", "on", "recorded_by"]
    list_filter = ["organisation", "kind", "level"]


class VisitDocumentInline(admin.TabularInline[VisitDocument, Visit]):
    model = VisitDocument
    extra = 0
    exclude = ["organisation"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin[Visit]):
    list_display = ["unit", "kind", "on", "outcome"]
    list_filter = ["organisation", "kind", "outcome"]
    inlines = [VisitDocumentInline]


@admin.register(ReadinessSnapshot)
class ReadinessSnapshotAdmin(admin.ModelAdmin[ReadinessSnapshot]):
    list_display = ["unit", "taken_on", "score"]
    list_filter = ["organisation"]
    readonly_fields = ["breakdown"]


@admin.register(ReadinessPolicy)
class ReadinessPolicyAdmin(admin.ModelAdmin[ReadinessPolicy]):
    list_display = [
        "organisation",
        "weight_staffing",
        "weight_qualified",
        "weight_training",
        "weight_women",
        "weight_equipment",
        "women_target_contingent",
        "pledge_first_renewal_months",
        "pledge_renewal_months",
    ]
