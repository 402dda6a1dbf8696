"""Database sessions whose row is read once and then kept until anything is written.

Every signed-in page reads its session; the row changes only by a write (sign-in, sign-out,
switching organisation or language, a message), and a write anywhere makes every kept row stale
(see `forcegen.core.kept`), so a kept row is the row. Expiry is judged at every read.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from forcegen.core.kept import KeptUntilWrite

_KEPT: KeptUntilWrite[Session | None] = KeptUntilWrite(size=2048)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        if key is None:
            return None
        found = _KEPT.get(key, lambda: Session.objects.filter(session_key=key).first())
        if found is None or found.expire_date <= timezone.now():
            self._session_key = None
            return None
        return found
