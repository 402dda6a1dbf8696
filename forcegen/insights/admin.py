from django.contrib import admin

from .models import NationalGoal, UNDataFile


@admin.register(UNDataFile)
class UNDataFileAdmin(admin.ModelAdmin[UNDataFile]):
    list_display = ["name", "format", "rows", "figures", "first_month", "last_month", "imported_at"]
    readonly_fields = [f.name for f in UNDataFile._meta.fields]


@admin.register(NationalGoal)
class NationalGoalAdmin(admin.ModelAdmin[NationalGoal]):
    list_display = [
        "organisation",
        "category",
        "percent",
        "effective_from",
        "effective_to",
        "source",
    ]
    list_filter = ["organisation", "category"]
