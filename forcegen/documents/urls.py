from django.urls import path

from . import views, workflow_views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("export.<str:fmt>", views.document_export, name="export"),
    path("new/", views.document_create, name="create"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage.<str:fmt>", views.coverage_export, name="coverage_export"),
    path("coverage/items/", views.checklist_add, name="checklist_add"),
    path("coverage/items/<int:pk>/retire/", views.checklist_retire, name="checklist_retire"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/document.pdf", views.document_pdf, name="pdf"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/versions/new/", workflow_views.version_add, name="version_add"),
    path("<int:pk>/versions/compare/", workflow_views.version_compare, name="compare"),
    path("<int:pk>/consolidated/", workflow_views.consolidated, name="consolidated"),
    path("<int:pk>/move/", workflow_views.move, name="move"),
    path("<int:pk>/relations/", workflow_views.relation_add, name="relation_add"),
    path("<int:pk>/comments/", workflow_views.comment_add, name="comment_add"),
    path("<int:pk>/attachments/", workflow_views.attachment_add, name="attachment_add"),
    path("<int:pk>/adapt/", workflow_views.adapt, name="adapt"),
    path("<int:pk>/cite/", workflow_views.cite, name="cite"),
    path(
        "<int:pk>/versions/<int:number>/approve/",
        workflow_views.version_approve,
        name="version_approve",
    ),
    path(
        "<int:pk>/relations/<int:relation>/delete/",
        workflow_views.relation_delete,
        name="relation_delete",
    ),
    path("<int:pk>/attachments/<int:attachment>/", workflow_views.attachment, name="attachment"),
    path(
        "<int:pk>/attachments/<int:attachment>/remove/",
        workflow_views.attachment_remove,
        name="attachment_remove",
    ),
]
