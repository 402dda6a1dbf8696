"""Readiness of a set of units, decided in SQL: score, breakdown and a gap list in plain words.

Query plan for any number of units (`readiness_for(units)`):

1. the organisations' readiness policies (weights, women targets) ........................... 1
2. slot counts per unit and position: seats, filled, filled by women ......................... 1
3. the requirements the slots use, with their children (credentials, languages, courses) .. 1 + c
4. per distinct requirement with a filled slot: its holders grouped by unit, position and
   which eligibility rules they pass ............................................................ R
5. equipment lines with held and serviceable counts .......................................... 1
6. when some units are deployed: their members in the mission today (`in_mission`) .......... 1

c is the number of requirement child tables (2 from personnel, +1 with the training app) and R
the number of distinct requirements whose slots are filled: units made from the same templates
share them, so the count does not grow with the number of units. No query runs per unit or per
slot.

Step 4 (`eligibility_counts`) evaluates each rule's own SQL condition (`Rule.condition`, the
personnel rules engine: nothing is re-implemented here) once per holder, over the holder's unit
period; units with different periods are branches of the same query, not more queries. A holder
is eligible when every rule passes, which is exactly
`Person.objects.eligible_for(requirement, period)` (the AND of the same conditions; a test checks
that they agree, and agree with `eligibility()` person by person). Counting the rules one by one
in the same pass is what gives the gap list its reasons ("14 people lack a valid certificate for
CPTM") without a second pass.

Score: the weighted mean (weights from the organisation's `ReadinessPolicy`: data an
administrator edits; defaults 20/30/15/10/25) of the components that apply to the unit, each a
ratio from 0 to 1:

- staffing: slots filled / slots;
- qualified: slots filled by eligible people / slots;
- training: holders who pass the required-courses rule / holders (with the training app, which
  registers that rule);
- women: (women's share of the holders / the unit's women target), capped at 1;
- equipment: sum over lines of min(serviceable held, required) / sum of required quantities.

A component that does not apply (no slots filled yet, no equipment required) is left out and the
other weights count in full.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import (
    Count,
    Prefetch,
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy

from forcegen.core.database import without_jit
from forcegen.core.kept import KeptUntilWrite, keeping
from forcegen.personnel.eligibility import RULES, Period, Rule, eligibility
from forcegen.personnel.models import Person, Requirement

from .eligibility_counts import eligibility_counts, failing_slots
from .gaps import Gap, _, failure_key, gaps_of, serviceable_count
from .in_mission import InMission, in_mission
from .models import EquipmentLine, PcrsLevel, ReadinessPolicy, Slot, Unit, Visit

COMPONENTS = ("staffing", "qualified", "training", "women", "equipment")
COMPONENT_LABELS = {
    "staffing": gettext_lazy("Slots filled"),
    "qualified": gettext_lazy("Filled by eligible people"),
    "training": gettext_lazy("Required training complete"),
    "women": gettext_lazy("Women against the target"),
    "equipment": gettext_lazy("Equipment held and serviceable"),
}
TRAINING_APP = "forcegen.training"


def is_training_rule(rule: Rule) -> bool:
    """Rules the training app registers (required courses) make the "training" component."""
    return type(rule).__module__.startswith(TRAINING_APP)


def requirement_children() -> list[models.ManyToOneRel]:
    """Rows that belong to a requirement (deleted with it): RequiredCredential, RequiredLanguage,
    and RequiredCourse when the training app is installed. Found through the reverse relations, so
    an app that adds another kind is copied and prefetched without a change here."""
    return [
        rel
        for rel in Requirement._meta.related_objects
        if isinstance(rel, models.ManyToOneRel)
        and not isinstance(rel, models.OneToOneRel)
        and rel.on_delete is models.CASCADE
    ]


def requirement_prefetches() -> list[Prefetch[Any]]:
    prefetches = []
    for rel in requirement_children():
        model = rel.related_model
        assert isinstance(model, type)
        joined = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.name != rel.field.name and not f.null
        ]
        queryset = model._default_manager.order_by("pk")
        if joined:  # select_related() without names would follow every foreign key
            queryset = queryset.select_related(*joined)
        prefetches.append(Prefetch(rel.get_accessor_name() or "", queryset=queryset))
    return prefetches


@dataclass
class PositionLine:
    """Seats of one position title in one unit, and how they are filled."""

    title: str
    requirement_id: int
    total: int = 0
    filled: int = 0
    women: int = 0
    eligible: int = 0


@dataclass
class UnitReadiness:
    unit: Unit
    policy: ReadinessPolicy
    positions: dict[tuple[str, int], PositionLine] = field(default_factory=dict)
    failures: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    training_failed: int = 0
    training_applies: bool = False
    equipment: list[EquipmentLine] = field(default_factory=list)
    in_mission: InMission | None = None  # a deployed unit's members in the mission
    # The slots' requirements, with what the rules read of them, by id (shared by the units).
    requirements: dict[int, Requirement] = field(default_factory=dict)

    @property
    def slots(self) -> int:
        return sum(p.total for p in self.positions.values())

    @property
    def filled(self) -> int:
        return sum(p.filled for p in self.positions.values())

    @property
    def eligible(self) -> int:
        return sum(p.eligible for p in self.positions.values())

    @property
    def women(self) -> int:
        return sum(p.women for p in self.positions.values())

    @property
    def not_eligible(self) -> int:
        return self.filled - self.eligible

    @property
    def women_share(self) -> float | None:
        return self.women / self.filled if self.filled else None

    @property
    def equipment_required(self) -> int:
        return sum(line.quantity for line in self.equipment)

    @property
    def equipment_ready(self) -> int:
        """Serviceable items counted up to each line's required quantity."""
        return sum(min(serviceable_count(line), line.quantity) for line in self.equipment)

    @property
    def components(self) -> dict[str, float | None]:
        slots, filled = self.slots, self.filled
        target = self.unit.women_target / 100
        share = self.women_share
        return {
            "staffing": filled / slots if slots else None,
            "qualified": self.eligible / slots if slots else None,
            "training": (filled - self.training_failed) / filled
            if filled and self.training_applies
            else None,
            "women": min(1.0, share / target) if share is not None and target > 0 else None,
            "equipment": self.equipment_ready / self.equipment_required
            if self.equipment_required
            else None,
        }

    @property
    def score(self) -> int:
        weights = self.policy.weights
        parts = [(weights[k], v) for k, v in self.components.items() if v is not None]
        total = sum(w for w, _v in parts)
        if not total:
            return 0
        return round(100 * sum(w * v for w, v in parts) / total)

    @property
    def renewal_due(self) -> datetime.date | None:
        return self.unit.renewal_due(self.policy)

    @cached_property
    def gaps(self) -> list[Gap]:
        """Every gap, by kind: empty slots, eligibility, women, equipment (read after
        `readiness_for` has filled the counts)."""
        return gaps_of(self)

    def top_gaps(self, count: int = 3) -> list[Gap]:
        """The biggest gap of each kind first, then the next biggest: a board line's summary.
        The "not eligible" total is left out: its reasons say more."""
        firsts: dict[str, Gap] = {}
        gaps = [g for g in self.gaps if g.kind != "not_eligible"]
        for gap in gaps:
            if gap.kind not in firsts or gap.count > firsts[gap.kind].count:
                firsts[gap.kind] = gap
        chosen = {id(g) for g in firsts.values()}
        rest = sorted((g for g in gaps if id(g) not in chosen), key=lambda g: -g.count)
        return [*firsts.values(), *rest][:count]

    def component_rows(self) -> list[dict[str, Any]]:
        """The breakdown as the board and the unit page show it: label, percent, counts."""
        components = self.components
        training_ok = self.filled - self.training_failed
        share = self.women_share
        details = {
            "staffing": _("%(filled)d of %(slots)d slots")
            % {"filled": self.filled, "slots": self.slots},
            "qualified": _("%(eligible)d of %(slots)d slots")
            % {"eligible": self.eligible, "slots": self.slots},
            "training": _("%(ok)d of %(filled)d holders")
            % {"ok": training_ok, "filled": self.filled},
            "women": _("%(share)d%% of holders; target %(target)d%%")
            % {"share": round(100 * (share or 0)), "target": self.unit.women_target},
            "equipment": _("%(ready)d of %(required)d items")
            % {"ready": self.equipment_ready, "required": self.equipment_required},
        }
        return [
            {
                "key": key,
                "label": COMPONENT_LABELS[key],
                "percent": None if components[key] is None else round(100 * (components[key] or 0)),
                "weight": self.policy.weights[key],
                "detail": details[key],
            }
            for key in COMPONENTS
        ]

    def breakdown(self) -> dict[str, Any]:
        """What a snapshot keeps (JSON): the components and the counts behind them."""
        return {
            "components": {
                k: None if v is None else round(v, 4) for k, v in self.components.items()
            },
            "slots": self.slots,
            "filled": self.filled,
            "eligible": self.eligible,
            "women": self.women,
            "training_failed": self.training_failed if self.training_applies else None,
            "equipment_required": self.equipment_required,
            "equipment_ready": self.equipment_ready,
            "gaps": [g.as_dict() for g in self.gaps[:10]],
        }


