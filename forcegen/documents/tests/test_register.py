"""Documents, numbers, in force on a date (following the graph), search, visibility."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forcegen.documents import services
from forcegen.documents.models import Document, DocumentStatus
from forcegen.documents.registers import REGISTER_ORDER, ByIds, DocumentFilters, page_slice
from forcegen.documents.search import words_of

from .conftest import issuer, kind, make_document

D = datetime.date
pytestmark = pytest.mark.django_db


def numbers(queryset):
    return sorted(queryset.values_list("number", flat=True))


def test_a_number_that_does_not_fit_is_refused_with_the_expected_form(orgs, legal):
    with pytest.raises(ValidationError) as refusal:
        make_document(orgs["vn"], legal["vn"], number="61/NĐ-CP", signed_on=D(2026, 3, 2))
    message = refusal.value.message_dict["number"][0]
    assert "{number}/{year}/{type}-{issuer}" in message
    assert "12/2026/NĐ-CP" in message


def test_a_number_taken_for_the_issuer_and_year_is_refused_with_the_next_free_one(orgs, legal):
    make_document(orgs["vn"], legal["vn"], number="61/2021/NĐ-CP")
    with pytest.raises(ValidationError) as refusal:
        make_document(orgs["vn"], legal["vn"], number="061/2021/NĐ-CP")
    message = refusal.value.message_dict["number"][0]
    assert "61/2021/NĐ-CP" in message
    assert "62/2021/NĐ-CP" in message
    # Another year, or another organisation's register, is free.
    make_document(orgs["vn"], legal["vn"], number="61/2022/NĐ-CP")


def test_lao_numbers_take_their_year_from_the_signature(orgs, legal):
    make_document(
        orgs["la"],
        legal["la"],
        country="LAO",
        type="decree",
        by="PM",
        number="136/PM",
        signed_on=D(2025, 5, 1),
    )
    make_document(
        orgs["la"],
        legal["la"],
        country="LAO",
        type="decree",
        by="PM",
        number="136/PM",
        signed_on=D(2026, 5, 1),
    )
    with pytest.raises(ValidationError):
        make_document(
            orgs["la"],
            legal["la"],
            country="LAO",
            type="decree",
            by="PM",
            number="136/PM",
            signed_on=D(2026, 9, 1),
        )


def test_another_countrys_type_or_an_issuer_of_another_type_is_refused(orgs, legal):
    with pytest.raises(ValidationError) as refusal:
        services.create_document(
            organisation=orgs["la"],
            user=legal["la"],
            type=kind("VNM", "decree"),
            title="x",
            title_en="x",
            language="lo",
        )
    assert "type" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        services.create_document(
            organisation=orgs["vn"],
            user=legal["vn"],
            type=kind("VNM", "decree"),
            issuer=issuer("VNM", "BQP"),
            title="x",
            title_en="x",
            language="vi",
        )
    assert "issuer" in refusal.value.message_dict


def test_in_force_on_a_date_follows_the_graph(graph):
    on = Document.objects.in_force_on
    assert numbers(on(D(2021, 6, 30))) == []
    assert numbers(on(D(2025, 12, 31))) == ["130/2020/QH14", "61/2021/NĐ-CP"]
    # The law takes over from the resolution, and the decree detailing the resolution lapses.
    assert numbers(on(D(2026, 1, 1))) == ["01/2026/NĐ-CP", "92/2025/QH15"]


def test_in_force_on_is_one_query(graph):
    with CaptureQueriesContext(connection) as queries:
        list(Document.objects.in_force_on(D(2026, 1, 1)))
    assert len(queries.captured_queries) == 1


def test_an_expired_or_suspended_document_is_not_in_force(graph, legal):
    decree = graph["decree01"]
    services.move(
        document=decree, user=legal["vn"], target=DocumentStatus.SUSPENDED, on=D(2026, 3, 1)
    )
    assert decree not in Document.objects.in_force_on(D(2026, 3, 1))
    assert decree in Document.objects.in_force_on(D(2026, 2, 28))
    services.move(
        document=decree, user=legal["vn"], target=DocumentStatus.IN_FORCE, on=D(2026, 4, 1)
    )
    services.move(
        document=decree, user=legal["vn"], target=DocumentStatus.EXPIRED, on=D(2026, 6, 1)
    )
    decree.refresh_from_db()
    assert decree.effective_to == D(2026, 5, 31)
    assert decree not in Document.objects.in_force_on(D(2026, 6, 1))


def test_a_document_cannot_end_before_it_takes_effect(graph, legal):
    with pytest.raises(ValidationError) as refusal:
        services.move(
            document=graph["decree01"],
            user=legal["vn"],
            target=DocumentStatus.EXPIRED,
            on=D(2026, 1, 1),
        )
    assert "2026-01-01" in refusal.value.messages[0]
    assert graph["decree01"] in Document.objects.in_force_on(D(2026, 1, 1))


def test_a_draft_replacing_a_document_does_not_end_it(graph, orgs, legal):
    draft = make_document(orgs["vn"], legal["vn"], title_en="A draft", effective_from=D(2026, 2, 1))
    services.add_relation(source=draft, target=graph["law92"], kind="replaces")
    assert graph["law92"] in Document.objects.in_force_on(D(2026, 3, 1))


def test_a_cycle_is_refused(graph):
    with pytest.raises(ValidationError) as refusal:
        services.add_relation(source=graph["res130"], target=graph["law92"], kind="replaces")
    assert "cycle" in refusal.value.message_dict["target"][0]
    # Longer cycles too: 01/2026 details 92, which replaces 130; 130 cannot build on 01/2026.
    with pytest.raises(ValidationError):
        services.add_relation(source=graph["res130"], target=graph["decree01"], kind="based_on")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nghi dinh", ["01/2026/NĐ-CP", "61/2021/NĐ-CP"]),
        ("Nghị định", ["01/2026/NĐ-CP", "61/2021/NĐ-CP"]),
        ("NGHI QUYET", ["130/2020/QH14"]),
        ("peacekeeping", ["130/2020/QH14", "92/2025/QH15"]),
        ("92/2025", ["92/2025/QH15"]),
        ("pham vi dieu chinh", ["92/2025/QH15"]),
        ("ກົດໝາຍ", []),
    ],
)
def test_search_in_every_script(graph, query, expected):
    assert numbers(Document.objects.search(query)) == expected


def _plan(queryset, *disabled):
    """PostgreSQL's plan for the query; a test table is tiny, so the planner is left no other
    way than the indexes that can answer it (`disabled`: the plan kinds it may not use)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in disabled:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


