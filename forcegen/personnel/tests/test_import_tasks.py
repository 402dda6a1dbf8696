"""Roster import in the background: the tasks, the state machine, and the real database worker."""

import io
import signal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from forcegen.core.models import Job
from forcegen.personnel import tasks
from forcegen.personnel.models import Credential, Person, Rank, RosterImport
from forcegen.personnel.services import load_demo_ranks

from .conftest import DATABASE, upload


def submit(orgs, cast, name, **options):
    return tasks.submit_roster(
        organisation=orgs["la"], user=cast["la_admin"], upload=upload(name), **options
    )


def test_upload_is_checked_then_confirmed_and_imported(immediate, orgs, cast, la_ranks):
    roster_import = submit(orgs, cast, "roster-fixed.csv")
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALID
    assert roster_import.counts == {
        "rows": 10,
        "created": 10,
        "updated": 0,
        "unchanged": 0,
        "errors": 0,
    }
    assert roster_import.uploaded_by == cast["la_admin"]
    assert Person.objects.count() == 0  # the preview stores nothing

    tasks.confirm_roster(roster_import=roster_import, user=cast["la_admin"])
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert roster_import.finished_at is not None
    assert roster_import.confirmed_by == cast["la_admin"]
    assert Person.objects.filter(organisation=orgs["la"]).count() == 10
    assert len(roster_import.changes) == 10
    first = roster_import.changes[0]
    assert (first["row"], first["service_number"], first["action"]) == (2, "LA-0001", "created")

    with pytest.raises(ValidationError, match="Only a checked roster without errors"):
        tasks.confirm_roster(roster_import=roster_import, user=cast["la_admin"])


def test_bad_roster_ends_invalid_with_its_errors_and_cannot_be_confirmed(
    immediate, orgs, cast, la_ranks
):
    roster_import = submit(orgs, cast, "roster-messy.csv")
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.INVALID
    assert (roster_import.counts["rows"], roster_import.counts["errors"]) == (10, 8)
    assert roster_import.errors[0] == {
        "row": 5,
        "column": "rank",
        "message": "Unknown rank “Field Marshal”: use a code or name from your rank table.",
    }
    with pytest.raises(ValidationError):
        tasks.confirm_roster(roster_import=roster_import, user=cast["la_admin"])
    assert Person.objects.count() == 0


def test_errors_are_written_in_the_uploaders_language(immediate, orgs, cast, la_ranks):
    from django.utils import translation

    with translation.override("fr"):
        roster_import = submit(orgs, cast, "roster-messy.csv")
        expected = translation.gettext("A value is required.")
    roster_import.refresh_from_db()
    assert roster_import.job.language == "fr"
    assert {"row": 8, "column": "sex", "message": expected} in roster_import.errors


def test_upload_without_preview_imports_straight_away(immediate, orgs, cast, la_ranks):
    roster_import = submit(orgs, cast, "roster-fixed.csv", commit_when_valid=True)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert Person.objects.count() == 10


def test_a_stale_preview_is_checked_again_when_committed(immediate, settings, orgs, cast, la_ranks):
    roster_import = submit(orgs, cast, "roster-fixed.csv")
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALID
    Rank.objects.filter(organisation=orgs["la"], code="phan-ek").delete()  # used on row 5

    tasks.confirm_roster(roster_import=roster_import, user=cast["la_admin"])
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.INVALID
    assert [(e["row"], e["column"]) for e in roster_import.errors] == [(5, "rank")]
    assert Person.objects.count() == 0


def test_an_unexpected_error_fails_the_import_and_stores_nothing(immediate, orgs, cast, la_ranks):
    # An import whose file has gone missing from storage: the check cannot even read it.
    roster_import = RosterImport.objects.create(
        organisation=orgs["la"],
        original_name="roster-fixed.csv",
        file="roster-imports/missing.csv",
    )
    tasks.queue(roster_import, user=cast["la_admin"])
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert roster_import.errors[0]["message"].startswith("The import stopped")
    assert Job.objects.get().status == Job.Status.FAILED
    assert Person.objects.count() == 0


def test_the_check_and_the_import_are_the_uploaders_jobs_with_their_outcome(
    immediate, orgs, cast, la_ranks
):
    roster_import = submit(orgs, cast, "roster-fixed.csv")
    tasks.confirm_roster(roster_import=roster_import, user=cast["la_admin"])
    roster_import.refresh_from_db()
    seen = Job.objects.visible_to(cast["la_admin"]).order_by("pk")
    assert [(job.kind, job.status) for job in seen] == [
        (tasks.CHECK, Job.Status.SUCCEEDED),
        (tasks.IMPORT, Job.Status.SUCCEEDED),
    ]
    last = seen[1]
    assert roster_import.job == last
    assert last.result == {"status": "done", "counts": roster_import.counts}
    assert (last.done, last.total) == (10, 10)
    assert last.message == "roster-fixed.csv: Imported"
    assert last.link == f"/personnel/import/{roster_import.pk}/"


def test_submit_refuses_other_file_types(immediate, orgs, cast):
    with pytest.raises(ValidationError, match=r"Only \.csv and \.xlsx"):
        tasks.submit_roster(
            organisation=orgs["la"],
            user=cast["la_admin"],
            upload=SimpleUploadedFile("roster.pdf", b"%PDF-1.4"),
        )
    with pytest.raises(ValidationError, match="not really an XLSX"):
        tasks.submit_roster(
            organisation=orgs["la"],
            user=cast["la_admin"],
            upload=SimpleUploadedFile("roster.xlsx", b"service_number\n"),
        )
    assert not RosterImport.objects.exists()


@pytest.fixture
def restore_signals():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_worker():
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=out)
    return out.getvalue()


# The worker commits in its own transactions, as in production; serialized rollback restores the
# roles and specialties that migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_database_worker_checks_and_imports(settings, orgs, cast, restore_signals):
    settings.TASKS = DATABASE
    load_demo_ranks(orgs["la"], "LAO")
    roster_import = submit(orgs, cast, "roster-fixed.csv")
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.UPLOADED  # nothing ran in the request

    run_worker()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALID
    assert Person.objects.count() == 0

    tasks.confirm_roster(roster_import=roster_import, user=cast["la_admin"])
    assert RosterImport.objects.get().status == RosterImport.Status.IMPORTING
    run_worker()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert roster_import.counts["created"] == 10
    assert Person.objects.filter(organisation=orgs["la"]).count() == 10
    assert Credential.objects.filter(kind=Credential.Kind.PASSPORT).count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
