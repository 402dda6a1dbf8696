from io import StringIO

import pytest
from django.core.management import call_command

from forcegen.accounts.models import Membership, User
from forcegen.core.models import Organisation, SharingGrant


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_creates_the_demo_cast():
    output = seed()
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        SharingGrant.objects.count(),
    )
    seed()
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        SharingGrant.objects.count(),
    )
    assert counts[0] == 2
    assert Membership.objects.get(user__username="vn-planner").organisation.code == "vn-dpko"
    assert Membership.objects.get(user__username="la-planner").role.name == "planner"
    assert "vn-planner" in output
    assert "la-planner" in output
    assert set(SharingGrant.objects.active().values_list("grantee__code", flat=True)) == {
        "la-pko",
        "vn-dpko",
    }
    # Viet Nam mentors; Laos only opens its legal drafts to Viet Nam's comments.
    to_viet_nam = SharingGrant.objects.active().filter(grantee__code="vn-dpko")
    assert list(to_viet_nam.values_list("scope", flat=True)) == ["documents.consultation"]


@pytest.mark.django_db
def test_demo_users_log_in_with_the_demo_password(settings):
    seed()
    assert User.objects.get(username="la-planner").check_password(settings.DEMO_PASSWORD)
    assert User.objects.get(username="la-planner").full_name_native == "ບຸນມີ ສີສຸວັນ"
