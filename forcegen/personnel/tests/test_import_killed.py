"""An import killed with SIGKILL mid-write leaves the roster as it was or complete, never half
written, and no uploaded roster on disk once orphans are removed; a failed upload leaves none."""

import importlib
import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from forcegen.personnel import tasks
from forcegen.personnel.models import RosterImport

REPO = Path(settings.BASE_DIR)
ROWS = 1500


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        **kwargs,
    )


@pytest.fixture
def fresh_site(tmp_path):
    """A migrated SQLite site of its own (a subprocess cannot see the test database)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORCEGEN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        FORCEGEN_DEMO="1",
        FORCEGEN_DATA_DIR=str(tmp_path),
        FORCEGEN_MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from forcegen.core.models import Organisation as O;"
        "from forcegen.personnel.services import load_demo_ranks;"
        "o = O.objects.create(code='k9', name_native='K', name_en='K', country='VNM',"
        " kind=O.Kind.NATIONAL_DEPARTMENT); load_demo_ranks(o, 'VNM')",
    )
    sys.path.insert(0, str(REPO))
    # The benchmark's generator of realistic rosters (mixed scripts, ranks and date formats).
    build_xlsx = importlib.import_module("benchmarks.personnel_import").build_xlsx

    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(build_xlsx(ROWS))
    return env, tmp_path, roster


def counts(env):
    out = (
        manage(
            env,
            "shell",
            "-c",
            "from forcegen.personnel.models import Person, RosterImport;"
            "print(Person.objects.count(), RosterImport.objects.count())",
        )
        .stdout.splitlines()[-1]
        .split()
    )
    return int(out[0]), int(out[1])


def test_kill_9_mid_import_leaves_nothing_half_written_and_no_orphan(fresh_site):
    env, root, roster = fresh_site
    media = root / "media"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_personnel", str(roster), "--org", "k9"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Killed the moment the roster file is on disk: rows written, transaction not committed.
    while process.poll() is None and not any(media.rglob("*.xlsx")):
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    people, records = counts(env)
    assert (people, records) in {(0, 0), (ROWS, 1)}
    manage(env, "remove_orphan_files", "--min-age-minutes", "0")
    assert len(list(media.rglob("*.xlsx"))) == records


def test_a_failed_upload_removes_its_file(orgs, cast, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"

    def broken(*args, **kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(tasks, "check_roster", SimpleNamespace(enqueue=broken))
    upload = SimpleUploadedFile("roster.csv", b"service_number\n")
    with pytest.raises(RuntimeError):
        tasks.submit_roster(organisation=orgs["la"], user=cast["la_admin"], upload=upload)
    assert RosterImport.objects.count() == 0
    assert list((tmp_path / "media").rglob("*.csv")) == []


def test_the_command_removes_only_files_no_record_names(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path
    orphan = tmp_path / "roster-imports" / "2026" / "12" / "left.xlsx"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"PK")
    kept = tmp_path / "roster-imports" / "2026" / "12" / "kept.xlsx"
    kept.write_bytes(b"PK")
    RosterImport.objects.create(
        organisation=__import__(
            "forcegen.core.models", fromlist=["Organisation"]
        ).Organisation.objects.create(code="x", name_native="X", name_en="X", country="XXX"),
        original_name="kept.xlsx",
        file="roster-imports/2026/12/kept.xlsx",
    )
    call_command("remove_orphan_files", "--min-age-minutes", "0", stdout=StringIO())
    assert (orphan.exists(), kept.exists()) == (False, True)
