"""Logistics: the COE catalogue and rates, inventory, inspections, load lists, MOUs, payments."""

from .catalogue import (
    CoeCategory,
    CoeItem,
    CoeRate,
    Evidence,
    LeaseType,
    MissionFactor,
    PersonnelRate,
)
from .inventory import (
    Condition,
    Finding,
    Inspection,
    InventoryItem,
    InventoryUpload,
    Location,
    LogisticsPolicy,
    with_inventory_counts,
)
from .mou import (
    Mou,
    MouEquipment,
    MouPersonnel,
    MouSelfSustainment,
    Payment,
    PersonnelCategory,
    ProvidedBy,
)
from .movements import LoadEntry, LoadList

__all__ = [
    "CoeCategory",
    "CoeItem",
    "CoeRate",
    "Condition",
    "Evidence",
    "Finding",
    "Inspection",
    "InventoryItem",
    "InventoryUpload",
    "LeaseType",
    "LoadEntry",
    "LoadList",
    "Location",
    "LogisticsPolicy",
    "MissionFactor",
    "Mou",
    "MouEquipment",
    "MouPersonnel",
    "MouSelfSustainment",
    "Payment",
    "PersonnelCategory",
    "PersonnelRate",
    "ProvidedBy",
    "with_inventory_counts",
]