# Boards and unit pages are read far more often than anything changes (see `core.kept`).
_KEPT_READINESS: KeptUntilWrite[dict[int, UnitReadiness]] = KeptUntilWrite(size=64)
_KEPT_REASONS: KeptUntilWrite[dict[int, list[str]]] = KeptUntilWrite(size=256)


def readiness_for(units: Sequence[Unit]) -> dict[int, UnitReadiness]:
    """Readiness of each unit, by unit id, in the number of queries described above (or one,
    when it was computed since the last write). Each result holds the caller's own unit."""
    if not units:
        return {}
    kept = _KEPT_READINESS.get(tuple(sorted(u.pk for u in units)), lambda: _with_gaps(units))
    return {unit.pk: _for_unit(kept[unit.pk], unit) for unit in units}


def _with_gaps(units: Sequence[Unit]) -> dict[int, UnitReadiness]:
    """Readiness with its gaps worked out once, so that requests given it share them too."""
    result = _readiness(units)
    if keeping():
        for readiness in result.values():
            readiness.gaps  # noqa: B018
    return result


def _for_unit(kept: UnitReadiness, unit: Unit) -> UnitReadiness:
    readiness = dataclasses.replace(kept, unit=unit)
    if "gaps" in kept.__dict__:
        readiness.__dict__["gaps"] = kept.gaps
    return readiness


