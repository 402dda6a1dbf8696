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
        searched = Person.objects.search("thanh qu").order_by().values("pk")
        sql, params = searched.query.sql_with_params()
        with connection.cursor() as cursor:
            # A test table is tiny: leave the planner no other way than an index that can
            # answer the condition.
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "person_search_trgm" in plan
