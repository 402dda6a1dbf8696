from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from forcegen.logistics.models import CoeCategory, CoeItem, PersonnelRate
from forcegen.logistics.reference import load_coe_categories, load_coe_items, load_personnel_rates


class Command(BaseCommand):
    help = (
        "Load the shipped COE reference files again (data/*.csv: categories, major-equipment "
        "items with their names in en/lo/vi/fr, personnel rates) after editing them; rows are "
        "matched on their code or start date, so loading twice changes nothing."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        categories = load_coe_categories(CoeCategory)
        items = load_coe_items(CoeItem, CoeCategory)
        rates = load_personnel_rates(PersonnelRate)
        self.stdout.write(f"{categories} categories, {items} items, {rates} personnel rates.")
