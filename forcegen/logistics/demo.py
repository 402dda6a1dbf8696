"""Demo logistics: Viet Nam's engineering company in UNISFA with its own heavy equipment (MOU
annex B, wet lease), the Level-2 hospital in UNMISS whose major equipment the UN provides (annex
B empty, as in the real MOU), rotation 4's arrival inspection with two unserviceable items and the
operational-readiness inspection after it, the rotation's load lists, and a UN payment that
differs from the estimate. The forming units of the units demo get their inventories here.

No COE dollar rate is entered: none could be confirmed (reference-facts §3), so the estimate
shows personnel at the dated rates and says which equipment and self-sustainment rates an
administrator still has to enter. Created once; running again changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from forcegen.core.models import Organisation
from forcegen.deployments.demo import ENGINEERS, HOSPITAL
from forcegen.deployments.models import Mission, Rotation
from forcegen.units import demo as units_demo
from forcegen.units.models import EquipmentKind, EquipmentLine, Unit
from forcegen.units.services import take_snapshots

from . import services
from .models import CoeCategory, CoeItem, Inspection, InventoryItem, Location, Payment
from .reimbursement import estimate

ITEM_SOURCE = "Demo: item named after the starter template; confirm in the COE Manual A/75/121 [U]"
# Template equipment category -> COE major-equipment category.
COE_CATEGORY = {
    "Earthmoving": "major-engineering",
    "Construction": "major-engineering",
    "Water": "major-engineering",
    "Vehicles": "major-vehicles",
    "Power": "major-electrical",
    "Medical": "major-medical",
    "Accommodation": "major-accommodation",
}
# Shipping weight (kg) and volume (m³) of one item, for the load lists [U, demo figures].
SHIPPING = {
    "Excavator (tracked)": (21000, 60),
    "Bulldozer": (18000, 45),
    "Grader": (15000, 50),
    "Wheel loader": (14000, 40),
    "Vibratory roller": (11000, 30),
    "Dump truck (10 t)": (11500, 42),
    "Cargo truck (5 t)": (7500, 35),
    "Utility vehicle (4x4)": (2500, 14),
    "Water tanker truck": (9000, 36),
    "Fuel tanker truck": (9000, 36),
    "Ambulance (4x4)": (3200, 18),
    "Low-bed trailer with tractor": (16000, 70),
    "Concrete mixer": (6000, 25),
    "Crane truck (25 t)": (26000, 65),
    "Generator 100 kVA": (2400, 8),
    "Water purification unit": (3000, 12),
    "Well-drilling rig": (12000, 40),
}
ARRIVAL = datetime.date(2025, 10, 6)
READINESS = datetime.date(2026, 4, 8)
BROKEN = {
    "Grader": "Hydraulic pump failed after the sea lift; repaired in the mission",
    "Dump truck (10 t)": "Cracked chassis found at unloading; repaired in the mission",
}


def _coe_items() -> dict[str, CoeItem]:
    """A catalogue item for each major-equipment line of the standing units' templates."""
    categories = {c.code: c for c in CoeCategory.objects.filter(annex=EquipmentKind.MAJOR)}
    lines = EquipmentLine.objects.filter(
        unit__name__in=[ENGINEERS, HOSPITAL], kind=EquipmentKind.MAJOR
    ).values_list("category", "item")
    items = {}
    for category, name in sorted(set(lines)):
        items[name], _created = CoeItem.objects.get_or_create(
            code=slugify(name)[:60],
            defaults={
                "category": categories[COE_CATEGORY.get(category, "major-engineering")],
                "name_en": name,
                "source": ITEM_SOURCE,
                "effective_from": datetime.date(2020, 1, 1),
            },
        )
    return items


def _stock(unit: Unit, share: float, prefix: str, catalogue: dict[str, CoeItem]) -> int:
    """Items for `share` of each required line; 1 in 7 under repair (as the units demo did)."""
    items = []
    for number, line in enumerate(EquipmentLine.objects.filter(unit=unit).order_by("pk")):
        weight, volume = SHIPPING.get(line.item, (None, None))
        for copy in range(round(line.quantity * share)):
            broken = (number + copy) % 7 == 3 and share < 1
            items.append(
                InventoryItem(
                    organisation_id=unit.organisation_id,
                    unit=unit,
                    line=line,
                    annex=line.kind,
                    coe_item=catalogue.get(line.item) if line.kind == EquipmentKind.MAJOR else None,
                    category=line.category,
                    item=line.item,
                    serial=f"{prefix}-{number + 1:02d}-{copy + 1:03d}",
                    condition="under_repair" if broken else "good",
                    serviceable=not broken,
                    weight_kg=weight,
                    volume_m3=volume,
                )
            )
    InventoryItem.objects.bulk_create(items)
    return len(items)


def _equip_forming_units() -> int:
    """The units demo's forming units, equipped as their readiness story says."""
    count = 0
    equipped = []
    for spec in units_demo.UNITS:
        unit = Unit.objects.filter(name=spec.name).first()
        if unit is None or unit.inventory.exists():
            continue
        prefix = "".join(w[0] for w in spec.name.split()[:3]).upper()
        count += _stock(unit, spec.equipment, prefix, {})
        equipped.append(unit)
    if equipped:
        take_snapshots(units=equipped, on=timezone.localdate())
    return count


