from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("export.<str:fmt>", views.ranking_export, name="ranking_export"),
    path("country/", views.country, name="country"),
    path("country/export.<str:fmt>", views.country_export, name="country_export"),
    path("parity/", views.parity, name="parity"),
    path("reconciliation/", views.reconcile, name="reconcile"),
    path("imports/", views.imports, name="imports"),
    path("imports/export.<str:fmt>", views.imports_export, name="imports_export"),
    path("report.pdf", views.national_report_pdf, name="report"),
]
