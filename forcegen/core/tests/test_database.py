"""After a bulk load (the demo, a restore) PostgreSQL's statistics count the rows just loaded,
so that its plans are made for them; SQLite has no use for them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.core.database import refresh_statistics
from forcegen.personnel.models import Person
from forcegen.personnel.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return float(cursor.fetchone()[0])


def test_statistics_count_the_rows_just_loaded(orgs):
    PersonFactory.create_batch(4, organisation=orgs["vn"])
    with CaptureQueriesContext(connection) as queries:
        refresh_statistics()
    if connection.vendor != "postgresql":
        assert queries.captured_queries == []
        return
    assert estimated_rows("personnel_person") == Person.objects.count() > 0
