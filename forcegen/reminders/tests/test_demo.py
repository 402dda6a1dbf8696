"""The demo: every demo login has reminders due today, the Lao personnel officer is told of the
three passports lapsing during the medical team's first rotation, and the peacekeeper sees their
own record; running the demo again raises nothing new."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from forcegen.accounts.models import User
from forcegen.reminders import services
from forcegen.reminders.models import Reminder


@pytest.mark.django_db
def test_every_demo_login_has_reminders_and_a_second_seed_raises_nothing():
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    staff = User.objects.filter(username__regex=r"^(vn|la)-").exclude(username="vn-adviser")
    for user in staff:
        assert Reminder.objects.filter(user=user).awake(today).exists(), user.username
    lapsing = Reminder.objects.filter(
        user__username="la-personnel",
        kind="deployments.credential_lapses_during_tour",
        params__credential="passport",
        target__contains=":credential:",
    )
    assert lapsing.count() == 3
    assert all("before the tour in UNMISS ends" in r.reason for r in lapsing)
    for officer in ("vn-cooperation", "la-cooperation"):  # the 2025 meetings' open promises
        assert Reminder.objects.filter(
            user__username=officer, kind="cooperation.commitment_due"
        ).exists(), officer
    peacekeeper = User.objects.get(username="la-peacekeeper")
    assert not peacekeeper.memberships.exists()
    assert peacekeeper.person.certificates.exists()
    assert Reminder.objects.filter(user=peacekeeper, about_self=True).exists()
    call_command("seed_demo", stdout=StringIO())
    assert services.run(today=today).raised == []
