"""Loads the register's reference data (issuing bodies, document types, the framework checklist,
subject areas) from data/reference.json; used by a migration and by `load_document_reference`.
Rows are matched on their codes, so loading again updates them instead of adding copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "reference.json"
TAGS = {"V": "[V]", "S": "[S]", "U": "[U]"}


def _names(row: dict[str, str]) -> dict[str, str]:
    return {f"name_{lang}": row.get(lang, "") for lang in ("en", "lo", "vi", "fr")}


def load(get_model: Any, path: Path = DATA) -> dict[str, int]:
    """`get_model(name)` returns the model class: the app registry's, or a migration's."""
    data = json.loads(path.read_text(encoding="utf-8"))
    source = data["source"]
    issuing_body = get_model("IssuingBody")
    document_type = get_model("DocumentType")
    bodies = {}
    for row in data["issuing_bodies"]:
        body, _created = issuing_body.objects.update_or_create(
            country=row["country"],
            code=row["code"],
            defaults={**_names(row), "source": f"{source} {TAGS[row['tag']]}"},
        )
        bodies[row["country"], row["code"]] = body
    for row in data["document_types"]:
        kind, _created = document_type.objects.update_or_create(
            country=row["country"],
            code=row["code"],
            defaults={
                **_names(row),
                "rank": row["rank"],
                "is_normative": row["normative"],
                "symbol": row["symbol"],
                "number_pattern": row["pattern"],
                "source": f"{source} {TAGS[row['tag']]}",
            },
        )
        kind.issuing_bodies.set([bodies[row["country"], code] for code in row["issuers"]])
    for name, key in (("CoverageItem", "coverage_items"), ("SubjectArea", "subject_areas")):
        model = get_model(name)
        for row in data[key]:
            extra = {"order": row["order"]} if "order" in row else {}
            model.objects.update_or_create(
                code=row["code"], defaults={**_names(row), **extra, "source": source}
            )
    return {key: len(data[key]) for key in data if key != "source"}
