"""Name and service-number search: either script, any part; on PostgreSQL a trigram index
answers it instead of a scan of every person."""

import pytest
from django.db import connection

from forcegen.personnel.models import Person

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_search_finds_any_part_of_either_name_or_the_number_through_the_index(orgs):
    PersonFactory.create(
        organisation=orgs["vn"],
        full_name="Do Thanh Quan",
        full_name_native="Đỗ Thành Quân",
        service_number="VN-2014-0042",
    )
    PersonFactory.create(organisation=orgs["vn"], full_name="Bui Quoc Phong")
    people = Person.objects.filter(organisation=orgs["vn"])
    for typed in ("thanh qu", "Thành Quân", "2014-004"):
        assert [p.full_name for p in people.search(typed)] == ["Do Thanh Quan"]
    if connection.vendor == "postgresql":
        sql, params = Person.objects.search("thanh qu").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is tiny
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "person_search_trgm" in plan
