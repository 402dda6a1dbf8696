"""The demo: Viet Nam's rotations in formation and Lao units at different levels, once."""

import pytest
from django.core.management import call_command

from forcegen.units import demo
from forcegen.units.models import ReadinessSnapshot, Slot, Unit, UnitTemplate


@pytest.mark.django_db
def test_seed_demo_adds_units_once_with_a_trend():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    units = {u.name: u for u in Unit.objects.select_related("organisation")}
    assert set(units) >= {spec.name for spec in demo.UNITS}
    l2h = units["Level-2 Field Hospital — rotation 8"]
    assert l2h.slots.count() == 63
    # Most seats: the demo roster has no radiographers, pharmacists, dentists, cooks, … yet.
    assert l2h.slots.filter(person__isnull=False).count() >= 40
    assert units["Engineering Company — rotation 5"].slots.count() == 184
    # Lao units from Viet Nam's shared templates use Lao copies of the requirements.
    lao = units["Lao Demining Team"]
    assert lao.organisation.code == "la-pko"
    assert set(lao.slots.values_list("requirement__organisation__code", flat=True)) == {"la-pko"}
    assert {u.pcrs_level for u in units.values() if u.organisation.code == "la-pko"} == {
        "none",
        "1",
        "2",
    }
    assert (
        not Slot.objects.filter(person__isnull=False, overridden_at__isnull=True)
        .exclude(override_justification="")
        .exists()
    )
    assert ReadinessSnapshot.objects.filter(unit=l2h).count() == 7  # six past, one today
    counts = (Unit.objects.count(), Slot.objects.count(), ReadinessSnapshot.objects.count())
    templates = UnitTemplate.objects.count()
    assert demo.seed().startswith("units created: 0")
    assert counts == (Unit.objects.count(), Slot.objects.count(), ReadinessSnapshot.objects.count())
    assert templates == UnitTemplate.objects.count() == 6
