"""Whole-database backup and restore: one archive, checked before anything is written.

An archive (tar.gz) holds `manifest.json`, one JSON-lines file per model under `data/` (Django's
portable serialisation, so a SQLite archive restores into PostgreSQL and back) and the uploaded
documents under `media/`. The manifest names the schema (applied migrations per app), and for
each model its row count and a checksum of its rows, and for each file its SHA-256.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Deserializer as JsonLinesDeserializer
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .database import refresh_statistics

ARCHIVE_FORMAT = 1
# Sessions are throw-away login state; a restored server starts with everybody logged out.
SKIPPED_MODELS = {"sessions.session"}
CHUNK = 2000


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, without its cut of times to milliseconds: a backup loses nothing."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass(frozen=True)
class Summary:
    models: int
    rows: int
    files: int


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table Django manages, parents before children where that is knowable."""
    found = [
        model
        for model in apps.get_models(include_auto_created=False)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in SKIPPED_MODELS
    ]
    app_list: dict[Any, list[type[models.Model]]] = {}
    for model in found:
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(list(app_list.items()))


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    return model._base_manager.order_by("pk").iterator(chunk_size=CHUNK)


def _canonical(record: dict[str, Any]) -> str:
    fields = {
        name: sorted(value, key=json.dumps) if isinstance(value, list) else value
        for name, value in record["fields"].items()
    }
    return json.dumps([record["pk"], fields], sort_keys=True, cls=ExactJSONEncoder)


def table_fingerprint(model: type[models.Model]) -> dict[str, Any]:
    """The row count and a SHA-256 over the rows in key order, as the serialiser sees them."""
    digest = hashlib.sha256()
    count = 0
    for record in serializers.serialize("python", _rows(model)):
        digest.update(_canonical(record).encode())
        digest.update(b"\n")
        count += 1
    return {"count": count, "sha256": digest.hexdigest()}


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def media_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path.relative_to(root).as_posix(), path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(payload))


def write_backup(target: Path) -> Summary:
    """Write the archive to `target` from one consistent snapshot of the database."""
    manifest: dict[str, Any] = {
        "format": ARCHIVE_FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": {},
        "models": {},
        "files": {},
    }
    partial = target.with_name(target.name + ".partial")
    # REPEATABLE READ on PostgreSQL: every table is read as of the same moment. (Inside an
    # already open transaction, such as a test's, the isolation is that transaction's.)
    outermost = not connection.in_atomic_block
    with transaction.atomic(), tarfile.open(partial, "w:gz") as archive:
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        manifest["migrations"] = applied_migrations()
        for model in backed_up_models():
            label = model._meta.label_lower
            payload = serializers.serialize("jsonl", _rows(model), cls=ExactJSONEncoder).encode()
            _add_bytes(archive, f"data/{label}.jsonl", payload)
            manifest["models"][label] = {
                **table_fingerprint(model),
                "file_sha256": hashlib.sha256(payload).hexdigest(),
            }
        for relative, path in media_files():
            manifest["files"][relative] = file_sha256(path)
            archive.add(path, arcname=f"media/{relative}", recursive=False)
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    partial.replace(target)
    rows = sum(entry["count"] for entry in manifest["models"].values())
    return Summary(models=len(manifest["models"]), rows=rows, files=len(manifest["files"]))


# --- Restore ---------------------------------------------------------------------------------


