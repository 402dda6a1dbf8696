from django.contrib import admin
from django.urls import include, path

from config.api import api
from forcegen.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("forcegen.accounts.urls")),
    path("personnel/", include("forcegen.personnel.urls")),
    path("", include("forcegen.core.urls")),
]