INDEXES_ONLY = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")


def _searched(user, text):
    """What the page and the API run to pick a search's page of ids (`ByIds`)."""
    filters = DocumentFilters.model_validate({"q": text})
    return ByIds(Document.objects.visible_to(user).filtered(filters), rows=list).ids


def test_the_registers_search_reads_the_full_text_index_for_words(graph, legal):
    searched = _searched(legal["vn"], "pham vi dieu chinh")
    found = Document.objects.filter(pk__in=[pk for pk, _total in searched])
    assert numbers(found) == ["92/2025/QH15"]
    if connection.vendor == "postgresql":
        plan = _plan(searched, *INDEXES_ONLY)
        assert "document_search_words" in plan
        assert "document_search_trgm" not in plan  # no candidate's text is rechecked
    else:
        assert "instr(" in str(searched.query)  # matched in SQL, not in Python


def test_the_registers_search_reads_the_trigram_index_for_a_number(graph, legal):
    searched = _searched(legal["vn"], "92/2025")
    found = Document.objects.filter(pk__in=[pk for pk, _total in searched])
    assert numbers(found) == ["92/2025/QH15"]
    if connection.vendor == "postgresql":
        assert "document_search_trgm" in _plan(searched, *INDEXES_ONLY)
    else:
        assert " LIKE " in str(searched.query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A plain word matches the start of a word of the number, titles or text…
        ("hiem", ["61/2021/NĐ-CP"]),
        ("bảo hiể", ["61/2021/NĐ-CP"]),
        ("QH1", ["130/2020/QH14", "92/2025/QH15"]),
        ("2025", ["92/2025/QH15"]),
        # …and not its middle: "iem" is no word's start, "keeping" only ends one.
        ("iem", []),
        ("keeping", []),
        # Any other word matches anywhere: a number with its slashes or dash, Lao.
        ("2025/QH", ["92/2025/QH15"]),
        ("nđ-cp", ["01/2026/NĐ-CP", "61/2021/NĐ-CP"]),
        ("hiem 1/2021", ["61/2021/NĐ-CP"]),
    ],
)
def test_search_matches_the_start_of_a_word_or_anywhere_the_same_on_both_databases(
    graph, legal, query, expected
):
    services.update_document(
        document=graph["decree61"], user=legal["vn"], title="Nghị định về chế độ bảo hiểm"
    )
    assert numbers(Document.objects.search(query)) == expected


