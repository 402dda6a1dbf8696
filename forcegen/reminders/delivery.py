"""E-mail: each user's new reminders, one message each (immediate) or one digest a day (daily),
in the language they chose, through Django's mail (SMTP when configured, the console in the
demo). A reminder is sent once: `sent_at` records it."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Reminder, ReminderPreference


def _line(reminder: Reminder) -> str:
    return f"- {reminder.reason}\n  {settings.FORCEGEN_BASE_URL}{reminder.url}"


@transaction.atomic
def send(*, immediate_only: bool = False) -> int:
    """Send what has not been sent to users who want e-mail; the number of messages sent."""
    preferences = {p.user_id: p for p in ReminderPreference.objects.all()}
    unsent = (
        Reminder.objects.filter(state=Reminder.State.OPEN, sent_at__isnull=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "due_on", "pk")
    )
    by_user: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in unsent:
        by_user[reminder.user_id].append(reminder)
    messages = 0
    sent: list[int] = []
    with get_connection() as connection:
        for user_id, found in by_user.items():
            preference = preferences.get(user_id) or ReminderPreference(user_id=user_id)
            if preference.delivery == ReminderPreference.Delivery.NONE:
                continue
            immediate = preference.delivery == ReminderPreference.Delivery.IMMEDIATE
            if immediate_only and not immediate:
                continue
            with translation.override(preference.language):
                groups = [[r] for r in found] if immediate else [found]
                for group in groups:
                    send_mail(
                        _subject(group),
                        "\n".join(_line(r) for r in group),
                        None,
                        [group[0].user.email],
                        connection=connection,
                    )
                    messages += 1
            sent += [r.pk for r in found]
    Reminder.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return messages


def _subject(group: list[Reminder]) -> str:
    if len(group) == 1:
        return _("forcegen reminder: %(reason)s") % {"reason": group[0].reason}
    return ngettext("forcegen: %(count)d reminder", "forcegen: %(count)d reminders", len(group)) % {
        "count": len(group)
    }
