from django.contrib import admin

from .models import Organisation, Partnership, SharingGrant, Term


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["code", "name_en", "name_native", "country", "kind", "is_training_centre"]
    search_fields = ["code", "name_en", "name_native"]
    list_filter = ["kind", "country"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    list_display = ["source", "target", "kind", "started_on", "ended_on"]
    list_select_related = ["source", "target"]


@admin.register(SharingGrant)
class SharingGrantAdmin(admin.ModelAdmin[SharingGrant]):
    list_display = ["grantor", "grantee", "scope", "granted_at", "revoked_at"]
    list_filter = ["scope"]
    list_select_related = ["grantor", "grantee"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin[Term]):
    list_display = ["kind", "key", "name_en", "name_lo", "name_vi", "name_fr", "effective_from"]
    list_filter = ["kind"]
    search_fields = ["key", "name_en", "name_lo", "name_vi", "name_fr"]
