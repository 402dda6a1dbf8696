"""Pagination shared by list pages and API lists."""

from collections.abc import Sequence
from typing import Any, NoReturn

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import PageNumberPagination, PaginationBase

from .keyset import CURSORS, cursor_values, keyset_rows
from .params import MAX_CURSOR, PageNumber


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


class KeysetPagination(PaginationBase):
    """An API list of a register that declares an `order` (`core.keyset`): `?after=` (or
    `?before=`) a cursor reads the next rows from an index, at any depth, as the list page does;
    each answer links the next and previous pages with the same filters. `?page=N` still pages
    by number (an OFFSET) for clients written before cursors, and its answer carries the
    cursors too. A cursor that is not one of ours is refused, naming the parameter."""

    class Input(Pagination.Input):
        after: str = Field(
            "",
            max_length=MAX_CURSOR,
            description="A `next` cursor: the rows after it, in the list's order.",
        )
        before: str = Field(
            "",
            max_length=MAX_CURSOR,
            description="A `previous` cursor: the rows before it, in the list's order.",
        )

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(
            description="The next page's URL (same filters, `after` this page's last row); "
            "null on the last page."
        )
        previous: str | None = Field(
            description="The previous page's URL (`before` this page's first row); null on the "
            "first page."
        )

    def __init__(
        self,
        *,
        order: Sequence[str],
        page_size: int = ninja_settings.PAGINATION_PER_PAGE,
        max_page_size: int = ninja_settings.PAGINATION_MAX_PER_PAGE_SIZE,
        **kwargs: Any,
    ) -> None:
        self.order = tuple(order)
        self.page_size = page_size
        self.max_page_size = max_page_size
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        after = self._cursor(queryset, "after", pagination.after)
        before = self._cursor(queryset, "before", pagination.before)
        if after is not None and before is not None:
            self._refuse("before", _("Send either after or before, not both."))
        if (after or before) and pagination.page != 1:
            self._refuse("page", _("Send either a page number or a cursor, not both."))
        size = min(pagination.page_size or self.page_size, self.max_page_size)
        page = keyset_rows(
            queryset,
            self.order,
            after=after,
            before=before,
            per_page=size,
            offset=(pagination.page - 1) * size,
        )
        return {
            "items": page.object_list,
            "count": page.count,
            "next": self._link(request, "after", page.next_cursor),
            "previous": self._link(request, "before", page.previous_cursor),
        }

    def _cursor(self, queryset: QuerySet[Any], name: str, cursor: str) -> list[Any] | None:
        if not cursor:
            return None
        values = cursor_values(queryset.model, self.order, cursor)
        if values is None:
            self._refuse(
                name, _("This cursor is not one this list gave; follow its next or previous link.")
            )
        return values

    @staticmethod
    def _refuse(name: str, message: str) -> NoReturn:
        raise SchemaValidationError([{"loc": ("query", name), "msg": message}])

    @staticmethod
    def _link(request: HttpRequest, name: str, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        query = query_without_page(request)
        return request.build_absolute_uri(
            f"{request.path}?{query}{'&' if query else ''}{name}={cursor}"
        )
