"""UN open data at 20 years: import of a generated monthly file (~1.5 million figures; target
≤ 60 s), the ranking of a month (≤ 100 ms) and a country's 20-year trend (≤ 200 ms).

    .venv/bin/python benchmarks/insights.py [--years 20] [--runs 15]

Writes a file in the UN's monthly-contributions-by-sex format: 130 contributors × 25 missions ×
5 personnel types × 240 months, sparse as the real one (each contributor serves in a few
missions with a few types). Uses a fresh SQLite file in a temporary folder, or the database in
DATABASE_URL (give a dedicated, empty database). Prints medians and query counts.
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms

CONTRIBUTORS, MISSIONS = 130, 25
TYPES = [
    "Troops",
    "Staff Officer",
    "Experts on Mission",
    "Formed Police Units",
    "Individual Police",
]
HEADER = (
    "Contributing_Country,ISOCode3,Mission_Acronym,Personnel_Type,Female_Personnel,"
    "Male_Personnel,Last_Reporting_Date\n"
)


def month_ends(years: int) -> list[datetime.date]:
    from forcegen.core.dates import add_months, month_end

    start = datetime.date(2026 - years, 1, 1)
    return [month_end(add_months(start, i)) for i in range(years * 12)]


def generated_file(years: int) -> bytes:
    """Each contributor keeps its own missions and types; about 3,100 rows a month."""
    rng = random.Random(7)
    codes = [f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}X" for i in range(CONTRIBUTORS)]
    postings = {
        code: [
            (f"MIS{m:02d}", kind)
            for m in rng.sample(range(MISSIONS), rng.randint(3, 9))
            for kind in rng.sample(TYPES, rng.randint(2, 5))
        ]
        for code in codes
    }
    out = io.StringIO()
    out.write(HEADER)
    for end in month_ends(years):
        stamp = end.strftime("%d/%m/%Y")
        for code in codes:
            for mission, kind in postings[code]:
                male = rng.randint(0, 800)
                out.write(f"Country {code},{code},{mission},{kind},{male // 12},{male},{stamp}\n")
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from forcegen.insights import reports
    from forcegen.insights.models import UNContribution
    from forcegen.insights.un_files import import_un_file

    call_command("migrate", verbosity=0)
    data = generated_file(args.years)
    print(f"generated file: {len(data) / 1e6:.1f} MB")
    started, cpu = time.perf_counter(), time.process_time()
    result = import_un_file(name="generated.csv", data=data)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    # The CPU time of this process tells the import's own cost on a machine shared with others.
    print(
        f"import: {elapsed:.1f} s ({cpu:.1f} s of this process's CPU) "
        f"for {result.file.rows:,} rows, "
        f"{UNContribution.objects.count():,} figures ({connection.vendor})"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    last = result.file.last_month
    first = result.file.first_month
    for label, action in (
        ("ranking of a month", lambda: reports.ranking(last)),
        ("20-year trend of a country", lambda: reports.trend("AAX", first, last)),
        (
            "peers over 20 years (10)",
            lambda: reports.peers_trend([f"A{chr(65 + i)}X" for i in range(10)], first, last),
        ),
        ("parity of a country on a month", lambda: reports.parity("AAX", last)),
    ):
        median, worst = median_ms(action, args.runs)
        print(
            f"{label}: median {median:.1f} ms, worst {worst:.1f} ms, "
            f"{count_queries(connection, action)} queries"
        )


if __name__ == "__main__":
    main()
