from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api
from forcegen.core.views import healthz, readyz
from forcegen.reminders.urls import me_patterns
from forcegen.training.certificate_views import verify_certificate

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin site signs in through the same two-step sign-in as the rest of the product.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("forcegen.accounts.urls")),
    path("personnel/", include("forcegen.personnel.urls")),
    path("deployments/", include("forcegen.deployments.urls")),
    path("planning/", include("forcegen.planning.urls")),
    path("training/", include("forcegen.training.urls")),
    path("units/", include("forcegen.units.urls")),
    path("documents/", include("forcegen.documents.urls")),
    path("logistics/", include("forcegen.logistics.urls")),
    path("cooperation/", include("forcegen.cooperation.urls")),
    path("insights/", include("forcegen.insights.urls")),
    path("reminders/", include("forcegen.reminders.urls")),
    path("me/", include(me_patterns)),
    path("verify/<str:code>/", verify_certificate, name="verify_certificate"),
    path("", include("forcegen.core.urls")),
]

# Error pages in the shell, with navigation and the user's language (forcegen/core/errors.py).
handler403 = "forcegen.core.errors.permission_denied"
handler404 = "forcegen.core.errors.page_not_found"
handler500 = "forcegen.core.errors.server_error"