def _engineers(unit: Unit, catalogue: dict[str, CoeItem]) -> None:
    """Own heavy equipment on annex B; rotation 4 inspected on arrival and six months later."""
    _stock(unit, 1.0, "EC", {k: v for k, v in catalogue.items() if k in SHIPPING})
    InventoryItem.objects.filter(unit=unit).update(location=Location.IN_MISSION)
    mission = Mission.objects.get(acronym="UNISFA")
    services.draft_mou(
        unit=unit,
        mission=mission,
        in_force_from=datetime.date(2022, 4, 1),
        reference="UN–Viet Nam MOU, engineering company, UNISFA (demo reference)",
    )
    rotation = Rotation.objects.filter(unit=unit, number=4).first()
    if rotation is None:
        return
    major = list(unit.inventory.filter(coe_item__isnull=False).order_by("pk"))
    first_of: dict[str, InventoryItem] = {}
    for item in major:
        first_of.setdefault(item.item, item)
    broken = {first_of[name].pk: reason for name, reason in BROKEN.items() if name in first_of}
    services.record_inspection(
        unit=unit,
        rotation=rotation,
        kind=Inspection.Kind.ARRIVAL,
        on=ARRIVAL,
        inspectors="UNISFA COE inspection team with the contingent's logistics officer",
        findings=[
            services.FindingIn(
                item=item, serviceable=item.pk not in broken, deficiency=broken.get(item.pk, "")
            )
            for item in major
        ],
    )
    services.record_inspection(
        unit=unit,
        rotation=rotation,
        kind=Inspection.Kind.OPERATIONAL_READINESS,
        on=READINESS,
        inspectors="UNISFA COE inspection team",
        notes="The grader and the dump truck found unserviceable on arrival are repaired.",
        findings=[services.FindingIn(item=item) for item in major],
    )
    _load_lists(rotation, major)
    _payment(rotation)


def _load_lists(rotation: Rotation, major: list[InventoryItem]) -> None:
    sea = services.save_load_list(
        rotation=rotation,
        name="Sea lift: Hai Phong – Port Sudan",
        mode="sea",
        departs_on=datetime.date(2025, 8, 12),
        notes="Heavy equipment, then by road to Abyei.",
    )
    for item in major:
        services.add_load_entry(load_list=sea, item=item, container="Ro-Ro deck")
    for number in range(1, 9):
        services.add_load_entry(
            load_list=sea,
            container=f"20 ft container C-{number:02d}",
            description="Self-sustainment stores (tentage, catering, field defence stores)",
            weight_kg=Decimal("14000"),
            volume_m3=Decimal("33.2"),
        )
    air = services.save_load_list(
        rotation=rotation,
        name="Flight: Hanoi – Abyei (main body)",
        mode="air",
        departs_on=datetime.date(2025, 9, 22),
        passengers=184,
    )
    services.add_load_entry(
        load_list=air,
        description="Medical and communications stores",
        weight_kg=Decimal("1200"),
        volume_m3=Decimal("6.5"),
    )


def _payment(rotation: Rotation) -> None:
    """A quarter's payment two person-months below the estimate, explained in its notes."""
    start, end = datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)
    expected = estimate(rotation=rotation, start=start, end=end).total
    services.record_payment(
        rotation=rotation,
        period_from=start,
        period_to=end,
        received_on=datetime.date(2026, 3, 16),
        amount=expected - 2 * Decimal("1448.00"),
        reference="UN troop-cost payment Q4 2025 (demo)",
        notes="The UN counted two fewer members in December than the nominal roll: to reconcile.",
    )


def _hospital(unit: Unit) -> None:
    """Contributor-owned self-sustainment only: the UN provides the hospital's major equipment."""
    _stock(unit, 1.0, "L2H", {})
    InventoryItem.objects.filter(unit=unit, annex=EquipmentKind.MAJOR).delete()
    mou = services.draft_mou(
        unit=unit,
        mission=Mission.objects.get(acronym="UNMISS"),
        in_force_from=datetime.date(2018, 10, 1),
        reference="UN–Viet Nam MOU, Level-2 hospital, signed 26 Sep 2018, in force 1 Oct 2018",
    )
    mou.notes = "The UN provides the major equipment (annex B is empty), as in the real MOU."
    mou.save(update_fields=["notes"])


def seed(*, scale: int = 0) -> str:
    vn = Organisation.objects.filter(code="vn-dpko").first()
    forming = _equip_forming_units()
    if vn is None:
        return f"forming units' items: {forming}"
    catalogue = _coe_items()
    standing = {
        u.name: u for u in Unit.objects.filter(organisation=vn, name__in=[ENGINEERS, HOSPITAL])
    }
    if ENGINEERS in standing and not standing[ENGINEERS].inventory.exists():
        _engineers(standing[ENGINEERS], catalogue)
    if HOSPITAL in standing and not standing[HOSPITAL].inventory.exists():
        _hospital(standing[HOSPITAL])
    return (
        f"forming units' items: {forming}, inventory: {InventoryItem.objects.count()}, "
        f"inspections: {Inspection.objects.count()}, payments: {Payment.objects.count()}"
    )
