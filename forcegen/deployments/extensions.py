"""What apps above deployments add to a rotation's page (cooperation's inter-agency tasks, ...).

Deployments never imports those apps: they register a panel provider when they load, as apps
register their home-page panels with core, and the rotation page draws whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest

from forcegen.core.dashboard import Panel

if TYPE_CHECKING:
    from .models import Rotation

RotationPanel = Callable[[HttpRequest, "Rotation"], Panel | None]
_panels: list[RotationPanel] = []


def register_rotation_panel(provider: RotationPanel) -> None:
    if provider not in _panels:
        _panels.append(provider)


def rotation_panels(request: HttpRequest, rotation: Rotation) -> list[Panel]:
    """The registered panels that have something to show on this rotation's page."""
    return [panel for provider in _panels if (panel := provider(request, rotation)) is not None]
