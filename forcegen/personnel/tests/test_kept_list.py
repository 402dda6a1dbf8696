"""A register page and its filters' options are kept until anything is written (on PostgreSQL),
per query: another organisation's readers, or other filters, never get them."""

import pytest
from django.db import connection

from .factories import PersonFactory, RankFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_list_page_is_read_once_until_a_write(cast, login, orgs, second_read):
    PersonFactory.create(organisation=orgs["vn"], full_name="Tran Thi Mai")
    PersonFactory.create(organisation=orgs["la"], full_name="Souksavanh Phomma")
    client = login(cast["vn_planner"])
    again = second_read(lambda: client.get("/personnel/"))
    read = [
        q["sql"] for q in again if '"personnel_person"' in q["sql"] or "personnel_rank" in q["sql"]
    ]
    assert bool(read) == (connection.vendor != "postgresql"), read

    lao = login(cast["la_planner"]).get("/personnel/").content.decode()
    assert "Souksavanh Phomma" in lao
    assert "Tran Thi Mai" not in lao
    searched = client.get("/personnel/?q=Nguyen").content.decode()
    assert "Tran Thi Mai" not in searched

    rank = RankFactory.create(organisation=orgs["vn"], code="new-rank", name_en="Newest rank")
    PersonFactory.create(organisation=orgs["vn"], full_name="Le Van Moi", rank=rank)
    page = client.get("/personnel/").content.decode()
    assert "Le Van Moi" in page  # a person recorded since shows at once
    assert 'value="new-rank"' in page  # and so does a rank in the filter's options


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_person_page_reads_its_options_and_whom_to_ask_once_until_a_write(
    cast, login, orgs, second_read
):
    from forcegen.personnel.models import Requirement

    person = PersonFactory.create(organisation=orgs["vn"])
    Requirement.objects.create(organisation=orgs["vn"], name="Staff officer")
    client = login(cast["vn_viewer"])  # may not manage sign-ins: the page says whom to ask
    page = f"/personnel/{person.pk}/"
    again = second_read(lambda: client.get(page))
    read = [
        q["sql"] for q in again if "personnel_requirement" in q["sql"] or "membership" in q["sql"]
    ]
    assert bool(read) == (connection.vendor != "postgresql"), read
    Requirement.objects.create(organisation=orgs["vn"], name="Military observer")
    html = client.get(page).content.decode()
    assert "Military observer" in html  # a requirement recorded since is offered at once
    assert "Staff officer" in html
    assert "vn-admin" in html  # whom to ask