def _unpack(source: Path, into: Path) -> dict[str, Any]:
    """Unpack the archive and check every member against the manifest; return the manifest."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(into, filter="data")
        manifest: dict[str, Any] = json.loads((into / "manifest.json").read_text("utf-8"))
    except (OSError, tarfile.TarError, EOFError, ValueError) as exc:
        raise ValidationError(f"{source} is not a readable forcegen backup: {exc}") from exc
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise ValidationError(f"Unknown backup format {manifest.get('format')!r}.")
    expected = {f"data/{label}.jsonl": e["file_sha256"] for label, e in manifest["models"].items()}
    expected |= {f"media/{name}": digest for name, digest in manifest["files"].items()}
    present = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() and path.name != "manifest.json"
    }
    if present != set(expected):
        raise ValidationError(
            "The archive is damaged: its files do not match its manifest "
            f"(missing: {sorted(set(expected) - present)[:5]}, "
            f"unexpected: {sorted(present - set(expected))[:5]})."
        )
    damaged = [name for name, digest in expected.items() if file_sha256(into / name) != digest]
    if damaged:
        raise ValidationError(f"The archive is damaged: wrong checksum for {damaged[:5]}.")
    return manifest


def _check_schema(archived: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The migration targets that recreate the archive's schema; refuse a newer one."""
    graph = MigrationExecutor(connection).loader.graph
    unknown = [
        f"{app}.{name}"
        for app, names in archived.items()
        for name in names
        if (app, name) not in graph.nodes
    ]
    if unknown:
        raise ValidationError(
            "The archive comes from a newer version of forcegen (migrations unknown here: "
            f"{', '.join(unknown[:5])}). Install that version or a later one, then restore."
        )
    targets: list[tuple[str, str]] = []
    for app, names in archived.items():
        applied = set(names)
        leaves = [
            name
            for name in names
            if not any(
                child[0] == app and child[1] in applied
                for child in graph.node_map[(app, name)].children
            )
        ]
        targets.extend((app, leaf) for leaf in leaves)
    return targets


def _database_is_empty() -> bool:
    tables = set(connection.introspection.table_names())
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    organisation = apps.get_model("core", "Organisation")
    return all(
        model._meta.db_table not in tables or not model._base_manager.exists()
        for model in (user_model, organisation)
    )


class _HistoricalDeserializer(JsonLinesDeserializer):
    """Reads rows into the models as they were at the archive's schema, not as they are now."""

    def __init__(self, stream: Any, *, state_apps: Any) -> None:
        super().__init__(stream)
        self.state_apps = state_apps

    def _get_model_from_node(self, model_identifier: str) -> type[models.Model]:
        model: type[models.Model] = self.state_apps.get_model(model_identifier)
        return model


def _fingerprint_in(manifest: dict[str, Any], label: str) -> dict[str, Any]:
    entry = manifest["models"][label]
    return {"count": entry["count"], "sha256": entry["sha256"]}


def _load_rows(folder: Path, manifest: dict[str, Any], state_apps: Any) -> None:
    """Replace every table's rows with the archive's and check they came back identical."""
    restored = [state_apps.get_model(label) for label in manifest["models"]]
    existing = set(connection.introspection.table_names())
    tables = [
        m._meta.db_table
        for m in state_apps.get_models(include_auto_created=True)
        if m._meta.db_table in existing
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=False):
            cursor.execute(statement)
    with connection.constraint_checks_disabled():
        for model in restored:
            path = folder / "data" / f"{model._meta.label_lower}.jsonl"
            with path.open(encoding="utf-8") as handle:
                for obj in _HistoricalDeserializer(handle, state_apps=state_apps):
                    obj.save()
    connection.check_constraints()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(statement)
    mismatched = [
        model._meta.label_lower
        for model in restored
        if table_fingerprint(model) != _fingerprint_in(manifest, model._meta.label_lower)
    ]
    if mismatched:
        raise ValidationError(f"Restored rows differ from the archive for {mismatched[:5]}.")


def _place_files(folder: Path, names: Iterable[str]) -> None:
    root = Path(settings.MEDIA_ROOT)
    for name in names:
        destination = root / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / "media" / name, destination)


def restore_backup(source: Path) -> Summary:
    """Restore an archive into an empty database: every record and file, or nothing.

    The archive is unpacked and checked in full first. The database is brought to the archive's
    schema, its rows loaded and compared with the manifest in one transaction, then migrated to
    this version's schema; the documents are copied last.
    """
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="forcegen-restore-") as scratch:
        folder = Path(scratch)
        manifest = _unpack(source, folder)
        targets = _check_schema(manifest["migrations"])
        if not _database_is_empty():
            raise ValidationError(
                "The database already holds users or organisations; restore only into an empty "
                "database (create a new one and point DATABASE_URL at it)."
            )
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        state_apps = executor.loader.project_state(targets).apps
        with transaction.atomic():
            _load_rows(folder, manifest, state_apps)
        call_command("migrate", interactive=False, verbosity=0)
        refresh_statistics()
        _place_files(folder, manifest["files"])
    rows = sum(entry["count"] for entry in manifest["models"].values())
    return Summary(models=len(manifest["models"]), rows=rows, files=len(manifest["files"]))
