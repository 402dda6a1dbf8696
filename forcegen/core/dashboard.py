"""The home page's panels. Apps above core register what they show there (core never imports
them), as eligibility rules and training clashes are registered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    """A block of the home page: its template and what that template shows."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[HttpRequest], Panel | None]
_PROVIDERS: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def panels(request: HttpRequest) -> list[Panel]:
    """The panels that have something to show this user, in registration order."""
    return [panel for provider in _PROVIDERS if (panel := provider(request)) is not None]
