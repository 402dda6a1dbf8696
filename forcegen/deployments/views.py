from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Mission


@login_required
def mission_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    active_only = request.GET.get("active") == "1"
    missions = Mission.objects.visible_to(request.user).search(q)
    if active_only:
        missions = missions.active()
    page = Paginator(missions, 50).get_page(request.GET.get("page"))
    query = f"q={q}&active={'1' if active_only else ''}"
    return render(
        request,
        "deployments/mission_list.html",
        {"page": page, "q": q, "active_only": active_only, "query": query},
    )


@login_required
def mission_detail(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_object_or_404(Mission.objects.visible_to(request.user), acronym=acronym)
    return render(request, "deployments/mission_detail.html", {"mission": mission})
