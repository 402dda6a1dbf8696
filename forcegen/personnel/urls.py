from django.urls import path

from . import views

app_name = "personnel"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("export.<str:fmt>", views.person_export, name="export"),
    path("new/", views.person_create, name="create"),
    path("expiring/", views.expiring, name="expiring"),
    path("expiring/export.<str:fmt>", views.expiring_export, name="expiring_export"),
    path("eligible/", views.eligible, name="eligible"),
    path("eligible/export.<str:fmt>", views.eligible_export, name="eligible_export"),
    path("pick/", views.person_pick, name="pick"),
    path("requirements/", views.requirement_list, name="requirements"),
    path("requirements/new/", views.requirement_edit, name="requirement_create"),
    path("requirements/<int:pk>/", views.requirement_edit, name="requirement_edit"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/account/", views.person_account, name="account"),
    path("<int:pk>/credentials/new/", views.credential_add, name="credential_add"),
    path("<int:pk>/unavailability/new/", views.availability_add, name="availability_add"),
    path("credentials/<int:pk>/document/", views.credential_document, name="document"),
    path("import/", views.import_start, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/rows.<str:fmt>", views.import_rows_export, name="import_rows_export"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/columns/", views.import_columns, name="import_columns"),
]
