"""Uploaded files live only as long as the record that names them.

A file is written to disk before its record's transaction commits; if the work then fails, the
record is rolled back and the file would stay behind with nobody knowing (a roster holds passport
numbers). `removed_on_failure` deletes it again; `orphan_files` finds what a killed process left.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile


@contextmanager
def removed_on_failure(*files: FieldFile) -> Iterator[None]:
    """Inside the record's transaction: if anything fails, the files written are deleted."""
    try:
        yield
    except BaseException:
        for file in files:
            if file.name:
                file.storage.delete(file.name)
        raise


def referenced_files() -> set[str]:
    """The names of every file a record of any model points to."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                rows = model._default_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                names.update(name for name in rows.iterator() if name)
    return names


def orphan_files(*, older_than: datetime.timedelta) -> list[Path]:
    """Files under the media root no record points to, untouched for `older_than` (younger ones
    may belong to an upload whose transaction has not committed yet)."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    known = referenced_files()
    cutoff = datetime.datetime.now().timestamp() - older_than.total_seconds()
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.relative_to(root).as_posix() not in known
        and path.stat().st_mtime <= cutoff
    )
