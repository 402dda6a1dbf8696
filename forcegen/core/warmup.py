"""What the production server does once, in its master process, before it forks the workers
(`deploy/gunicorn.conf.py`): compile every template of the product, read every language's
translations and the URL table. Each worker then starts with them ready, in memory it shares
with the others, instead of preparing each on the first request that needs it (a worker is
replaced after a number of requests, so that cost would come back). Nothing here opens a
database connection, which the workers must not share."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import engines
from django.urls import get_resolver, get_script_prefix
from django.utils import translation

from .context_processors import frame

PRODUCT = "forcegen."


def warm_up() -> None:
    compile_templates()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")  # reads the language's catalogs
    get_resolver().reverse_dict  # noqa: B018 - builds the URL table
    frame(get_script_prefix())


def compile_templates() -> None:
    """Compile the templates of the product's apps with the engine that renders them."""
    engine = engines["django"]
    for config in apps.get_app_configs():
        if not config.name.startswith(PRODUCT):
            continue
        folder = Path(config.path) / "templates"
        for path in sorted(folder.rglob("*.html")):
            engine.get_template(path.relative_to(folder).as_posix())
