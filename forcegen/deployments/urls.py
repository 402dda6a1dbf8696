from django.urls import path

from . import views

app_name = "deployments"

urlpatterns = [
    path("missions/", views.mission_list, name="missions"),
    path("missions/<str:acronym>/", views.mission_detail, name="mission"),
]
