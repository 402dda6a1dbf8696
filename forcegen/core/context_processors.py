from typing import Any

from django.http import HttpRequest

from .modules import MODULES


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page frame needs: the modules and the organisation the user acts for."""
    user = request.user
    return {
        "modules": MODULES,
        "active_membership": getattr(user, "active_membership", None),
    }
