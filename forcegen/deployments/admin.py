from django.contrib import admin

from .models import Mission


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin[Mission]):
    list_display = ["acronym", "name", "is_active", "start_date", "end_date", "location"]
    list_filter = ["is_active", "coordinates_doubtful"]
    search_fields = ["acronym", "name", "location"]
