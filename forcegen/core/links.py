"""Links to many records of one kind, for tables drawn row by row."""

from django.urls import get_script_prefix, reverse

_PATHS: dict[tuple[str, str], str] = {}
_SLOT = 2_147_483_647


def path_to(name: str, pk: int) -> str:
    """`reverse(name, args=[pk])` for a one-argument URL, resolved once per process and script
    prefix (a row's links were a third of drawing a table)."""
    key = (name, get_script_prefix())
    pattern = _PATHS.get(key)
    if pattern is None:
        pattern = _PATHS[key] = reverse(name, args=[_SLOT]).replace(str(_SLOT), "{}")
    return pattern.format(pk)
