"""Forms of the logistics pages; the writes go through services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forcegen.deployments.models import Mission, Rotation
from forcegen.units.models import EquipmentKind, EquipmentLine, Unit

from .models import (
    CoeCategory,
    CoeItem,
    CoeRate,
    Inspection,
    InventoryItem,
    LoadList,
    LogisticsPolicy,
    MissionFactor,
    MouEquipment,
    MouPersonnel,
    MouSelfSustainment,
    PersonnelRate,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = [("", _("Any"))]


class InventoryItemForm(forms.ModelForm[InventoryItem]):
    class Meta:
        model = InventoryItem
        fields = [
            "line",
            "annex",
            "coe_item",
            "category",
            "item",
            "serial",
            "condition",
            "serviceable",
            "location",
            "weight_kg",
            "volume_m3",
            "remarks",
        ]
        help_texts = {
            "line": _("The required line it counts towards; category and item are taken from it."),
        }

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = EquipmentLine.objects.filter(unit=unit)  # type: ignore[attr-defined]
        self.fields["coe_item"].queryset = CoeItem.objects.select_related("category")  # type: ignore[attr-defined]
        self.fields["category"].required = False
        self.fields["item"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("line") and not (data.get("category") and data.get("item")):
            self.add_error(None, _("Choose the line it counts towards, or give category and item."))
        return data


class InspectionForm(forms.Form):
    """The inspection, and for each item of the unit what was found (blank: not inspected)."""

    FOUND = [
        ("", _("not inspected")),
        ("serviceable", _("present and serviceable")),
        ("unserviceable", _("present, unserviceable")),
        ("missing", _("missing")),
    ]

    kind = forms.ChoiceField(label=_("Kind"), choices=Inspection.Kind.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    rotation = forms.ModelChoiceField(
        queryset=Rotation.objects.none(), label=_("Rotation"), required=False
    )
    inspectors = forms.CharField(label=_("Inspectors"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, rotations: Any, items: list[InventoryItem], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rotation"].queryset = rotations  # type: ignore[attr-defined]
        self.items = items
        for item in items:
            self.fields[f"found_{item.pk}"] = forms.ChoiceField(
                label=str(item), choices=self.FOUND, required=False, initial="serviceable"
            )
            self.fields[f"deficiency_{item.pk}"] = forms.CharField(
                label=_("Deficiency"), max_length=300, required=False
            )

    def item_rows(self) -> list[tuple[InventoryItem, Any, Any]]:
        return [(i, self[f"found_{i.pk}"], self[f"deficiency_{i.pk}"]) for i in self.items]

    def header_fields(self) -> list[Any]:
        return [self[name] for name in ("kind", "on", "rotation", "inspectors", "notes")]


class LoadListForm(forms.ModelForm[LoadList]):
    class Meta:
        model = LoadList
        fields = [
            "name",
            "mode",
            "direction",
            "departs_on",
            "passengers",
            "baggage_kg_per_person",
            "notes",
        ]
        widgets = {"departs_on": DATE}


class ItemChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Inventory items by their name in the reader's language and their serial number."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} {obj.serial}".strip()


class LoadEntryForm(forms.Form):
    item = ItemChoiceField(
        queryset=InventoryItem.objects.none(),
        label=_("Inventory item"),
        required=False,
        help_text=_("Its weight and volume are taken unless you give them."),
    )
    container = forms.CharField(label=_("Container"), max_length=60, required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    weight_kg = forms.DecimalField(label=_("Total weight (kg)"), min_value=0, required=False)
    volume_m3 = forms.DecimalField(label=_("Total volume (m³)"), min_value=0, required=False)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("item") and not data.get("description"):
            self.add_error("description", _("Describe the load, or choose an inventory item."))
        return data


class MouDraftForm(forms.Form):
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.order_by("-is_active", "acronym"), label=_("Mission")
    )
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class PaymentForm(forms.Form):
    period_from = forms.DateField(label=_("Period from"), widget=DATE)
    period_to = forms.DateField(label=_("Period to"), widget=DATE)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (US$)"), min_value=0, decimal_places=2)
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Reference data an administrator keeps --------------------------------------------------------

DATED = ["effective_from", "effective_to", "evidence", "source"]
DATED_WIDGETS = {"effective_from": DATE, "effective_to": DATE}


class CoeRateForm(forms.ModelForm[CoeRate]):
    class Meta:
        model = CoeRate
        fields = [
            "item",
            "lease_type",
            "category",
            "monthly_rate",
            "manual_edition",
            *DATED,
            "notes",
        ]
        widgets = DATED_WIDGETS
        help_texts = {
            "item": _(
                "A major-equipment item (with its lease), or else a self-sustainment category."
            ),
            "source": _("Where the figure is read: document symbol, table and page."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = CoeItem.objects.select_related("category")  # type: ignore[attr-defined]
        self.fields["category"].queryset = CoeCategory.objects.filter(  # type: ignore[attr-defined]
            annex=EquipmentKind.SELF_SUSTAINMENT
        )
        self.fields["source"].required = True


class PersonnelRateForm(forms.ModelForm[PersonnelRate]):
    class Meta:
        model = PersonnelRate
        fields = ["monthly_rate", *DATED, "notes"]
        widgets = DATED_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True


class MissionFactorForm(forms.ModelForm[MissionFactor]):
    class Meta:
        model = MissionFactor
        fields = ["mission", "kind", "percent", *DATED]
        widgets = DATED_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = Mission.objects.order_by("acronym")  # type: ignore[attr-defined]
        self.fields["source"].required = True


class LogisticsPolicyForm(forms.ModelForm[LogisticsPolicy]):
    class Meta:
        model = LogisticsPolicy
        fields = ["readiness_inspection_months", "reminder_days", "air_baggage_kg"]


# --- MOU annex lines a logistics officer keeps ----------------------------------------------------


class MouPersonnelForm(forms.ModelForm[MouPersonnel]):
    class Meta:
        model = MouPersonnel
        fields = ["category", "rank", "strength"]


class MouEquipmentForm(forms.ModelForm[MouEquipment]):
    class Meta:
        model = MouEquipment
        fields = ["item", "quantity", "lease_type"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = CoeItem.objects.select_related("category")  # type: ignore[attr-defined]


class MouSelfSustainmentForm(forms.ModelForm[MouSelfSustainment]):
    class Meta:
        model = MouSelfSustainment
        fields = ["category", "provided_by"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = CoeCategory.objects.filter(  # type: ignore[attr-defined]
            annex=EquipmentKind.SELF_SUSTAINMENT
        )
