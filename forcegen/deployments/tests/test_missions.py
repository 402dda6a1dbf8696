"""Loading the UN missions file: its quirks are repaired or flagged, and nothing is half-stored."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from forcegen.deployments.mission_file import load_missions, read_rows
from forcegen.deployments.models import Mission

UN_FILE = (
    Path(settings.BASE_DIR)
    / "forcegen/deployments/data/un_pko_missions_psdata_DPPADPOSS-PKO_2024-02-19.csv"
)


def load_real_file():
    out = StringIO()
    call_command("load_missions", str(UN_FILE), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_real_file_loads_with_its_quirks_handled():
    report = load_real_file()
    assert Mission.objects.count() == 81
    assert "missions created: 81, updated: 0, unchanged: 0" in report

    unmiss = Mission.objects.get(acronym="UNMISS")
    assert (unmiss.location, unmiss.start_date, unmiss.is_active) == (
        "Juba",
        datetime.date(2011, 7, 8),
        True,
    )
    assert (unmiss.longitude, unmiss.latitude) == (
        Decimal("31.6000"),
        Decimal("4.8500"),
    )  # decimal commas
    assert Mission.objects.get(acronym="UNISFA").start_date == datetime.date(2011, 6, 27)
    assert Mission.objects.get(acronym="MINUSCA").location == "Bangui"

    assert Mission.objects.get(acronym="MINUSTAH").is_active is False
    assert "fixed: MINUSTAH: active flag “NO” read as No" in report

    minusma = Mission.objects.get(acronym="MINUSMA")
    assert (minusma.is_active, minusma.end_date) == (False, datetime.date(2023, 12, 31))
    assert "Security Council resolution 2690 (2023)" in report

    assert Mission.objects.get(acronym="DOMREP").name.endswith("in the Dominican Republic")

    doubtful = set(
        Mission.objects.filter(coordinates_doubtful=True).values_list("acronym", flat=True)
    )
    assert {
        "UNOSOM",
        "UNOSOM I",
        "UNOSOM II",
        "UNAVEM",
        "UNAVEM I",
        "UNAVEM II",
        "UNEF",
        "UNEF I",
    } <= doubtful
    assert "UNMISS" not in doubtful
    assert "doubt: UNTSO: no coordinates" in report


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    load_real_file()
    assert "missions created: 0, updated: 0, unchanged: 81" in load_real_file()


@pytest.mark.django_db
def test_a_bad_row_stores_nothing_and_names_row_and_column():
    rows = read_rows(UN_FILE.read_bytes())
    rows[3]["start_date"] = "31/12/1990"
    rows[5]["mission_latitude"] = "north"
    with pytest.raises(ValidationError) as excinfo:
        load_missions(rows=rows)
    messages = excinfo.value.messages
    assert "row 5, start_date: “31/12/1990” is not a date (YYYY-MM-DD)" in messages
    assert "row 7, mission_latitude: “north” is not a number" in messages
    assert Mission.objects.count() == 0


@pytest.mark.django_db
def test_command_fails_cleanly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_missions", str(tmp_path / "nope.csv"))
