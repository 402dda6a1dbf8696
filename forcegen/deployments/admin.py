from django.contrib import admin

from .models import (
    Deployment,
    DeploymentPolicy,
    GenderTarget,
    Mission,
    MissionEvent,
    MissionRequirement,
    Rotation,
)


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin[Mission]):
    list_display = ["acronym", "name", "is_active", "start_date", "end_date", "location"]
    list_filter = ["is_active", "coordinates_doubtful"]
    search_fields = ["acronym", "name", "location"]


@admin.register(GenderTarget)
class GenderTargetAdmin(admin.ModelAdmin[GenderTarget]):
    list_display = ["category", "year", "percent", "verified", "source"]
    list_filter = ["category", "verified"]


@admin.register(MissionRequirement)
class MissionRequirementAdmin(admin.ModelAdmin[MissionRequirement]):
    list_display = ["organisation", "mission", "kind", "detail", "min_level", "effective_from"]
    list_filter = ["organisation", "kind"]
    raw_id_fields = ["mission"]


@admin.register(DeploymentPolicy)
class DeploymentPolicyAdmin(admin.ModelAdmin[DeploymentPolicy]):
    list_display = ["organisation", "rest_days", "planning_lead_days", "medal_days"]


@admin.register(Rotation)
class RotationAdmin(admin.ModelAdmin[Rotation]):
    list_display = ["unit", "number", "mission", "status", "planned_departure", "planned_return"]
    list_filter = ["organisation", "status", "mission"]
    raw_id_fields = ["unit", "predecessor"]


class MissionEventInline(admin.TabularInline[MissionEvent, Deployment]):
    model = MissionEvent
    extra = 0
    exclude = ["organisation"]


@admin.register(Deployment)
class DeploymentAdmin(admin.ModelAdmin[Deployment]):
    list_display = ["person", "mission", "personnel_type", "status", "departed_on", "returned_on"]
    list_filter = ["organisation", "status", "personnel_type", "mission"]
    search_fields = ["person__full_name", "person__service_number"]
    raw_id_fields = ["person", "rotation", "slot"]
    inlines = [MissionEventInline]