def test_search_follows_a_new_version_of_the_text(orgs, legal):
    """PostgreSQL recomputes the words it searches from the folded text on every write."""
    draft = make_document(orgs["vn"], legal["vn"], title="Dự thảo")
    services.add_version(document=draft, user=legal["vn"], text="Điều 3. Phụ cấp")
    assert Document.objects.search("phu cap").get() == draft
    services.add_version(document=draft, user=legal["vn"], text="Điều 3. Trang bị")
    assert not Document.objects.search("phu cap").exists()
    assert Document.objects.search("trang bi").get() == draft


def _register(user, **filters):
    return Document.objects.visible_to(user).filtered(DocumentFilters.model_validate(filters))


def test_the_register_reads_only_the_pages_ids_and_counts_them_in_the_same_query(graph, legal):
    every = list(_register(legal["vn"]).order_by(*REGISTER_ORDER).values_list("pk", flat=True))
    assert len(every) == 4
    register = ByIds(_register(legal["vn"]), rows=lambda rows: rows, first=slice(0, 2))
    with CaptureQueriesContext(connection) as queries:
        count = register.count()
        page = register[0:2]
    assert count == 4
    assert [d.pk for d in page] == every[:2]
    ids_query = queries.captured_queries[0]["sql"]
    assert len(queries.captured_queries) == 2  # the page's ids with the count, its rows
    assert "OVER ()" in ids_query
    assert "LIMIT 2" in ids_query
    # A page the count did not read (the paginator's last page for a number past the end).
    with CaptureQueriesContext(connection) as queries:
        assert [d.pk for d in register[2:4]] == every[2:]
    assert len(queries.captured_queries) == 2


def test_the_register_counts_a_page_past_the_end_and_an_empty_one(graph, legal):
    past = ByIds(_register(legal["vn"]), rows=lambda rows: rows, first=page_slice("9"))
    assert past.count() == 4
    assert len(past[0:50]) == 4
    nothing = ByIds(_register(legal["vn"], q="zzz"), rows=lambda rows: rows)
    with CaptureQueriesContext(connection) as queries:
        assert nothing.count() == 0
    assert len(queries.captured_queries) == 1


def test_the_pages_number_names_the_rows_read_with_the_count():
    assert page_slice(None) == slice(0, 50)
    assert page_slice("3") == slice(100, 150)
    assert page_slice("x") == page_slice("-2") == page_slice("9" * 30) == slice(0, 50)


def test_a_page_far_past_the_end_shows_the_last_page(graph, legal, login):
    page = login(legal["vn"]).get(reverse("documents:list") + "?page=" + "9" * 30)
    assert page.status_code == 200
    assert "92/2025/QH15" in page.content.decode()


def test_the_registers_page_of_ids_is_read_from_the_index_alone(graph, legal):
    """Every column of the documents that the page's ids query reads (scope, order, in-force
    filter) is in the register's index, the id included, so PostgreSQL can answer it with an
    index-only scan (at 10,000 documents it does: no heap page read)."""
    ids = ByIds(_register(legal["vn"], in_force_on="2026-01-01"), rows=list).ids
    sql, params = ids.query.sql_with_params()
    read = set(re.findall(r'"documents_document"\."(\w+)"', sql))
    index = next(i for i in Document._meta.indexes if i.name == "document_register_in_force")
    columns = {Document._meta.get_field(name).column for name in index.fields}  # type: ignore[union-attr]
    assert read <= columns
    assert "id" in columns
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        assert "COVERING INDEX" in plan
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'document_register_in_force'"
            )
            assert cursor.fetchone()[0].endswith("stops_on, id)")


