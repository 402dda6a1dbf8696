"""The tenancy matrix, generated from the published API and the URL configuration: every
endpoint and page that names an object, for an object of one organisation, asked by each role of
the other organisation and by the adviser acting for it. Not shared: refused (404, or 403/405/422
before any lookup), never 200. Never a server error.

Nothing here lists endpoints: a new endpoint, or a new app's router, is covered as it appears
(its path parameter names the model, `unit_id` → Unit). A parameter no model matches fails the
test, so that no endpoint is skipped silently.
"""

from __future__ import annotations

import inspect
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from forcegen.accounts.middleware import ACTIVE_ORGANISATION_SESSION_KEY
from forcegen.accounts.models import Membership, User
from forcegen.accounts.services import issue_token
from forcegen.core.models import Organisation

PARAM = re.compile(r"{(\w+)}")
# Answers that reveal nothing about another organisation's object.
REFUSALS = {403, 404, 405, 422}
# Public by design (a certificate is verified by its printed code, without signing in).
PUBLIC = {"/api/v1/training/verify/{code}/"}
# Reference data every organisation reads (no owner).
SHARED_BY_ALL = {"mission", "coerate", "personnelrate", "missionfactor"}


def forcegen_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("forcegen.")]


# Nouns in page addresses that are not a model's name.
NOUNS = {"personnel": "person", "people": "person", "planning": "planrun", "item": "inventoryitem"}
LOOKUP = re.compile(r"get_object_or_404\(\s*(\w+)\.objects")


def model_named(name: str, where: str) -> type[models.Model]:
    name = NOUNS.get(name, name)
    candidates = forcegen_models()
    for match in (
        lambda m: m._meta.model_name == name,
        lambda m: m._meta.model_name.endswith(name),
        lambda m: m._meta.model_name.startswith(name),
    ):
        found = [m for m in candidates if match(m)]
        if len(found) == 1:
            return found[0]
    raise AssertionError(f"{where}: no model matches {name!r}")


def singular(segment: str) -> str:
    segment = segment.replace("-", "")
    if segment.endswith(("sses", "ches")):
        return segment[:-2]
    return segment[:-1] if segment.endswith("s") else segment


def model_for(path: str, param: str) -> type[models.Model]:
    """`unit_id` → Unit, `item_id` → InventoryItem, `class_id` → ClassSession; a code, an
    acronym or a `pk` names the model of the segment before it (`/missions/{acronym}/`)."""
    if param.endswith("_id") and param != "pk":
        return model_named(param[: -len("_id")].replace("_", ""), path)
    segment = re.split(r"[{<]", path.split(param)[0])[0].rstrip("/").rsplit("/", 1)[-1]
    return model_named(singular(segment), path)


def owned_by(model: type[models.Model], organisation: Organisation, other: Organisation):
    """The model's rows owned by `organisation` and not also by `other` (a user in both)."""
    rows = model._default_manager.filter(**owner_filter(model, organisation))
    if "user" in {f.name for f in model._meta.get_fields()}:
        rows = rows.exclude(user__memberships__organisation=other)
    return rows


def owner_filter(model: type[models.Model], organisation: Organisation) -> dict[str, object]:
    if model._meta.model_name in SHARED_BY_ALL:
        return {}
    if model is Organisation:
        return {"pk": organisation.pk}
    fields = {f.name for f in model._meta.get_fields()}
    for owner in ("organisation", "grantor"):
        if owner in fields:
            return {owner: organisation}
    if "user" in fields:
        return {"user__memberships__organisation": organisation}
    for field in model._meta.get_fields():  # a document's attachment: its document's owner
        parent = field.related_model if field.many_to_one and field.concrete else None
        owned = isinstance(parent, type) and issubclass(parent, models.Model)
        if owned and "organisation" in {f.name for f in parent._meta.get_fields()}:  # type: ignore[union-attr]
            return {f"{field.name}__organisation": organisation}
    raise AssertionError(f"{model.__name__}: cannot tell which organisation owns it")


def visible(model: type[models.Model], obj: models.Model, user: User) -> bool:
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        return bool(queryset.visible_to(user).filter(pk=obj.pk).exists())
    return False


def path_value(model: type[models.Model], obj: models.Model, param: str) -> str:
    return str(obj.pk if param.endswith("_id") else getattr(obj, param))


def fill(
    path: str, owner: Organisation, other: Organisation
) -> tuple[str, list[tuple[type[models.Model], models.Model]]]:
    """The path with the ids of objects `owner` owns (a child of the parent named before it)."""
    used: list[tuple[type[models.Model], models.Model]] = []
    for param in PARAM.findall(path):
        model = model_for(path, param)
        queryset = owned_by(model, owner, other)
        if used:  # /plan-runs/{run_id}/proposals/{proposal_id}/: a proposal of that run
            parent_model, parent = used[-1]
            links = [
                f.name
                for f in model._meta.get_fields()
                if getattr(f, "related_model", None) is parent_model and f.concrete
            ]
            if links:
                queryset = queryset.filter(**{links[0]: parent})
        obj = queryset.order_by("pk").first()
        if obj is None:
            return "", used
        path = path.replace("{" + param + "}", path_value(model, obj, param))
        used.append((model, obj))
    return path, used


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())


