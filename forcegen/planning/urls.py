from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.run_list, name="list"),
    path("export.<str:fmt>", views.run_export, name="export"),
    path("new/", views.run_create, name="create"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/instance.json", views.run_instance, name="instance"),
    path("<int:pk>/accept/", views.run_accept, name="accept"),
    path("<int:pk>/proposals/<int:proposal_pk>/", views.proposal_edit, name="proposal"),
]
