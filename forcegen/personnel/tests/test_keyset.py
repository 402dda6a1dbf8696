"""The personnel list pages after a cursor (core.keyset): every person exactly once, forwards and
backwards, with filters, at a constant query count."""

import html as html_lib
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.core.registers import PAGE_SIZE
from forcegen.personnel.models import Person
from forcegen.personnel.registers import PEOPLE

from .factories import PersonFactory


def people_on(page: str) -> list[int]:
    """The people on a page, in order (each row links its service number and its name)."""
    return list(dict.fromkeys(int(pk) for pk in re.findall(r'href="/personnel/(\d+)/"', page)))


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', page)
    return "/personnel/" + html_lib.unescape(found.group(1)) if found else None


def walk(client, url: str, rel: str) -> tuple[list[int], set[int], list[str]]:
    """Follow the `rel` links from `url`: the people in the order met, the query counts, the
    pages' HTML."""
    met: list[int] = []
    counts: set[int] = set()
    pages: list[str] = []
    next_url: str | None = url
    while next_url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(next_url)
        assert response.status_code == 200
        page = response.content.decode()
        counts.add(len(queries.captured_queries))
        pages.append(page)
        met.extend(people_on(page) if rel == "next" else people_on(page)[::-1])
        next_url = link(page, rel)
    return met, counts, pages


def test_walking_the_cursor_meets_every_person_once_at_constant_queries(cast, login, orgs):
    rank = PersonFactory.create(organisation=orgs["vn"]).rank
    # Namesakes sort by service number, and those shared across organisations by id: a page
    # boundary inside a run of equal names must neither repeat nor skip one of them.
    for n in range(2 * PAGE_SIZE + 6):
        PersonFactory.create(
            organisation=orgs["vn"], rank=rank, full_name=f"Nguyen Van {'An' if n % 3 else n}"
        )
    expected = list(
        Person.objects.filter(organisation=orgs["vn"])
        .order_by("full_name", "service_number", "pk")
        .values_list("pk", flat=True)
    )
    client = login(cast["vn_planner"])
    client.get("/personnel/")  # the first request of a session writes it

    forwards, counts, pages = walk(client, "/personnel/", "next")
    assert forwards == expected
    assert len(pages) == 3
    assert len(counts) == 1, counts

    last = link(pages[-2], "next")
    assert last is not None
    backwards, counts, _pages = walk(client, last, "prev")
    assert backwards == expected[::-1]
    assert len(counts) == 1, counts


def test_the_cursor_keeps_the_filters_and_search(cast, login, orgs):
    rank = PersonFactory.create(organisation=orgs["vn"], full_name="Le Thi Hoa").rank
    for n in range(PAGE_SIZE + 5):
        PersonFactory.create(
            organisation=orgs["vn"],
            rank=rank,
            full_name=f"Pham Van {n:03d}",
            sex="F" if n % 2 else "M",
        )
    women = list(
        Person.objects.filter(full_name__startswith="Pham", sex="F")
        .order_by("full_name", "service_number", "pk")
        .values_list("pk", flat=True)
    )
    client = login(cast["vn_planner"])
    met, _counts, pages = walk(client, "/personnel/?q=pham&sex=F", "next")
    assert met == women
    assert len(pages) == 1  # 30 women: one page, no links
    every_pham, _counts, pages = walk(client, "/personnel/?q=pham", "next")
    assert len(every_pham) == PAGE_SIZE + 5
    assert "q=pham&amp;after=" in pages[0]
    assert f"{PAGE_SIZE + 5} people" in pages[1]


def test_a_cursor_that_is_not_ours_shows_the_first_page(cast, login, orgs):
    first = PersonFactory.create(organisation=orgs["vn"], full_name="Aa First")
    client = login(cast["vn_planner"])
    for cursor in ("after=%%%", "after=bm90IGpzb24", "before=WzFd", "after=W1tdLFtdLFtdXQ"):
        response = client.get(f"/personnel/?{cursor}")
        assert response.status_code == 200
        assert people_on(response.content.decode()) == [first.pk]


def test_the_index_starts_its_scan_at_the_cursor(orgs):
    """The deepest page reads what the first does: the person_org_name_idx range starts at the
    cursor's name instead of at the organisation's first person."""
    from forcegen.core.keyset import beyond

    people = (
        Person.objects.filter(organisation=orgs["vn"])
        .filter(beyond(PEOPLE.order, ["Vu Van Quan", "VN-0411", 23040]))
        .order_by(*PEOPLE.order)
        .values("pk")[:51]
    )
    sql, params = people.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test table is tiny: leave the planner no way but an index that gives the
            # order (after other tests' rows came and went, it read the organisation's index and
            # sorted what it found).
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "person_org_name_idx" in plan, plan
    # PostgreSQL: the index scan's "Index Cond" line; SQLite: "USING INDEX ... (... full_name>?)".
    bounds = [line for line in plan.splitlines() if "Index Cond" in line or "USING INDEX" in line]
    assert any("full_name" in line for line in bounds), plan
