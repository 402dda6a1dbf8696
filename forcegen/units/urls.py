from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.board, name="board"),
    path("export.<str:fmt>", views.board_export, name="board_export"),
    path("new/", views.unit_create, name="create"),
    path("templates/", views.template_list, name="templates"),
    path("templates/export.<str:fmt>", views.template_export, name="template_export"),
    path("templates/load/", views.template_upload, name="template_upload"),
    path("templates/example.json", views.template_example, name="template_example"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/pledge.xlsx", views.pledge, name="pledge"),
    path("<int:pk>/slots/new/", views.slot_add, name="slot_add"),
    path("<int:pk>/equipment-lines/new/", views.equipment_line_add, name="equipment_line_add"),
    path("<int:pk>/pcrs/", views.pcrs_change, name="pcrs"),
    path("<int:pk>/pcrs/renewal/", views.pcrs_renew, name="renew"),
    path("<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path("slots/<int:pk>/assign/", views.slot_assign, name="assign"),
    path("slots/<int:pk>/unassign/", views.slot_unassign, name="unassign"),
    path("slots/<int:pk>/remove/", views.slot_remove, name="slot_remove"),
    path("pcrs/<int:pk>/evidence/", views.pcrs_evidence, name="pcrs_evidence"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/documents/", views.visit_document_add, name="visit_document_add"),
    path("visit-documents/<int:pk>/", views.visit_document, name="visit_document"),
]
