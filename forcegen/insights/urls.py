from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("country/", views.country, name="country"),
    path("parity/", views.parity, name="parity"),
    path("reconciliation/", views.reconcile, name="reconcile"),
    path("imports/", views.imports, name="imports"),
    path("imports/export.<str:fmt>", views.imports_export, name="imports_export"),
    path("report.pdf", views.national_report_pdf, name="report"),
]
