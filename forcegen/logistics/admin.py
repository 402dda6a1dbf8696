"""Administrators keep the COE catalogue, the dated rates and the mission factors here."""

from django.contrib import admin

from .models import (
    CoeCategory,
    CoeItem,
    CoeRate,
    Finding,
    Inspection,
    InventoryItem,
    LoadEntry,
    LoadList,
    LogisticsPolicy,
    MissionFactor,
    Mou,
    MouEquipment,
    MouPersonnel,
    MouSelfSustainment,
    Payment,
    PersonnelRate,
)

DATED = ["effective_from", "effective_to", "evidence", "source"]


@admin.register(CoeCategory)
class CoeCategoryAdmin(admin.ModelAdmin[CoeCategory]):
    list_display = ["code", "name_en", "annex", "parent", "evidence"]
    list_filter = ["annex", "evidence"]
    search_fields = ["code", "name_en", "name_lo", "name_vi", "name_fr"]


@admin.register(CoeItem)
class CoeItemAdmin(admin.ModelAdmin[CoeItem]):
    list_display = ["code", "name_en", "category", "source"]
    list_filter = ["category"]
    search_fields = ["code", "name_en"]


@admin.register(CoeRate)
class CoeRateAdmin(admin.ModelAdmin[CoeRate]):
    list_display = ["item", "category", "lease_type", "monthly_rate", "manual_edition", *DATED]
    list_filter = ["lease_type", "evidence", "manual_edition"]
    raw_id_fields = ["item"]


@admin.register(PersonnelRate)
class PersonnelRateAdmin(admin.ModelAdmin[PersonnelRate]):
    list_display = ["monthly_rate", *DATED]
    list_filter = ["evidence"]


@admin.register(MissionFactor)
class MissionFactorAdmin(admin.ModelAdmin[MissionFactor]):
    list_display = ["mission", "kind", "percent", *DATED]
    list_filter = ["kind", "evidence"]
    raw_id_fields = ["mission"]


@admin.register(LogisticsPolicy)
class LogisticsPolicyAdmin(admin.ModelAdmin[LogisticsPolicy]):
    list_display = ["organisation", "readiness_inspection_months", "air_baggage_kg"]


@admin.register(InventoryItem)
class InventoryItemAdmin(admin.ModelAdmin[InventoryItem]):
    list_display = ["unit", "category", "item", "serial", "condition", "serviceable", "location"]
    list_filter = ["organisation", "annex", "serviceable", "condition", "location"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit", "line", "coe_item"]
    search_fields = ["serial", "item"]


class FindingInline(admin.TabularInline[Finding, Inspection]):
    model = Finding
    raw_id_fields = ["item"]
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin[Inspection]):
    list_display = ["unit", "kind", "on", "rotation"]
    list_filter = ["organisation", "kind"]
    raw_id_fields = ["unit", "rotation"]
    inlines = [FindingInline]


class LoadEntryInline(admin.TabularInline[LoadEntry, LoadList]):
    model = LoadEntry
    raw_id_fields = ["item"]
    extra = 0


@admin.register(LoadList)
class LoadListAdmin(admin.ModelAdmin[LoadList]):
    list_display = ["rotation", "name", "mode", "direction", "departs_on", "passengers"]
    list_filter = ["organisation", "mode", "direction"]
    raw_id_fields = ["rotation"]
    inlines = [LoadEntryInline]


class MouPersonnelInline(admin.TabularInline[MouPersonnel, Mou]):
    model = MouPersonnel
    extra = 0


class MouEquipmentInline(admin.TabularInline[MouEquipment, Mou]):
    model = MouEquipment
    raw_id_fields = ["item"]
    extra = 0


class MouSelfSustainmentInline(admin.TabularInline[MouSelfSustainment, Mou]):
    model = MouSelfSustainment
    extra = 0


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin[Mou]):
    list_display = ["unit", "mission", "reference", "in_force_from", "in_force_to"]
    list_filter = ["organisation"]
    raw_id_fields = ["unit", "mission"]
    inlines = [MouPersonnelInline, MouEquipmentInline, MouSelfSustainmentInline]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin[Payment]):
    list_display = ["rotation", "period_from", "period_to", "received_on", "amount", "reference"]
    list_filter = ["organisation"]
    raw_id_fields = ["rotation"]
