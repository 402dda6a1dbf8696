from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("modules/<slug:key>/", views.coming, name="coming"),
    path("jobs/", views.my_jobs, name="jobs"),
    path("organisations/<slug:code>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:code>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:code>/export/", views.organisation_export, name="organisation_export"
    ),
    path("sharing/grant/", views.grant_create, name="grant_create"),
    path("sharing/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
]
