from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise

from .modules import MODULES


@dataclass(frozen=True)
class Frame:
    """The page frame's links, the same on every page: reversed once per process (a page
    reversed forty of them)."""

    home: str
    reminders: str
    my_record: str
    jobs: str
    tokens: str
    password: str
    two_factor: str
    logout: str
    switch_organisation: str
    set_language: str
    api_docs: str
    modules: tuple[tuple[str, str | Promise, bool], ...]  # (URL, label, still coming)


@cache
def frame(script_prefix: str) -> Frame:
    """The frame's links under this script prefix (the server's mount point)."""
    return Frame(
        home=reverse("core:home"),
        reminders=reverse("reminders:inbox"),
        my_record=reverse("me:record"),
        jobs=reverse("core:jobs"),
        tokens=reverse("accounts:tokens"),
        password=reverse("accounts:password_change"),
        two_factor=reverse("accounts:two_factor"),
        logout=reverse("accounts:logout"),
        switch_organisation=reverse("accounts:switch_organisation"),
        set_language=reverse("set_language"),
        api_docs=reverse("api:openapi-view"),
        modules=tuple(
            (reverse(m.url_name), m.label, False)
            if m.url_name
            else (reverse("core:coming", args=[m.key]), m.label, True)
            for m in MODULES
        ),
    )


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page frame needs: its links and the organisation the user acts for."""
    user = request.user
    return {
        "frame": frame(get_script_prefix()),
        "active_membership": getattr(user, "active_membership", None),
    }