def _readiness(units: Sequence[Unit]) -> dict[int, UnitReadiness]:
    by_id = {unit.pk: unit for unit in units}
    policies = ReadinessPolicy.objects.for_organisations({u.organisation_id for u in units})
    training_rules = {i for i, rule in enumerate(RULES) if is_training_rule(rule)}
    result = {
        unit.pk: UnitReadiness(
            unit=unit,
            policy=policies[unit.organisation_id],
            training_applies=bool(training_rules),
        )
        for unit in units
    }
    rows = (
        Slot.objects.filter(unit_id__in=list(by_id))
        .values("unit_id", "title", "requirement_id")
        .annotate(
            total=Count("pk"),
            filled=Count("person_id"),
            women=Count("pk", filter=Q(person__sex=Person.Sex.FEMALE)),
        )
        .order_by()
    )
    used: set[int] = set()
    periods: dict[int, dict[Period, set[int]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        unit_id, requirement_id = row["unit_id"], row["requirement_id"]
        result[unit_id].positions[(row["title"], requirement_id)] = PositionLine(
            title=row["title"],
            requirement_id=requirement_id,
            total=row["total"],
            filled=row["filled"],
            women=row["women"],
        )
        used.add(requirement_id)
        if row["filled"]:
            periods[requirement_id][by_id[unit_id].period].add(unit_id)

    requirements = {
        r.pk: r
        for r in Requirement.objects.filter(pk__in=used)
        .select_related("specialty")
        .prefetch_related(*requirement_prefetches())
    }
    for readiness in result.values():
        readiness.requirements = requirements
    filled = [r for r in requirements.values() if r.pk in periods]
    counted: list[dict[str, Any]] = []
    if filled:
        with without_jit():
            counted = eligibility_counts(filled, periods)
    by_pk = {r.pk: r for r in filled}
    keys: dict[tuple[int, int, str], tuple[str, str, str]] = {}
    for row in counted:
        readiness = result[row["unit_slots__unit_id"]]
        requirement_id = row["unit_slots__requirement_id"]
        title, count, mask = row["unit_slots__title"], row["count"], row["failed"]
        if not mask:
            readiness.positions[(title, requirement_id)].eligible += count
            continue
        for index in range(len(RULES)):
            if not mask & (1 << index):
                continue
            key = keys.get((requirement_id, index, title))
            if key is None:
                key = failure_key(RULES[index], by_pk[requirement_id], title)
                keys[(requirement_id, index, title)] = key
            readiness.failures[key] += count
            if index in training_rules:
                readiness.training_failed += count

    equipment = (
        EquipmentLine.objects.filter(unit_id__in=list(by_id))
        .with_item_counts()
        .order_by("unit_id", "kind", "order", "pk")
    )
    for line in equipment:
        result[line.unit_id].equipment.append(line)
    for unit_id, strength in in_mission(units, timezone.localdate()).items():
        result[unit_id].in_mission = strength
    return result


# --- PCRS: what stands between a unit and its next level -------------------------------------


def next_level_blockers(
    readiness: UnitReadiness, visits: Iterable[Visit], today: datetime.date
) -> tuple[PcrsLevel | None, list[str]]:
    """The next PCRS level and, in plain words, what blocks it (from the gap list and visits)."""
    unit = readiness.unit
    target = PcrsLevel.after(unit.pcrs_level)
    blockers: list[str] = []
    satisfactory = {v.kind for v in visits if v.outcome == Visit.Outcome.SATISFACTORY}
    due = unit.renewal_due(readiness.policy)
    if due is not None and due < today:
        blockers.append(_("The pledge renewal was due on %(due)s") % {"due": due.isoformat()})
    if target is None:
        return None, blockers
    if target == PcrsLevel.LEVEL_1:
        if not readiness.slots:
            blockers.append(_("The table of organisation has no positions"))
        if not any(line.kind == "major" for line in readiness.equipment):
            blockers.append(_("The major equipment list is empty"))
        blockers.append(
            _(
                "Register the pledge with the UN: note verbale, table of organisation, major "
                "equipment list and self-sustainment list (the pledge package)"
            )
        )
    elif target == PcrsLevel.LEVEL_2:
        if Visit.Kind.AAV not in satisfactory:
            blockers.append(_("No satisfactory assessment and advisory visit (AAV) recorded"))
    else:
        blockers.extend(g.text for g in readiness.gaps if g.kind != "women")
        if target == PcrsLevel.RDL and Visit.Kind.RDL_VERIFICATION not in satisfactory:
            blockers.append(_("No satisfactory RDL verification visit recorded"))
    return target, blockers


# --- One unit's page: each filled slot explained, and the trend ------------------------------


def explain_slots(readiness: UnitReadiness, slots: Sequence[Slot]) -> dict[int, list[str]]:
    """Why each holder who fails their slot's requirement fails it (a slot not in the result:
    eligible), in a fixed number of queries. Which holders fail, and which rules, is one SQL
    query; only they are read with everything the rules need, and only the rules they fail
    are put into words (the others pass: the SQL is the same rules' own condition)."""
    return _KEPT_REASONS.get(readiness.unit.pk, lambda: _reasons(readiness, slots))


def _reasons(readiness: UnitReadiness, slots: Sequence[Slot]) -> dict[int, list[str]]:
    unit = readiness.unit
    filled = [s for s in slots if s.person_id is not None]
    if not filled:
        return {}
    requirements = readiness.requirements
    used = [requirements[pk] for pk in {s.requirement_id for s in filled}]
    with without_jit():
        failing = failing_slots(used, {r.pk: {unit.period: {unit.pk}} for r in used})
    failed = [s for s in filled if s.pk in failing]
    extra = ["certificates"] if apps.is_installed(TRAINING_APP) else []
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in={s.person_id for s in failed})
        .for_eligibility()
        .prefetch_related(*extra)
    }
    return {
        slot.pk: eligibility(
            people[slot.person_id],
            requirements[slot.requirement_id],
            unit.period,
            skip=_passed(failing[slot.pk]),
        ).failures
        for slot in failed
        if slot.person_id is not None
    }


def _passed(mask: int) -> tuple[type, ...]:
    """The rules a failure mask says were passed."""
    return tuple(type(rule) for index, rule in enumerate(RULES) if not mask & (1 << index))
