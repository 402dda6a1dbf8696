"""Training in the browser: a Lao training officer nominates a Lao officer into the class the
Vietnamese centre opened to Laos."""

import datetime

import pytest
from django.utils import timezone

from forcegen.training import services
from forcegen.training.models import Certificate, ClassSession, Enrolment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_lao_officer_nominates_into_the_shared_class(
    la_officer, shared_class, private_class, lao_people, page, log_in
):
    log_in(page, "la-training")
    page.click("nav.sidebar >> text=Training")
    listing = page.inner_text("main")
    assert "CPTM-2027-01" in listing
    assert "CPTM-2027-02" not in listing  # not opened to Laos
    page.click("tr:has-text('CPTM-2027-01') a")
    assert page.inner_text("[data-testid=class-status]") == "Open for nomination"
    page.fill("#id_service_numbers", "LA000001")
    page.click("#nominate-form button[type=submit]")
    assert "Nominated Somphone Keomany." in page.inner_text("ul.messages")
    row = page.inner_text("#enrolments tbody")
    assert "Somphone Keomany" in row
    assert "ສົມພອນ ແກ້ວມະນີ" in row
    assert "Nominated" in row
    page.fill("#id_service_numbers", "LA000001")
    page.click("#nominate-form button[type=submit]")
    assert "already on this class (nominated)" in page.inner_text("ul.messages")
    assert page.csp_errors == []


def test_a_class_runs_on_its_dates_and_its_register_decides_the_pass(
    centre, shared_class, lao_people, vn_person, orgs, page, log_in
):
    """Issue 16 (2, 13): a class cannot run before its first day; the register is one grid with
    "all present" per day, saved at once; a good score with too little attendance fails, and
    the certificate, once earned, is dated the class's last day."""
    today = timezone.localdate()
    shared_class.starts_on = today + datetime.timedelta(days=5)
    shared_class.ends_on = today + datetime.timedelta(days=8)
    shared_class.save()
    for person in (lao_people[0], vn_person):
        enrolment = services.nominate(
            session=shared_class, person=person, organisation=person.organisation
        )
        services.accept(enrolment=enrolment)
    log_in(page, "vn-training")
    page.goto(f"/training/classes/{shared_class.pk}/")
    page.select_option("select[name=status]", "running")
    page.click("text=Change status")
    assert "it can be running from that day" in page.inner_text("ul.messages")
    assert page.inner_text("[data-testid=class-status]") == "Open for nomination"

    ClassSession.objects.filter(pk=shared_class.pk).update(
        starts_on=today - datetime.timedelta(days=3), ends_on=today
    )
    page.goto(f"/training/classes/{shared_class.pk}/")
    page.select_option("select[name=status]", "running")
    page.click("text=Change status")
    assert page.inner_text("[data-testid=class-status]") == "Running"
    page.click("main >> text=Attendance")
    first = (today - datetime.timedelta(days=3)).isoformat()
    page.check(f"input[data-register-day='{first}']")
    column = page.eval_on_selector_all(
        f"select[data-register-day='{first}']", "cells => cells.map(c => c.value)"
    )
    assert column == ["present", "present"]  # the script ticks the column at once
    page.click("text=Save the register")
    assert "Register saved: 2 marks changed." in page.inner_text("ul.messages")

    lao = Enrolment.objects.get(session=shared_class, person=lao_people[0])
    page.goto(f"/training/classes/{shared_class.pk}/results/")
    page.fill(f"#id_score_{lao.pk}", "90")
    page.click("text=Save results")
    trainees = page.inner_text("#enrolments")
    assert "Present 1 of 4 days (25 %); the course requires 80 %." in trainees
    assert not Certificate.objects.exists()

    page.goto(f"/training/classes/{shared_class.pk}/attendance/")
    for box in page.query_selector_all("input[data-register-day]"):
        box.check()
    page.click("text=Save the register")
    page.goto(f"/training/classes/{shared_class.pk}/results/")
    page.fill(f"#id_score_{lao.pk}", "90")
    page.click("text=Save results")
    certificate = Certificate.objects.get(enrolment=lao)
    assert certificate.issued_on == today
    page.goto(certificate.verification_path)
    assert "This certificate is valid." in page.inner_text("main")
    assert page.csp_errors == []


def test_the_person_picker_finds_trainees_by_name_in_either_script(
    la_officer, shared_class, lao_people, page, log_in
):
    """Issue 16 (12): nominating needed typed service numbers; now a name in Lao or Latin
    letters finds the person, and picking fills the number in."""
    log_in(page, "la-training")
    page.goto(f"/training/classes/{shared_class.pk}/")
    field = page.locator("#id_service_numbers")
    field.press_sequentially("ມະນີ", delay=50)
    page.wait_for_selector(".picker-list [data-pick='LA000002']")
    assert "Manivone Phommachanh" in page.inner_text(".picker-results")
    page.click("[data-pick='LA000002']")
    field.press_sequentially("Bounmy", delay=50)
    page.wait_for_selector(".picker-list [data-pick='LA000003']")
    page.click("[data-pick='LA000003']")
    assert field.input_value().split() == ["LA000002", "LA000003"]
    page.click("#nominate-form button[type=submit]")
    messages = page.inner_text("ul.messages")
    assert "Nominated Manivone Phommachanh." in messages
    assert "Nominated Bounmy Sisouvanh." in messages
    assert page.csp_errors == []