def requesters(organisation: Organisation) -> list[tuple[str, Client]]:
    """Each role of the organisation, and the adviser (member of both) acting for it."""
    clients = []
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    for membership in memberships.order_by("user__username"):
        _token, raw = issue_token(user=membership.user, name="matrix")
        headers = {"Authorization": f"Bearer {raw}", "X-Organisation": organisation.code}
        clients.append((membership.user.username, Client(headers=headers)))
    return clients


def page_routes() -> list[tuple[str, object]]:
    """Every page address with an object in it (the URL configuration, outside the API and
    the admin), with its view."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    return [
        ("/" + route, view)
        for route, view in walk(get_resolver().url_patterns)
        if re.search(r"<int:|<slug:code>|<str:acronym>", route)
        and not route.startswith(("api/", "admin/", "verify/"))
    ]


def page_model(route: str, view: object) -> type[models.Model]:
    """The model the view looks the object up in (read from its source), else the noun."""
    source = inspect.getsource(inspect.unwrap(view))  # type: ignore[arg-type]
    found = LOOKUP.search(source)
    if found:
        return model_named(found.group(1).lower(), route)
    (param,) = re.findall(r"<\w+:(\w+)>", route)[:1]
    return model_for(route, param)


def fill_page(route: str, model, owner: Organisation, other: Organisation) -> str:
    obj = owned_by(model, owner, other).order_by("pk").first()
    if obj is None:
        return ""
    value = str(getattr(obj, "code", None) or getattr(obj, "acronym", None) or obj.pk)
    if "<int:" in route:
        value = str(obj.pk)
    return re.sub(r"<\w+:\w+>", value, route, count=1)


def test_no_page_shows_another_organisations_object(world):
    organisations = list(Organisation.objects.order_by("code"))
    routes = [(route, page_model(route, view)) for route, view in page_routes()]
    failures, checked, covered = [], 0, set()
    for owner in organisations:
        (other,) = [o for o in organisations if o != owner]
        for membership in Membership.objects.filter(organisation=other).select_related("user"):
            user = membership.user
            client = Client()
            client.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
            session = client.session
            session[ACTIVE_ORGANISATION_SESSION_KEY] = other.pk
            session.save()
            user.activate(other.pk)
            for route, model in routes:
                path = fill_page(route, model, owner, other)
                if not path or "<" in path:
                    continue
                obj = owned_by(model, owner, other).order_by("pk").first()
                shared = model._meta.model_name in SHARED_BY_ALL or visible(model, obj, user)
                covered.add(route)
                for method in ("get", "post"):
                    status = getattr(client, method)(path).status_code
                    checked += 1
                    if status >= 500 or (not shared and status not in REFUSALS):
                        failures.append(f"{user.username} {method.upper()} {path} -> {status}")
    uncovered = sorted({r for r, _ in routes} - covered)
    print(
        f"\ntenancy matrix (pages): {len(routes)} addresses, {len(covered)} with an object, "
        f"{checked} (address, object, role) checks; no object in the demo: {uncovered}"
    )
    assert failures == [], "\n".join(failures)


def test_no_endpoint_leaks_another_organisations_object(world):
    schema = Client().get("/api/v1/openapi.json").json()
    endpoints = [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        if PARAM.search(path) and path not in PUBLIC
        for method in operations
    ]
    organisations = list(Organisation.objects.order_by("code"))
    assert len(organisations) == 2
    failures, checked, covered = [], 0, set()
    for owner in organisations:
        (other,) = [o for o in organisations if o != owner]
        clients = requesters(other)
        for method, template in endpoints:
            path, used = fill(template, owner, other)
            if not path:
                continue
            model = used[-1][0]
            covered.add((method, template))
            for username, client in clients:
                user = User.objects.get(username=username)
                user.activate(other.pk)
                shared = model._meta.model_name in SHARED_BY_ALL or all(
                    visible(m, o, user) for m, o in used
                )
                response = getattr(client, method.lower())(
                    path, {}, content_type="application/json"
                )
                checked += 1
                status = response.status_code
                # What a partner may do with a shared object (a class owner accepts another
                # organisation's nomination) is the role's business; tenancy is that nothing
                # unshared is found.
                wrong = status >= 500 or (not shared and status not in REFUSALS)
                if wrong:
                    failures.append(
                        f"{username} {method} {path} -> {status} {response.content[:120]!r}"
                    )
    uncovered = sorted(set(endpoints) - covered)
    print(
        f"\ntenancy matrix: {len(endpoints)} endpoints, {len(covered)} with an object, "
        f"{checked} (endpoint, object, role) checks; no object in the demo: {uncovered}"
    )
    assert failures == [], "\n".join(failures)
