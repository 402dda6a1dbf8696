"""Documents, numbers, in force on a date (following the graph), search, visibility."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.documents import services
from forcegen.documents.models import Document, DocumentStatus
from forcegen.documents.registers import ByIds, DocumentFilters

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


def test_the_registers_search_reads_the_trigram_index_on_postgresql(graph, legal):
    """What the page and the API run to pick a search's page of ids (`ByIds`)."""
    searched = Document.objects.visible_to(legal["vn"]).filtered(
        DocumentFilters.model_validate({"q": "pham vi dieu chinh"})
    )
    assert numbers(searched) == ["92/2025/QH15"]
    if connection.vendor != "postgresql":
        return  # SQLite scans the folded text
    sql, params = ByIds(searched, rows=list).ids.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny: leave the planner no other way than an index that can
        # answer the condition.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "document_search_trgm" in plan


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
