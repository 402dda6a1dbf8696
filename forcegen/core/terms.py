"""The shared vocabulary, read in the reader's language: `term(kind, text)`.

Pages call it for every slot title and equipment line, so the whole vocabulary (a few hundred
rows) is read once per process and kept; an edit clears it in the process that made it, and the
others reload within REFRESH seconds.
"""

from __future__ import annotations

import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from .models import Term

REFRESH = 300.0
_cache: dict[str, object] = {}


def _vocabulary() -> dict[tuple[str, str], Term]:
    loaded = _cache.get("at")
    if not isinstance(loaded, float) or time.monotonic() - loaded > REFRESH:
        _cache["terms"] = {(t.kind, t.key.casefold()): t for t in Term.objects.all()}
        _cache["at"] = time.monotonic()
    return _cache["terms"]  # type: ignore[return-value]


def term(kind: str, text: str) -> str:
    """`text` (a slot title, an equipment item, ...) in the active language; unchanged when the
    vocabulary has no such term."""
    found = _vocabulary().get((kind, text.casefold())) if text else None
    return found.name_in(get_language() or "en") if found else text


@receiver([post_save, post_delete], sender=Term)
def _forget(**_kwargs: object) -> None:
    _cache.clear()
