from django.contrib import admin

from .models import PlanRun, Proposal


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin[PlanRun]):
    list_display = ["pk", "organisation", "status", "method", "filled_count", "created_at"]
    list_filter = ["organisation", "status"]
    raw_id_fields = ["rotations"]
    readonly_fields = ["instance", "plan", "progress", "step", "started_at", "finished_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin[Proposal]):
    list_display = ["run", "slot", "person", "kept", "edited_at"]
    list_filter = ["run__organisation", "kept"]
    raw_id_fields = ["run", "rotation", "slot", "person", "planned_person"]
