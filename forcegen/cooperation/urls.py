from django.urls import path

from . import report_views, views

app_name = "cooperation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("partners/", views.partner_list, name="partners"),
    path("partners.<str:fmt>", views.partner_export, name="partners_export"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partners/<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements.<str:fmt>", views.agreement_export, name="agreements_export"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("plans/", views.plan_list, name="plans"),
    path("plans.<str:fmt>", views.plan_export, name="plans_export"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/items.<str:fmt>", views.plan_items_export, name="plan_items_export"),
    path("plans/<int:pk>/items/new/", views.plan_item_create, name="plan_item_create"),
    path("plan-items/<int:pk>/progress/", views.plan_item_progress, name="item_progress"),
    path("activities/", views.activity_list, name="activities"),
    path("activities.<str:fmt>", views.activity_export, name="activities_export"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("commitments/", views.commitment_list, name="commitments"),
    path("commitments.<str:fmt>", views.commitment_export, name="commitments_export"),
    path("commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path("coordination/", views.task_list, name="coordination"),
    path("coordination.<str:fmt>", views.task_export, name="coordination_export"),
    path("coordination/<int:pk>/status/", views.task_status, name="task_status"),
    path("rotations/<int:pk>/checklist/", views.checklist_start, name="checklist_start"),
    path("calendar/", report_views.calendar_month, name="calendar"),
    path("calendar.ics", report_views.calendar_ics, name="calendar_ics"),
    path("review.<str:fmt>", report_views.review, name="review"),
]
