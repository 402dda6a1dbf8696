"""Inter-agency tasks on a rotation's page: the deployments app draws what is registered here
(it never imports cooperation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from forcegen.core.dashboard import Panel

from .models import Checklist, CoordinationTask


def late_tasks_panel(request: HttpRequest, rotation: Any) -> Panel | None:
    """The rotation's inter-agency tasks, late ones first, with a way to start the checklist.
    Late tasks block nothing: they are shown so someone acts on them."""
    tasks = list(
        CoordinationTask.objects.visible_to(request.user)
        .filter(rotation=rotation)
        .order_by("due_on", "pk")
    )
    templates = Checklist.objects.editable_by(request.user)
    can_start = request.user.has_perm("cooperation.add_coordinationtask")
    if not tasks and not (can_start and templates.exists()):
        return None
    today = timezone.localdate()
    late = [t for t in tasks if t.is_late(today)]
    return Panel(
        template="cooperation/_rotation_tasks.html",
        context={
            "rotation": rotation,
            "tasks": tasks,
            "late": late,
            "today": today,
            "templates": list(templates) if can_start else [],
        },
    )
