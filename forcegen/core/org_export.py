"""One organisation's records, and only those, as a ZIP of CSV files and its documents.

What an administrator takes away when the organisation leaves, or hands to an auditor: every
row the organisation owns (directly, or through the record it belongs to, such as a unit's
equipment template lines), its partnerships and grants, its members' user records (without
password hashes), and every uploaded document those rows point to.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import FileResponse
from django.utils import timezone

from .models import Organisation, OrganisationOwned, Partnership, SharingGrant

# Never leaves the server, whoever asks.
SECRET_FIELDS = {"password", "key_hash"}


def _owner_filter(model: type[models.Model], organisation: Organisation) -> Q | None:
    """How `model`'s rows reach their owning organisation, or None if they do not."""
    if model is Organisation:
        return Q(pk=organisation.pk)
    if model is Partnership:
        return Q(source=organisation) | Q(target=organisation)
    if model is SharingGrant:
        return Q(grantor=organisation) | Q(grantee=organisation)
    if model is apps.get_model(settings.AUTH_USER_MODEL):
        return Q(memberships__organisation=organisation)
    if issubclass(model, OrganisationOwned):
        return Q(organisation=organisation)
    for field in model._meta.get_fields():
        if field.many_to_one and issubclass(field.related_model, OrganisationOwned):  # type: ignore[arg-type]
            return Q(**{f"{field.name}__organisation": organisation})
    return None


def exported_querysets(organisation: Organisation) -> Iterator[models.QuerySet[Any]]:
    """Each model's rows that belong to the organisation, in a stable order."""
    for model in apps.get_models():
        condition = _owner_filter(model, organisation)
        if condition is not None:
            yield model._base_manager.filter(condition).distinct().order_by("pk")


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in SECRET_FIELDS]


def _csv(queryset: models.QuerySet[Any], files: set[str]) -> tuple[str, int]:
    """The rows as CSV text and their number; file paths found in them are added to `files`."""
    count = 0
    columns = _columns(queryset.model)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f.attname for f in columns])
    for row in queryset.values_list(*[f.attname for f in columns]).iterator(chunk_size=2000):
        writer.writerow(row)
        count += 1
        files.update(
            str(value)
            for field, value in zip(columns, row, strict=True)
            if isinstance(field, models.FileField) and value
        )
    return out.getvalue(), count


def write_organisation_export(organisation: Organisation, target: IO[bytes]) -> int:
    """Write the ZIP to `target`; return the number of rows written."""
    rows = 0
    files: set[str] = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for queryset in exported_querysets(organisation):
            label = queryset.model._meta.label_lower
            text, count = _csv(queryset, files)
            archive.writestr(f"{label}.csv", text)
            rows += count
        for name in sorted(files):
            path = Path(settings.MEDIA_ROOT) / name
            if path.is_file():
                archive.write(path, arcname=f"documents/{name}")
    return rows


def export_response(organisation: Organisation) -> FileResponse:
    """The export as a download, for the organisation page and the API alike."""
    spool = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115 - FileResponse closes it
    write_organisation_export(organisation, spool)
    spool.seek(0)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"forcegen-{organisation.code}-{stamp}.zip",
        content_type="application/zip",
    )
