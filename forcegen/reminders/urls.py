from django.urls import path

from . import record_views, views

app_name = "reminders"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/snooze/", views.snooze, name="snooze"),
    path("<int:pk>/done/", views.done, name="done"),
    path("preferences/", views.preferences, name="preferences"),
    path("rules/", views.rules, name="rules"),
    path("renewals/", record_views.renewals, name="renewals"),
    path("renewals/<int:pk>/document/", record_views.renewal_document, name="renewal_document"),
    path("renewals/<int:pk>/approve/", record_views.renewal_approve, name="renewal_approve"),
    path("renewals/<int:pk>/refuse/", record_views.renewal_refuse, name="renewal_refuse"),
]

me_patterns = (
    [
        path("", record_views.my_record, name="record"),
        path("certificates/<int:pk>/pdf/", record_views.my_certificate, name="certificate"),
        path(
            "credentials/<int:pk>/document/",
            record_views.my_credential_document,
            name="credential_document",
        ),
    ],
    "me",
)
