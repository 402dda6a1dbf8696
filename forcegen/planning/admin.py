from django.contrib import admin

from .models import PlanRun, Proposal


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin[PlanRun]):
    """The run's status and progress are its job's (core's background jobs)."""

    list_display = ["pk", "organisation", "status", "method", "filled_count", "created_at"]
    list_filter = ["organisation", "job__status", ("accepted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organisation", "job"]
    raw_id_fields = ["rotations"]
    readonly_fields = ["job", "instance", "plan"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin[Proposal]):
    list_display = ["run", "slot", "person", "kept", "edited_at"]
    list_filter = ["run__organisation", "kept"]
    raw_id_fields = ["run", "rotation", "slot", "person", "planned_person"]
