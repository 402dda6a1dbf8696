from django.urls import path

from . import certificate_views, report_views, views

app_name = "training"

urlpatterns = [
    path("", views.class_list, name="classes"),
    path("classes/export.<str:fmt>", views.class_export, name="class_export"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("classes/<int:pk>/status/", views.class_status, name="class_status"),
    path("classes/<int:pk>/nominate/", views.class_nominate, name="nominate"),
    path("classes/<int:pk>/attendance/", views.class_attendance, name="attendance"),
    path("classes/<int:pk>/results/", views.class_results, name="results"),
    path("enrolments/<int:pk>/accept/", views.enrolment_accept, name="accept"),
    path("enrolments/<int:pk>/decline/", views.enrolment_decline, name="decline"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="withdraw"),
    path("courses/", views.course_list, name="courses"),
    path("courses/export.<str:fmt>", views.course_export, name="course_export"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/requirements/", views.course_requirement, name="course_requirement"),
    path("certificates/", certificate_views.certificate_list, name="certificates"),
    path(
        "certificates/export.<str:fmt>",
        certificate_views.certificate_export,
        name="certificate_export",
    ),
    path("certificates/<int:pk>/", certificate_views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/pdf/", certificate_views.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/revoke/",
        certificate_views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("needs/", report_views.training_needs, name="needs"),
    path("needs/export.<str:fmt>", report_views.training_needs_export, name="needs_export"),
    path("reports/", report_views.training_report, name="report"),
    path("reports/export.<str:fmt>", report_views.training_report_export, name="report_export"),
]
