"""The production server prepares what every worker needs once, before it forks: every
template of the product compiled, the frame's links reversed."""

import runpy
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.backends.django import DjangoTemplates

from forcegen.core.context_processors import frame

REPO = Path(settings.BASE_DIR)


def template_name(path: Path) -> str:
    """`forcegen/units/templates/units/unit_detail.html` → `units/unit_detail.html`."""
    parts = path.parts
    return "/".join(parts[parts.index("templates") + 1 :])


def test_the_server_compiles_every_template_before_its_workers_fork():
    templates = {template_name(p) for p in REPO.glob("forcegen/*/templates/**/*.html")}
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    cache = backend.engine.template_loaders[0].get_template_cache
    cache.clear()
    frame.cache_clear()
    hooks = runpy.run_path(str(REPO / "deploy" / "gunicorn.conf.py"))
    hooks["on_starting"](None)
    assert len(templates) > 100
    assert templates <= set(cache)
    assert frame.cache_info().currsize == 1
