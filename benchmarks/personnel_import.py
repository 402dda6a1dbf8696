"""Roster import figures: a realistic 10,000-row XLSX roster, parsed, checked and committed.

    .venv/bin/python benchmarks/personnel_import.py [--rows 10000] [--keep FILE.xlsx]

Vietnamese names with diacritics and Lao names in Lao script, ranks from ranks-vnm.csv,
specialties from specialties.csv (by code, English or Vietnamese name), date cells and dd/mm/yyyy
text, passports and English levels. Always imports into a fresh SQLite file in a temporary
folder. Prints the time of each step; nothing is asserted (the target is 30 s for parse + check +
commit on 2 cores).
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import io
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("FORCEGEN_DEMO", "1")
os.environ["FORCEGEN_DATA_DIR"] = tempfile.mkdtemp(prefix="forcegen-bench-import-")
atexit.register(shutil.rmtree, os.environ["FORCEGEN_DATA_DIR"], ignore_errors=True)
os.environ.pop("DATABASE_URL", None)  # a fresh SQLite file under FORCEGEN_DATA_DIR, never yours

VI_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
VI_FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
VI_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu"]
VI_GIVEN = ["Anh", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng"]
VI_GIVEN += ["Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Ngân", "Phúc", "Phương"]
VI_GIVEN += ["Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vân", "Yến"]
LAO_GIVEN = [
    ("Somphone", "ສົມພອນ"),
    ("Bounmy", "ບຸນມີ"),
    ("Khamla", "ຄຳຫຼ້າ"),
    ("Noy", "ນ້ອຍ"),
    ("Phonesavanh", "ພອນສະຫວັນ"),
    ("Souksavanh", "ສຸກສະຫວັນ"),
    ("Vanh", "ວັນ"),
    ("Keo", "ແກ້ວ"),
]
LAO_FAMILY = [
    ("Keomany", "ແກ້ວມະນີ"),
    ("Phommachanh", "ພົມມະຈັນ"),
    ("Sivongsa", "ສີວົງສາ"),
    ("Inthavong", "ອິນທະວົງ"),
    ("Vongsa", "ວົງສາ"),
    ("Sysouk", "ສີສຸກ"),
]
UNITS = ["Bệnh viện dã chiến cấp 2 số {n}", "Đội Công binh số {n}", "Lữ đoàn {n}", "ກອງພັນ {n}"]
COLUMNS = [
    *("service_number", "full_name", "full_name_native", "sex", "date_of_birth", "rank"),
    *("specialty", "unit", "passport_number", "passport_expiry", "english_level", "branch"),
    *("blood_group", "status", "phone", "email", "next_of_kin", "next_of_kin_phone"),
]


def roster_rows(count: int, seed: int = 2027) -> Iterator[list[Any]]:
    from forcegen.personnel.demo import strip_marks  # Latin names as passports print them
    from forcegen.personnel.services import DATA_DIR, read_csv

    rng = random.Random(seed)  # test data, not secrets
    ranks = read_csv(DATA_DIR / "ranks-vnm.csv")
    specialties = read_csv(DATA_DIR / "specialties.csv")
    for n in range(1, count + 1):
        sex = rng.choice("MMMF")
        if rng.random() < 0.15:  # a Lao officer on an exchange posting
            (given, given_lo), (family, family_lo) = rng.choice(LAO_GIVEN), rng.choice(LAO_FAMILY)
            full_name, native = f"{given} {family}", f"{given_lo} {family_lo}"
        else:
            middle = "Thị" if sex == "F" else rng.choice(VI_MIDDLE)
            native = f"{rng.choice(VI_FAMILY)} {middle} {rng.choice(VI_GIVEN)}"
            full_name = strip_marks(native)
        rank = rng.choice(ranks)
        rank_cell = rng.choice([rank["code"], rank["name_native"], rank["name_en"]])
        picked = rng.sample(specialties, rng.choice([0, 1, 1, 1, 2]))
        specialty_cell = " | ".join(rng.choice([s["code"], s["name"], s["vi"]]) for s in picked)
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(14_000))
        has_passport = rng.random() < 0.7
        expiry = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(3_650))
        expiry_cell: Any = expiry if rng.random() < 0.5 else expiry.strftime("%d/%m/%Y")
        yield [
            f"VN-{n:06d}",
            full_name,
            native,
            rng.choice(["M", "nam", "male"]) if sex == "M" else rng.choice(["F", "nữ", "Female"]),
            born if rng.random() < 0.7 else born.strftime("%d/%m/%Y"),
            rank_cell,
            specialty_cell,
            rng.choice(UNITS).format(n=rng.randint(1, 9)),
            f"C{rng.randrange(10**7):07d}" if has_passport else "",
            expiry_cell if has_passport else "",
            rng.choice(["", "A2", "B1", "B1", "B2", "C1"]),
            rng.choice(["Quân y", "Công binh", "Bộ binh", "Thông tin"]),
            rng.choice(["A+", "B+", "O+", "AB+", "O-", ""]),
            "active",
            f"+84 9{rng.randrange(10**8):08d}",
            f"vn{n:06d}@mod.example.vn",
            strip_marks(f"{rng.choice(VI_FAMILY)} {rng.choice(VI_GIVEN)}"),
            f"+84 9{rng.randrange(10**8):08d}",
        ]


def build_xlsx(count: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Roster")
    sheet.append([name.replace("_", " ").title() for name in COLUMNS])  # "Service Number", …
    for row in roster_rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label: str, action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"{label:44} {elapsed:7.2f} s")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Also write the generated roster here.")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from forcegen.core.models import Organisation
    from forcegen.personnel.imports import apply_plan, import_roster, plan_import
    from forcegen.personnel.models import Credential, Person
    from forcegen.personnel.roster_sheet import read_roster
    from forcegen.personnel.services import load_demo_ranks

    print(f"database: {connection.vendor} (fresh file in {os.environ['FORCEGEN_DATA_DIR']})")
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(
        code="vn-dpko",
        name_native="Cục Gìn giữ hòa bình Việt Nam",
        name_en="Viet Nam Department of Peacekeeping Operations",
        country="VNM",
        kind=Organisation.Kind.NATIONAL_DEPARTMENT,
    )
    load_demo_ranks(organisation, "VNM")

    content, _ = timed(f"generate {args.rows:,}-row XLSX", lambda: build_xlsx(args.rows))
    print(f"{'  file size':44} {len(content) / 1e6:7.2f} MB")
    if args.keep:
        args.keep.write_bytes(content)

    sheet, read_s = timed("parse (openpyxl, read-only)", lambda: read_roster(content, "r.xlsx"))
    plan, check_s = timed(
        "validate + plan (set-based lookups)",
        lambda: plan_import(organisation=organisation, sheet=sheet),
    )
    if plan.errors:
        raise SystemExit(f"unexpected errors, first: {plan.errors[0]}")

    def commit() -> None:
        with transaction.atomic():
            apply_plan(plan)

    with CaptureQueriesContext(connection) as queries:
        _, commit_s = timed("commit (bulk_create, one transaction)", commit)
    print(f"{'  queries in the commit':44} {len(queries.captured_queries):7d}")
    print(f"{'parse + validate':44} {read_s + check_s:7.2f} s")
    print(f"{'TOTAL parse + validate + commit':44} {read_s + check_s + commit_s:7.2f} s")
    print(
        f"{'  stored':44} {Person.objects.count():7,d} people, "
        f"{Credential.objects.count():,} credentials"
    )

    again, _ = timed(
        "re-import the same file (checked again, no write)",
        lambda: import_roster(organisation=organisation, content=content, filename="r.xlsx"),
    )
    print(f"{'  outcome':44} {again.counts}")


if __name__ == "__main__":
    main()
