"""Pagination shared by list pages and API lists."""

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from .keyset import CURSORS
from .params import PageNumber


def query_without_page(request: HttpRequest) -> str:
    """The list's current filters as a query string, for page links to append `&page=N` (or a
    keyset cursor) to."""
    query = request.GET.copy()
    for name in ("page", *CURSORS):
        query.pop(name, None)
    return query.urlencode()


class Pagination(PageNumberPagination):
    """Ninja's page-number pagination with the page number bounded at the edge: a page far past
    the end is an empty page, and a number no database can offset by is refused (422)."""

    class Input(Schema):
        page: PageNumber = 1
        page_size: int | None = Field(None, ge=1)
