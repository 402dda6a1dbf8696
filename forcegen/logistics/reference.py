"""Loader of the shipped COE reference files (data/*.csv): categories, major-equipment items
(named in en/lo/vi/fr, with their effective date, evidence and source) and personnel rates.

Used by the data migrations with their historical models, and again by `load_coe_reference` after
an administrator edits a file; rows are matched on their code (categories, items) or start date
(rates), so loading twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
CATEGORIES = DATA_DIR / "coe-categories.csv"
PERSONNEL_RATES = DATA_DIR / "personnel-rates.csv"
ITEMS = DATA_DIR / "coe-items.csv"
NAMES = ("name_en", "name_lo", "name_vi", "name_fr")
CATEGORY_SOURCE = (
    "Categories: reference-facts §3 from published MOUs and the COE Manual A/75/121 (2020); "
    "confirm each in the manual [U]"
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_coe_categories(category_model: Any, path: Path = CATEGORIES) -> int:
    """Create or update the categories; parents come before their sub-categories in the file."""
    by_code: dict[str, Any] = {}
    for order, row in enumerate(_rows(path)):
        category, _created = category_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "annex": row["annex"],
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
                "order": order,
                "name_en": row["name_en"],
                "name_lo": row["name_lo"],
                "name_vi": row["name_vi"],
                "name_fr": row["name_fr"],
                "evidence": "U",
                "source": CATEGORY_SOURCE,
                "effective_from": datetime.date(2020, 1, 1),
            },
        )
        by_code[row["code"]] = category
    return len(by_code)


def load_personnel_rates(rate_model: Any, path: Path = PERSONNEL_RATES) -> int:
    rows = _rows(path)
    for row in rows:
        rate_model.objects.update_or_create(
            effective_from=datetime.date.fromisoformat(row["effective_from"]),
            defaults={
                "effective_to": datetime.date.fromisoformat(row["effective_to"])
                if row["effective_to"]
                else None,
                "monthly_rate": Decimal(row["monthly_rate"]),
                "evidence": row["evidence"],
                "source": row["source"],
            },
        )
    return len(rows)


def load_coe_items(item_model: Any, category_model: Any, path: Path = ITEMS) -> int:
    """Create or update the major-equipment items with their names in the four languages."""
    categories = {c.code: c for c in category_model.objects.all()}
    rows = _rows(path)
    for row in rows:
        item_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "category": categories[row["category"]],
                **{name: row[name] for name in NAMES},
                "effective_from": datetime.date.fromisoformat(row["effective_from"]),
                "source": row["source"],
            },
        )
    return len(rows)
