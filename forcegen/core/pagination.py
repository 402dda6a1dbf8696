"""Pagination helpers shared by list pages."""

from django.http import HttpRequest


def query_without_page(request: HttpRequest) -> str:
    """The list's current filters as a query string, for page links to append `&page=N` to."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
