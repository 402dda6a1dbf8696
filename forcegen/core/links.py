"""Links to many records of one kind, for tables drawn row by row."""

from django.urls import get_script_prefix, reverse

_PATHS: dict[tuple[str, str, tuple[int, ...]], str] = {}
_SLOT = 2_147_483_647


def path_to(name: str, *args: int) -> str:
    """`reverse(name, args=args)`, resolved once per process, script prefix and leading
    arguments: only the last argument varies from row to row (a row's links were a third of
    drawing a table)."""
    *within, pk = args
    key = (name, get_script_prefix(), tuple(within))
    pattern = _PATHS.get(key)
    if pattern is None:
        pattern = reverse(name, args=[*within, _SLOT]).replace(str(_SLOT), "{}")
        _PATHS[key] = pattern
    return pattern.format(pk)
