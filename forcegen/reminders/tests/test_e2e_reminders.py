"""The issue's scenario in the browser, in Lao: a personnel officer sees a passport lapsing in
the inbox, gives the person a sign-in to their own record, and records the renewal, which
closes the reminder; the person then signs in and sees their own record and no one else's."""

import datetime

import pytest
from django.utils import timezone

from forcegen.personnel.models import Person
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.reminders import services
from forcegen.reminders.models import Reminder

from .conftest import passport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Vientiane-2027-Abyei"


def _in_lao(page):
    page.select_option("select[name=language]", "lo")
    page.locator("select[name=language]").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state()


def test_a_lapsing_passport_a_sign_in_and_the_own_record(orgs, la_personnel, page, log_in):
    today = timezone.localdate()
    khamla = PersonFactory.create(
        organisation=orgs["la"], full_name="Khamla Phommavong", full_name_native="ຄຳຫລ້າ ພົມມະວົງ"
    )
    PersonFactory.create(organisation=orgs["la"], full_name="Bounmy Sisavath")
    passport(khamla, today + datetime.timedelta(days=20), reference="P0000001")
    services.run(today=today)

    log_in(page, "la-personnel")
    _in_lao(page)
    page.goto("/reminders/")
    reminder = page.locator("[data-testid=reminder]").filter(has_text="Khamla Phommavong")
    assert reminder.count() == 1
    reminder.locator("a").first.click()
    page.wait_for_load_state()
    assert f"/personnel/{khamla.pk}/" in page.url

    page.locator("[data-testid=account] a").click()
    form = page.locator("[data-testid=create-form]")
    form.locator("[name=username]").fill("khamla")
    form.locator("[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "khamla" in page.inner_text("[data-testid=account]")

    page.goto(f"/personnel/{khamla.pk}/credentials/new/")
    page.select_option("#id_kind", "passport")
    page.fill("#id_reference", "P0000002")
    renewed_until = (today + datetime.timedelta(days=3650)).isoformat()
    page.fill("#id_valid_until", renewed_until)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    page.goto("/reminders/")
    assert page.locator("[data-testid=reminder]").filter(has_text="Khamla Phommavong").count() == 0
    assert not Reminder.objects.filter(user=la_personnel, state="open").exists()

    page.context.clear_cookies()
    page.goto("/")
    page.fill("#id_username", "khamla")
    page.fill("#id_password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    _in_lao(page)
    page.goto("/me/")
    record = page.inner_text("main")
    assert "ຄຳຫລ້າ ພົມມະວົງ" in record
    assert renewed_until in page.inner_text("[data-testid=credentials]")
    assert "Bounmy Sisavath" not in record
    assert page.goto(f"/personnel/{khamla.pk}/").status == 404
    assert Person.objects.filter(pk=khamla.pk, user__username="khamla").exists()
