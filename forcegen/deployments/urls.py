from django.urls import path

from . import report_views, views

app_name = "deployments"

urlpatterns = [
    path("missions/", views.mission_list, name="missions"),
    path("missions/<str:acronym>/", views.mission_detail, name="mission"),
]
urlpatterns += report_views.urlpatterns
