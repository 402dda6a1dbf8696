"""The personnel API lists after a cursor (core.keyset, as the list page does): every person once,
forwards and backwards, with filters, at a constant query count, from an index range; a cursor
that is not ours is refused, naming the parameter."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.core.keyset import encode
from forcegen.personnel.models import Person
from forcegen.personnel.registers import PEOPLE

from .factories import PersonFactory

URL = "/api/v1/personnel/"
NUL = "SN\x001"


def ordered_ids(**filters: Any) -> list[int]:
    people = Person.objects.filter(**filters).order_by(*PEOPLE.order)
    return list(people.values_list("pk", flat=True))


def cursor_of(pk: int) -> str:
    return encode(Person.objects.filter(pk=pk).values_list(*PEOPLE.order).get())


def walk(client, url: str, link: str) -> tuple[list[int], set[int], list[dict[str, Any]]]:
    """Follow the answers' `link` ("next" or "previous") from `url`: the people in the order
    met, the query counts, the answers."""
    met: list[int] = []
    counts: set[int] = set()
    answers: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(next_url)
        assert response.status_code == 200, response.content
        answer = response.json()
        counts.add(len(queries.captured_queries))
        answers.append(answer)
        ids = [person["id"] for person in answer["items"]]
        met.extend(ids if link == "next" else ids[::-1])
        next_url = answer[link]
    return met, counts, answers


def namesakes(organisation, count: int, **fields: Any) -> None:
    rank = PersonFactory.create(organisation=organisation, full_name="Aa First").rank
    for n in range(count):
        PersonFactory.create(
            organisation=organisation,
            rank=rank,
            full_name=f"Nguyen Van {'An' if n % 3 else n}",
            **fields,
        )


def test_walking_the_cursors_meets_every_person_once_across_namesakes(cast, api, orgs):
    # Namesakes sort by service number: a page boundary inside a run of equal names must
    # neither repeat nor skip one of them.
    namesakes(orgs["vn"], 26, specialties=["nurse"])
    expected = ordered_ids(organisation=orgs["vn"])
    client = api(cast["vn_planner"])
    client.get(URL)  # the first request with a token notes its use

    forwards, counts, answers = walk(client, f"{URL}?page_size=10", "next")
    assert forwards == expected
    assert len(answers) == 3
    assert len(counts) == 1, counts
    assert {answer["count"] for answer in answers} == {27}
    assert answers[0]["previous"] is None
    assert "after=" in answers[0]["next"]
    assert "page_size=10" in answers[0]["next"]

    backwards, counts, answers = walk(client, answers[-1]["previous"], "previous")
    assert backwards == expected[:-7][::-1]  # from the page before the last
    assert len(counts) == 1, counts
    assert answers[-1]["items"][0]["id"] == expected[0]


def test_a_deep_page_costs_the_queries_of_the_first_as_people_grow(
    cast, api, orgs, constant_queries
):
    namesakes(orgs["vn"], 12, specialties=["nurse", "driver"])
    deep = f"{URL}?page_size=5&after={cursor_of(ordered_ids(organisation=orgs['vn'])[6])}"

    def grow() -> None:
        for _ in range(20):
            PersonFactory.create(organisation=orgs["vn"], specialties=["nurse", "driver"])

    answer = constant_queries(api(cast["vn_planner"]), deep, grow)
    assert '"previous": "http' in answer


def test_the_cursors_keep_the_filters_and_search(cast, api, orgs):
    rank = PersonFactory.create(organisation=orgs["vn"], full_name="Le Thi Hoa", sex="F").rank
    for n in range(25):
        PersonFactory.create(
            organisation=orgs["vn"],
            rank=rank,
            full_name=f"Pham Van {n // 2:03d}",  # pairs of namesakes
            sex="F" if n % 3 else "M",
        )
    women = ordered_ids(full_name__startswith="Pham", sex="F")
    client = api(cast["vn_planner"])

    met, _counts, answers = walk(client, f"{URL}?q=pham&sex=F&page_size=4", "next")
    assert met == women
    assert all("q=pham" in a["next"] and "sex=F" in a["next"] for a in answers[:-1])
    back, _counts, _answers = walk(client, answers[-1]["previous"], "previous")
    assert back == women[: len(women) - len(answers[-1]["items"])][::-1]
    assert {answer["count"] for answer in answers} == {len(women)}


def test_page_numbers_still_page_and_carry_cursors(cast, api, orgs):
    namesakes(orgs["vn"], 14)
    expected = ordered_ids(organisation=orgs["vn"])
    client = api(cast["vn_planner"])

    second = client.get(f"{URL}?page=2&page_size=5").json()
    assert [p["id"] for p in second["items"]] == expected[5:10]
    following = client.get(second["next"]).json()
    assert [p["id"] for p in following["items"]] == expected[10:15]
    preceding = client.get(second["previous"]).json()
    assert [p["id"] for p in preceding["items"]] == expected[0:5]
    assert client.get(f"{URL}?page=9&page_size=5").json()["items"] == []


def test_a_bad_cursor_is_refused_naming_the_parameter(cast, api, orgs):
    person = PersonFactory.create(organisation=orgs["vn"])
    client = api(cast["vn_planner"])
    good = cursor_of(person.pk)
    refused = {
        "after=%25%25%25": "after",  # not base64
        "after=bm90IGpzb24": "after",  # base64 of "not json"
        "before=WzFd": "before",  # [1]: one value where the order has three
        f"after={encode(['Nguyen', 'SN1', 'x'])}": "after",  # a name where an id belongs
        f"before={encode(['Nguyen', NUL, 1])}": "before",  # PostgreSQL stores no NUL byte
        f"after={encode(['Nguyen', 'SN1', float('inf')])}": "after",  # no id is infinite
        f"after={good}&before={good}": "before",
        f"page=2&after={good}": "page",
        f"after={'A' * 2001}": "after",
    }
    for query, name in refused.items():
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 422, (query, response.content)
        assert [d["field"] for d in response.json()["details"]] == [name], query
    # An id past any the database stores is only past every row.
    beyond_every_id = client.get(f"{URL}?after={encode([person.full_name, 'SN1', 10**30])}")
    assert beyond_every_id.status_code == 200


def test_the_page_reads_a_forged_cursor_as_none(cast, login, orgs):
    """The list page shares the cursor's reading: a value its field cannot hold shows the first
    page rather than failing in the database."""
    first = PersonFactory.create(organisation=orgs["vn"], full_name="Aa First")
    client = login(cast["vn_planner"])
    for cursor in (encode(["Nguyen", "SN1", "x"]), encode(["Nguyen", NUL, 1])):
        response = client.get(f"/personnel/?after={cursor}")
        assert response.status_code == 200
        assert f'href="/personnel/{first.pk}/"' in response.content.decode()


def test_a_long_accented_name_at_a_page_boundary_gives_a_usable_cursor(cast, api, orgs):
    # The longest name the field holds, every letter accented: its cursor passes the 500
    # characters any other query value may have.
    long_name = PersonFactory.create(organisation=orgs["vn"], full_name="A" + "ễ" * 199)
    other = PersonFactory.create(organisation=orgs["vn"], full_name="Vu Van Z")
    client = api(cast["vn_planner"])
    first = client.get(f"{URL}?page_size=1").json()
    assert len(first["next"].split("after=")[1]) > 500
    second = client.get(first["next"])
    assert second.status_code == 200, second.content
    assert [first["items"][0]["id"], second.json()["items"][0]["id"]] == [long_name.pk, other.pk]


def test_another_organisations_people_never_appear(cast, api, orgs):
    namesakes(orgs["vn"], 8)
    namesakes(orgs["la"], 8)
    la_people = ordered_ids(organisation=orgs["la"])
    client = api(cast["la_planner"])

    met, _counts, _answers = walk(client, f"{URL}?page_size=3", "next")
    assert met == la_people
    # A cursor taken from Viet Nam's list reads only Laos's people after that point.
    vn_cursor = cursor_of(ordered_ids(organisation=orgs["vn"])[0])
    for name in ("after", "before"):
        ids = [p["id"] for p in client.get(f"{URL}?{name}={vn_cursor}").json()["items"]]
        assert set(ids) <= set(la_people)


def test_a_deep_page_scans_the_name_index_from_the_cursor(cast, api, orgs):
    """The query the API runs for a deep page starts the person_org_name_idx range at the
    cursor's name instead of at the organisation's first person."""
    namesakes(orgs["vn"], 6)
    cursor = cursor_of(ordered_ids(organisation=orgs["vn"])[3])
    with CaptureQueriesContext(connection) as queries:
        response = api(cast["vn_planner"]).get(f"{URL}?page_size=2&after={cursor}")
    assert response.status_code == 200
    page_sql = next(
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "personnel_person"' in q["sql"] and "LIMIT 3" in q["sql"]
    )
    with connection.cursor() as db:
        if connection.vendor == "postgresql":
            # A test table is tiny: leave the planner no way but an index that gives the
            # order (after other tests' rows came and went, it read the organisation's index and
            # sorted what it found).
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                db.execute(f"SET LOCAL {setting} = off")
            db.execute(f"EXPLAIN {page_sql}")
        else:
            db.execute(f"EXPLAIN QUERY PLAN {page_sql}")
        plan = "\n".join(str(row[-1]) for row in db.fetchall())
    assert "person_org_name_idx" in plan, plan
    # PostgreSQL: the index scan's "Index Cond" line; SQLite: "USING INDEX ... (... full_name>?)".
    bounds = [line for line in plan.splitlines() if "Index Cond" in line or "USING INDEX" in line]
    assert any("full_name" in line for line in bounds), plan
