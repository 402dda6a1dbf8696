"""The legal register at 10,000 documents, 30,000 relations and 50,000 versions: the register page
and the API list (targets ≤ 100 ms at a constant query count), "in force on a date" (≤ 100 ms)
and search (≤ 200 ms).

    .venv/bin/python benchmarks/documents.py [--documents 10000] [--runs 15] [--reuse]

Writes the register in bulk for Viet Nam's department: decrees, circulars and decisions with
Vietnamese titles and texts of ~200 words, five versions each, three relations per document
pointing only to older documents (so the graph has no cycle), statuses from drafts to repealed.
Uses a fresh SQLite file in a temporary folder, or the database in DATABASE_URL (give a
dedicated, empty database; with --reuse, a database this script filled before is measured again
as it is). Prints medians and query counts; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_wall_and_cpu_ms

WORDS = (
    "quy",
    "định",
    "chi",
    "tiết",
    "thi",
    "hành",
    "luật",
    "tham",
    "gia",
    "lực",
    "lượng",
    "gìn",
    "giữ",
    "hòa",
    "bình",
    "liên",
    "hợp",
    "quốc",
    "bộ",
    "quốc",
    "phòng",
    "công",
    "an",
    "chính",
    "phủ",
    "thủ",
    "tướng",
    "quyết",
    "định",
    "triển",
    "khai",
    "điều",
    "chỉnh",
    "rút",
    "lực",
    "lượng",
    "chỉ",
    "huy",
    "trưởng",
    "trang",
    "bị",
    "dấu",
    "hiệu",
    "nhận",
    "biết",
    "báo",
    "cáo",
    "kinh",
    "phí",
    "chế",
    "độ",
    "phụ",
    "cấp",
    "bảo",
    "hiểm",
    "tuyển",
    "chọn",
    "tiêu",
    "chuẩn",
    "huấn",
    "luyện",
    "kỷ",
    "luật",
    "hậu",
    "cần",
    "phái",
    "bộ",
    "bệnh",
    "viện",
    "dã",
    "chiến",
    "công",
    "binh",
    "sĩ",
    "quan",
)
TYPES = [("decree", "CP"), ("circular", "BQP"), ("circular", "BCA"), ("pm-decision", "TTg")]
STATUSES = ["in_force"] * 12 + ["replaced", "repealed", "amended", "drafting", "consultation"]
KINDS = ["amends", "replaces", "repeals", "details", "implements", "based_on"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="measure the register already written")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS.append("testserver")
    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    user = _cast()
    if not args.reuse:
        started = time.perf_counter()
        generate(user, args.documents)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Bulk-loaded tables have no statistics yet, and the trigram index holds the
                # new rows in its unsorted pending list until a vacuum, as autovacuum does on
                # a live database: without it the planner prices the index out and scans.
                cursor.execute("VACUUM ANALYZE")
        print(f"wrote the register in {time.perf_counter() - started:.1f} s")
    report(connection, user, args.runs)


def _cast() -> Any:
    from forcegen.accounts.models import User
    from forcegen.accounts.services import set_membership
    from forcegen.core.models import Organisation

    vn, _created = Organisation.objects.get_or_create(
        code="vn-dpko",
        defaults={
            "name_native": "Cục Gìn giữ hòa bình Việt Nam",
            "name_en": "Vietnam Department of Peacekeeping Operations",
            "country": "VNM",
            "kind": Organisation.Kind.NATIONAL_DEPARTMENT,
        },
    )
    user, _created = User.objects.get_or_create(username="bench-legal")
    set_membership(user=user, organisation=vn, role="legal_officer")
    return User.objects.get(pk=user.pk)


def _text(rng: random.Random, words: int) -> str:
    articles = []
    for number in range(1, 6):
        body = " ".join(rng.choice(WORDS) for _ in range(words // 5))
        articles.append(f"Điều {number}. {rng.choice(WORDS).capitalize()}\n{body}.")
    return "\n".join(articles)


def generate(user: Any, count: int) -> None:
    from forcegen.documents.models import Document, DocumentType, IssuingBody, Relation, Version

    rng = random.Random(12)
    org_id = user.active_organisation_id
    types = {t.code: t for t in DocumentType.objects.for_country("VNM")}
    issuers = {i.code: i for i in IssuingBody.objects.for_country("VNM")}
    documents = []
    for index in range(count):
        kind, issuer = rng.choice(TYPES)
        signed = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9500))
        status = rng.choice(STATUSES)
        draft = status in ("drafting", "consultation")
        sequence = index + 1
        document = Document(
            organisation_id=org_id,
            type=types[kind],
            issuer=issuers[issuer],
            number="" if draft else f"{sequence}/{signed.year}/{types[kind].symbol}-{issuer}",
            sequence=None if draft else sequence,
            number_year=None if draft else signed.year,
            title=" ".join(rng.choice(WORDS) for _ in range(12)).capitalize(),
            title_en=f"Regulation {index} on peacekeeping",
            language="vi",
            signed_on=None if draft else signed,
            effective_from=None if draft else signed + datetime.timedelta(days=45),
            status=status,
            text=_text(rng, 200),
            created_by=user,
        )
        document.fold_for_search()
        documents.append(document)
    Document.objects.bulk_create(documents, batch_size=1000)
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    Version.objects.bulk_create(
        (
            Version(document_id=pk, number=n, text=_text(rng, 100), created_by=user)
            for pk in ids
            for n in range(1, 6)
        ),
        batch_size=2000,
    )
    edges = set()
    for position, pk in enumerate(ids[1:], start=1):
        for _ in range(3):
            target = ids[rng.randrange(position)]  # always older: the graph has no cycle
            edges.add((pk, target, rng.choice(KINDS)))
    Relation.objects.bulk_create(
        (Relation(source_id=s, target_id=t, kind=k) for s, t, k in edges), batch_size=2000
    )
    started = time.perf_counter()
    Document.objects.all().follow_graph()  # what the services do for the documents they touch
    print(f"followed the graph for every document in {time.perf_counter() - started:.1f} s")
    print(
        f"documents: {Document.objects.count():,}, versions: {Version.objects.count():,}, "
        f"relations: {Relation.objects.count():,}"
    )


def report(connection: Any, user: Any, runs: int) -> None:
    from django.test import Client

    from forcegen.documents.models import Document

    client = Client()
    client.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
    day = datetime.date(2024, 6, 30)
    checks: list[tuple[str, Any]] = [
        ("register page", lambda: client.get("/documents/")),
        ("register page, in force on a date", lambda: client.get(f"/documents/?in_force_on={day}")),
        ("register page, search", lambda: client.get("/documents/?q=chi+huy+truong")),
        ("API list", lambda: client.get("/api/v1/documents/")),
        (
            "API list, in force on a date",
            lambda: client.get(f"/api/v1/documents/?in_force_on={day}"),
        ),
        ("API list, search", lambda: client.get("/api/v1/documents/?q=phụ+cấp")),
        (
            "in force on a date (count)",
            lambda: Document.objects.visible_to(user).in_force_on(day).count(),
        ),
        (
            "in force on a date (first 50)",
            lambda: list(Document.objects.visible_to(user).in_force_on(day)[:50]),
        ),
        (
            "search, Vietnamese without diacritics (count)",
            lambda: Document.objects.visible_to(user).search("bao hiem").count(),
        ),
        (
            "search, Vietnamese with diacritics (first 50)",
            lambda: list(Document.objects.visible_to(user).search("bảo hiểm")[:50]),
        ),
        (
            "search, one regulation's number (first 50)",
            lambda: list(Document.objects.visible_to(user).search("Regulation 4521 ")[:50]),
        ),
    ]
    for name, action in checks:
        median, cpu, worst = median_wall_and_cpu_ms(action, runs)
        queries = count_queries(connection, action)
        print(
            f"{name:48} median {median:6.1f} ms  CPU {cpu:6.1f} ms  worst {worst:6.1f} ms  "
            f"{queries} queries"
        )
    found = Document.objects.visible_to(user).in_force_on(day).count()
    print(f"in force on {day}: {found:,} documents")


if __name__ == "__main__":
    main()