def test_the_folded_text_is_kept_with_lz4_where_postgresql_has_it(orgs, legal):
    document = make_document(orgs["vn"], legal["vn"], text="Điều 1. Phạm vi điều chỉnh\n" * 200)
    stored = Document.objects.values_list("search_text", flat=True).get(pk=document.pk)
    assert stored.count("dieu 1. pham vi dieu chinh") == 200  # whole, however it is kept
    if connection.vendor != "postgresql":
        return  # SQLite has no column compression to choose
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        has_lz4 = cursor.fetchone()
        cursor.execute(
            "SELECT pg_column_compression(search_text) FROM documents_document WHERE id = %s",
            [document.pk],
        )
        compression = cursor.fetchone()[0]
    assert compression == ("lz4" if has_lz4 and has_lz4[0] else "pglz")


def test_search_finds_lao_and_keeps_its_marks(orgs, legal):
    make_document(
        orgs["la"],
        legal["la"],
        country="LAO",
        type="decree",
        by="PM",
        title="ດຳລັດ ວ່າດ້ວຍການເຂົ້າຮ່ວມກອງກຳລັງຮັກສາສັນຕິພາບ",
        title_en="Decree",
    )
    assert Document.objects.search("ສັນຕິພາບ").count() == 1
    assert Document.objects.search("ສັນຕິພາບ ດຳລັດ").count() == 1
    # Lao vowels and tone marks are letters: dropping one is another word.
    assert Document.objects.search("ສນຕພາບ").count() == 0


def test_outsiders_and_partners_without_a_grant_see_nothing(graph, cast, legal):
    assert Document.objects.visible_to(legal["out"]).count() == 0
    assert Document.objects.visible_to(legal["la"]).count() == 0


def test_chosen_documents_are_shared_and_only_them(graph, legal, shared):
    assert numbers(Document.objects.visible_to(legal["la"])) == ["130/2020/QH14", "92/2025/QH15"]
    assert Document.objects.editable_by(legal["la"]).count() == 0


def test_a_consultation_grant_opens_drafts_to_the_mentor(orgs, legal, shared):
    draft = make_document(orgs["la"], legal["la"], country="LAO", type="decree", by="PM")
    assert draft in Document.objects.visible_to(legal["vn"])
    assert draft not in Document.objects.visible_to(legal["out"])


def test_a_framework_kit_grant_shares_only_documents_covering_the_checklist(graph, orgs, legal):
    from forcegen.core.models import SharingGrant
    from forcegen.core.services import grant_sharing

    grant_sharing(
        grantor=orgs["vn"],
        grantee=orgs["la"],
        scope=SharingGrant.Scope.DOCUMENTS_FRAMEWORK,
        user=None,
    )
    assert numbers(Document.objects.visible_to(legal["la"])) == ["130/2020/QH14", "92/2025/QH15"]
    graph["decree01"].covers.add(*graph["law92"].covers.all())
    assert "01/2026/NĐ-CP" in numbers(Document.objects.visible_to(legal["la"]))


def test_a_revoked_grant_hides_the_documents_again(graph, orgs, legal, shared):
    from forcegen.core.models import SharingGrant
    from forcegen.core.services import revoke_grant

    grant = SharingGrant.objects.get(scope=SharingGrant.Scope.DOCUMENTS_CHOSEN)
    revoke_grant(grant=grant, user=None)
    assert Document.objects.visible_to(legal["la"]).count() == 0


def test_the_documents_already_registered_get_their_search_words(graph):
    """Migration 0012 fills the words of each document from its folded text."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("forcegen.documents.migrations.0012_fill_search_words")
    Document.objects.update(search_words="")
    assert numbers(Document.objects.search("QH15 luat")) == []
    migration.fill(apps, None)
    stored = Document.objects.values_list("search_words", flat=True).get(pk=graph["law92"].pk)
    assert stored.startswith(" 92 2025 qh15 luat tham gia")
    assert numbers(Document.objects.search("QH15 luat")) == ["92/2025/QH15"]


def test_the_words_are_distinct_and_no_longer_than_a_word_anyone_types():
    assert words_of("quy dinh 61/2021/nd-cp quy dinh " + "x" * 101) == " quy dinh 61 2021 nd cp"
