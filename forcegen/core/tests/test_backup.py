"""Backup and restore: a round trip gives back every row and file; bad archives change nothing."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from forcegen.core.backup import restore_backup, write_backup
from forcegen.core.models import Organisation
from forcegen.personnel.models import Credential
from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory

REPO = Path(settings.BASE_DIR)


@pytest.fixture
def records(cast, orgs, settings, tmp_path):
    """People of two organisations, one with a scanned passport, and a nested upload."""
    settings.MEDIA_ROOT = tmp_path / "media"
    person = PersonFactory(organisation=orgs["vn"], full_name_native="Trần Thị Bình")
    PersonFactory(organisation=orgs["la"], full_name_native="ສົມພອນ ແກ້ວມະນີ")
    credential: Any = CredentialFactory(person=person)
    credential.document.save("passport-scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    return credential


def _manage(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"sqlite:///{data_dir / 'restored.sqlite3'}",
        "FORCEGEN_MEDIA_ROOT": str(data_dir / "media"),
    }
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _fingerprints(archive: Path) -> Any:
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    tables = {
        label: (entry["count"], entry["sha256"]) for label, entry in manifest["models"].items()
    }
    return tables, manifest["files"]


def test_round_trip_into_another_database_gives_back_every_row_and_file(records, tmp_path):
    original = tmp_path / "original.tar.gz"
    summary = write_backup(original)
    assert summary.files == 1
    target = tmp_path / "other"
    target.mkdir()

    restored = _manage("restore", str(original), data_dir=target)
    assert restored.returncode == 0, restored.stderr
    again = _manage("backup", str(tmp_path / "again.tar.gz"), data_dir=target)
    assert again.returncode == 0, again.stderr

    tables, files = _fingerprints(original)
    assert tables["personnel.person"][0] == 2
    assert tables["personnel.credential"][0] == 1
    assert _fingerprints(tmp_path / "again.tar.gz") == (tables, files)
    (name,) = files
    assert (target / "media" / name).read_bytes() == b"%PDF-1.4 scan"


def _rewrite(archive: Path, out: Path, change) -> None:
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            payload = src.extractfile(member).read()  # type: ignore[union-attr]
            payload = change(member.name, payload)
            member.size = len(payload)
            dst.addfile(member, io.BytesIO(payload))


def test_a_damaged_archive_is_refused_before_anything_is_written(records, tmp_path):
    archive = tmp_path / "b.tar.gz"
    write_backup(archive)
    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(
        archive,
        damaged,
        lambda name, data: data.replace(b"SN", b"XX") if name.endswith("person.jsonl") else data,
    )
    with pytest.raises(ValidationError, match="damaged"):
        restore_backup(damaged)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:2000])
    with pytest.raises(ValidationError, match="not a readable"):
        restore_backup(truncated)
    assert Credential.objects.count() == 1


def test_an_archive_from_a_newer_schema_is_refused(records, tmp_path):
    archive = tmp_path / "b.tar.gz"
    write_backup(archive)

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["core"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    future = tmp_path / "future.tar.gz"
    _rewrite(archive, future, newer)
    with pytest.raises(ValidationError, match="newer version"):
        restore_backup(future)


def test_restore_refuses_a_database_that_holds_records(records, tmp_path):
    archive = tmp_path / "b.tar.gz"
    write_backup(archive)
    with pytest.raises(ValidationError, match="empty database"):
        restore_backup(archive)
    assert Organisation.objects.count() == 3
