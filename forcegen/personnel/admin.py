from django.contrib import admin

from .models import (
    Availability,
    Credential,
    Person,
    Rank,
    RequiredCredential,
    RequiredLanguage,
    Requirement,
    RosterColumnMapping,
    RosterImport,
    Specialty,
)


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin[Rank]):
    list_display = ["code", "name_en", "name_native", "nato_code", "organisation", "effective_from"]
    list_filter = ["organisation", "nato_code"]
    search_fields = ["code", "name_en", "name_native", "aliases"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin[Specialty]):
    list_display = ["code", "name_en", "category", "effective_from", "source"]
    list_filter = ["category"]
    search_fields = ["code", "name_en", "name_lo", "name_vi", "name_fr"]


class CredentialInline(admin.TabularInline[Credential, Person]):
    model = Credential
    extra = 0
    exclude = ["organisation"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["service_number", "full_name", "full_name_native", "rank", "sex", "status"]
    list_filter = ["organisation", "sex", "status"]
    list_select_related = ["rank"]
    search_fields = ["service_number", "full_name", "full_name_native"]
    inlines = [CredentialInline]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin[Availability]):
    list_display = ["person", "kind", "starts_on", "ends_on"]
    list_select_related = ["person"]


class RequiredCredentialInline(admin.TabularInline[RequiredCredential, Requirement]):
    model = RequiredCredential
    extra = 1


class RequiredLanguageInline(admin.TabularInline[RequiredLanguage, Requirement]):
    model = RequiredLanguage
    extra = 1


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin[Requirement]):
    list_display = ["name", "organisation", "specialty", "min_rank", "max_rank", "min_rest_days"]
    list_filter = ["organisation"]
    inlines = [RequiredCredentialInline, RequiredLanguageInline]


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin[RosterImport]):
    list_display = ["original_name", "organisation", "status", "uploaded_by", "created_at"]
    list_filter = ["organisation", "status"]
    readonly_fields = ["counts", "errors", "changes", "finished_at"]


@admin.register(RosterColumnMapping)
class RosterColumnMappingAdmin(admin.ModelAdmin[RosterColumnMapping]):
    list_display = ["header", "column", "organisation"]
    list_filter = ["organisation"]
