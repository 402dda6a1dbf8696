"""The UN missions file loader: the UN Peace and Security Data Hub's peacekeeping missions CSV
(dataset DPPADPOSS-PKO) into Mission reference data, its known quirks repaired or flagged, and the
department's own corrections applied; all or nothing, every problem named by line and column.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    Mission,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CORRECTIONS = DATA_DIR / "mission-corrections.csv"
SOURCE = "UN Peace and Security Data Hub, dataset DPPADPOSS-PKO"
MISSION_FIELDS = (
    "name",
    "lead_department",
    "is_active",
    "start_date",
    "end_date",
    "location",
    "longitude",
    "latitude",
    "coordinates_doubtful",
    "source",
    "source_updated_on",
)
TRUNCATED_ENDINGS = (" the", " of", " in", " for", " and")


@dataclass
class MissionLoad:
    """What loading a missions file did: counts, what it repaired and what it could not judge."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    fixed: list[str] = field(default_factory=list)
    doubted: list[str] = field(default_factory=list)


def read_rows(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _date(value: str, line: int, column: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(
            _("row %(line)d, %(column)s: “%(value)s” is not a date (YYYY-MM-DD)")
            % {"line": line, "column": column, "value": value}
        ) from exc


def _coordinate(value: str, line: int, column: str) -> Decimal | None:
    """The file writes decimals with a comma ("28,4333")."""
    value = value.strip()
    if not value:
        return None
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(
            _("row %(line)d, %(column)s: “%(value)s” is not a number")
            % {"line": line, "column": column, "value": value}
        ) from exc


def _active(value: str, line: int, acronym: str, load: MissionLoad) -> bool:
    word = value.strip()
    if word.lower() not in {"yes", "no"}:
        raise ValidationError(
            _("row %(line)d, mission_isactive: “%(value)s” is neither Yes nor No")
            % {"line": line, "value": value}
        )
    if word not in {"Yes", "No"}:
        load.fixed.append(
            _("%(mission)s: active flag “%(word)s” read as %(read)s")
            % {"mission": acronym, "word": word, "read": word.capitalize()}
        )
    return word.lower() == "yes"


def _name(value: str, acronym: str, load: MissionLoad) -> str:
    name = value.strip()
    if name.strip('"') != name:
        name = name.strip('"').strip()
        load.fixed.append(
            _("%(mission)s: stray quotation marks removed from the name") % {"mission": acronym}
        )
    return name


def parse_mission(raw: dict[str, str], line: int, load: MissionLoad) -> dict[str, Any]:
    acronym = (raw.get("mission_acronym") or "").strip()
    if not acronym:
        raise ValidationError(_("row %(line)d, mission_acronym: missing") % {"line": line})
    longitude = _coordinate(raw.get("mission_longitude", ""), line, "mission_longitude")
    latitude = _coordinate(raw.get("mission_latitude", ""), line, "mission_latitude")
    if latitude is not None and longitude is not None and abs(latitude) > 90 >= abs(longitude):
        longitude, latitude = latitude, longitude
        load.fixed.append(
            _("%(mission)s: latitude beyond ±90°, so latitude and longitude swapped")
            % {"mission": acronym}
        )
    return {
        "acronym": acronym,
        "name": _name(raw.get("mission_name", ""), acronym, load),
        "lead_department": (raw.get("lead_department") or "").strip(),
        "is_active": _active(raw.get("mission_isactive", ""), line, acronym, load),
        "start_date": _date(raw.get("start_date", ""), line, "start_date"),
        "end_date": _date(raw.get("end_date", ""), line, "end_date"),
        "location": (raw.get("mission_location") or "").strip(),
        "longitude": longitude,
        "latitude": latitude,
        "coordinates_doubtful": False,
        "source": SOURCE,
        "source_updated_on": _date(raw.get("last_update", ""), line, "last_update"),
    }


def flag_swapped_pairs(missions: list[dict[str, Any]], load: MissionLoad) -> None:
    """Two rows at one place whose coordinates are each other's swap: one of them is wrong, and
    the file alone cannot say which, so both are flagged rather than guessed."""
    by_place: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mission in missions:
        if mission["location"] and mission["latitude"] is not None:
            by_place[mission["location"]].append(mission)
    for place, group in by_place.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if (
                    (a["longitude"], a["latitude"])
                    == (b["latitude"], b["longitude"])
                    != (
                        a["latitude"],
                        a["longitude"],
                    )
                ):
                    a["coordinates_doubtful"] = b["coordinates_doubtful"] = True
                    load.doubted.append(
                        _(
                            "%(a)s and %(b)s: latitude and longitude of %(place)s are swapped "
                            "in one of them; both flagged, stored as given"
                        )
                        % {"a": a["acronym"], "b": b["acronym"], "place": place}
                    )


def note_gaps(mission: dict[str, Any], load: MissionLoad) -> None:
    facts = {
        "mission": mission["acronym"],
        "end": mission["end_date"],
        "tail": mission["name"][-20:],
    }
    if mission["latitude"] is None or mission["longitude"] is None:
        load.doubted.append(_("%(mission)s: no coordinates") % facts)
    if mission["start_date"] is None:
        load.doubted.append(_("%(mission)s: no start date") % facts)
    if mission["is_active"] and mission["end_date"]:
        load.doubted.append(_("%(mission)s: marked active but has an end date %(end)s") % facts)
    if not mission["is_active"] and mission["end_date"] is None and mission["start_date"]:
        load.doubted.append(_("%(mission)s: marked closed but has no end date") % facts)
    if mission["name"].lower().endswith(TRUNCATED_ENDINGS):
        load.doubted.append(_("%(mission)s: the name looks truncated (“…%(tail)s”)") % facts)


def apply_corrections(
    missions: dict[str, dict[str, Any]], corrections: list[dict[str, str]], load: MissionLoad
) -> None:
    """Known facts the published file gets wrong, kept as data with their sources."""
    for number, row in enumerate(corrections, start=2):
        mission = missions.get(row["acronym"].strip())
        name = row["field"].strip()
        if mission is None:
            continue
        if name not in MISSION_FIELDS:
            raise ValidationError(
                _("corrections row %(number)d, field: unknown field “%(name)s”")
                % {"number": number, "name": name}
            )
        value: Any = row["value"].strip()
        if name == "is_active":
            value = value.lower() == "yes"
        elif name.endswith("_date"):
            value = _date(value, number, "value")
        load.fixed.append(
            _("%(mission)s: %(field)s “%(old)s” → “%(new)s” (%(source)s)")
            % {
                "mission": mission["acronym"],
                "field": name,
                "old": mission[name],
                "new": value,
                "source": row["source"].strip(),
            }
        )
        mission[name] = value


@transaction.atomic
def load_missions(
    *, rows: list[dict[str, str]], corrections: list[dict[str, str]] | None = None
) -> MissionLoad:
    """Create or update missions from the UN file; one bad row and nothing is stored."""
    load = MissionLoad()
    errors: list[str] = []
    parsed: dict[str, dict[str, Any]] = {}
    for line, raw in enumerate(rows, start=2):
        try:
            mission = parse_mission(raw, line, load)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if mission["acronym"] in parsed:
            errors.append(
                _("row %(line)d, mission_acronym: %(mission)s appears twice")
                % {"line": line, "mission": mission["acronym"]}
            )
        parsed[mission["acronym"]] = mission
    if errors:
        raise ValidationError(errors)
    flag_swapped_pairs(list(parsed.values()), load)
    apply_corrections(parsed, corrections or [], load)
    for mission in parsed.values():
        note_gaps(mission, load)
        _store(mission, load)
    return load


def _store(values: dict[str, Any], load: MissionLoad) -> None:
    mission = Mission.objects.filter(acronym=values["acronym"]).first()
    if mission is None:
        mission = Mission(acronym=values["acronym"])
        load.created += 1
    else:
        changed = [f for f in MISSION_FIELDS if getattr(mission, f) != values[f]]
        if not changed:
            load.unchanged += 1
            return
        load.updated += 1
    for name in MISSION_FIELDS:
        setattr(mission, name, values[name])
    mission.full_clean()
    mission.save()
