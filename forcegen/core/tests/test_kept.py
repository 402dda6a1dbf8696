"""Results kept until anything is written: never stale, and never kept where they could be."""

import functools
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from forcegen.core.kept import KeptUntilWrite, one_version_per_request
from forcegen.core.models import Organisation


def counting() -> tuple[Callable[[], int], list[int]]:
    computed: list[int] = []

    def compute() -> int:
        computed.append(len(computed) + 1)
        return len(computed)

    return compute, computed


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_result_is_kept_until_a_write_and_per_language(second_read):
    kept: KeptUntilWrite[int] = KeptUntilWrite(size=8)
    compute, computed = counting()
    again = second_read(lambda: kept.get("board", compute))
    on_postgresql = connection.vendor == "postgresql"
    assert [q["sql"] for q in again] == (
        ["SELECT pg_current_wal_insert_lsn()::text"] if on_postgresql else []
    )
    assert computed[-1] == kept.get("board", compute) - (0 if on_postgresql else 1)
    with translation.override("lo"):
        assert kept.get("board", compute) == len(computed)  # a Lao reader's own result
    before = len(computed)
    Organisation.objects.create(code="new", name_en="New", country="LAO")
    assert kept.get("board", compute) == before + 1  # the write made it stale


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_kept_inside_a_transaction():
    kept: KeptUntilWrite[int] = KeptUntilWrite(size=8)
    compute, computed = counting()
    with transaction.atomic():
        Organisation.objects.create(code="draft", name_en="Draft", country="LAO")
        kept.get("board", compute)
        kept.get("board", compute)
        transaction.set_rollback(True)
    assert len(computed) == 2
    assert kept.results == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_oldest_result_leaves_first():
    kept: KeptUntilWrite[str] = KeptUntilWrite(size=2)
    for key in ("a", "b", "a", "c"):
        kept.get(key, functools.partial(str, key))
    assert [full[-1] for full in kept.results] == (  # type: ignore[index]
        ["a", "c"] if connection.vendor == "postgresql" else []
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_reads_the_write_position_once_and_again_after_its_own_write():
    kept: KeptUntilWrite[int] = KeptUntilWrite(size=8)
    compute, computed = counting()
    on_postgresql = connection.vendor == "postgresql"
    with CaptureQueriesContext(connection) as queries, one_version_per_request():
        first = kept.get("board", compute)
        kept.get("home", compute)
        assert kept.get("board", compute) == (first if on_postgresql else 3)
        Organisation.objects.create(code="new", name_en="New", country="LAO")
        assert kept.get("board", compute) == len(computed)  # its own write made it stale
    positions = [q for q in queries.captured_queries if "pg_current_wal_insert_lsn" in q["sql"]]
    assert len(positions) == (2 if on_postgresql else 0)
