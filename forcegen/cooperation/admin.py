from django.contrib import admin

from .models import (
    Activity,
    Agreement,
    Checklist,
    ChecklistStep,
    Commitment,
    Contact,
    CoordinationTask,
    Partner,
    Plan,
    PlanItem,
)


class ContactInline(admin.TabularInline[Contact, Partner]):
    model = Contact
    extra = 0
    fields = ["name", "position", "email", "phone", "organisation"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin[Partner]):
    list_display = ["code", "name_en", "kind", "country", "counterpart", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["code", "name_en"]
    inlines = [ContactInline]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ["title", "kind", "partner", "effective_from", "effective_to", "status"]
    list_filter = ["organisation", "kind", "status"]
    search_fields = ["title", "reference"]


class PlanItemInline(admin.TabularInline[PlanItem, Plan]):
    model = PlanItem
    extra = 0
    fields = ["area", "title", "side", "target_on", "status", "progress", "organisation"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ["title", "year", "partner", "status", "organisation"]
    list_filter = ["organisation", "year", "status"]
    inlines = [PlanItemInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ["title", "kind", "starts_on", "ends_on", "place", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["title", "place"]
    filter_horizontal = ["members", "advances"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin[Commitment]):
    list_display = ["description", "side", "owner", "due_on", "status", "organisation"]
    list_filter = ["organisation", "status", "side"]


class ChecklistStepInline(admin.TabularInline[ChecklistStep, Checklist]):
    model = ChecklistStep
    extra = 0
    fields = ["task", "agency", "offset_days", "responsible", "organisation"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin[Checklist]):
    list_display = ["name", "organisation"]
    inlines = [ChecklistStepInline]


@admin.register(CoordinationTask)
class CoordinationTaskAdmin(admin.ModelAdmin[CoordinationTask]):
    list_display = ["task", "agency", "rotation", "due_on", "status", "organisation"]
    list_filter = ["organisation", "status"]
