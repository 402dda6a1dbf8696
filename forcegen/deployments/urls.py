from django.urls import path

from . import report_views, views

app_name = "deployments"

urlpatterns = [
    path("missions/", views.mission_list, name="missions"),
    path("missions/<str:acronym>/", views.mission_detail, name="mission"),
    path("", views.deployment_list, name="list"),
    path("export.<str:fmt>", views.deployment_export, name="export"),
    path("new/", views.deployment_create, name="create"),
    path("<int:pk>/", views.deployment_detail, name="detail"),
    path("<int:pk>/move/", views.deployment_move, name="move"),
    path("<int:pk>/events/new/", views.event_add, name="event_add"),
    path("rotations/", views.rotation_list, name="rotations"),
    path("rotations/export.<str:fmt>", views.rotation_export, name="rotation_export"),
    path("rotations/new/", views.rotation_create, name="rotation_create"),
    path("rotations/<int:pk>/", views.rotation_detail, name="rotation"),
    path("rotations/<int:pk>/edit/", views.rotation_edit, name="rotation_edit"),
    path("rotations/<int:pk>/members/", views.rotation_add_members, name="rotation_members"),
    path("rotations/<int:pk>/move/", views.rotation_move, name="rotation_move"),
    path("people/<int:pk>/", views.person_history, name="person"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("numbers/", report_views.numbers_page, name="numbers"),
    path("contributions.csv", report_views.contributions, name="contributions"),
    path("rotations/<int:pk>/roll.xlsx", report_views.roll_xlsx, name="roll-xlsx"),
    path("rotations/<int:pk>/roll.pdf", report_views.roll_pdf, name="roll-pdf"),
]
