"""The register kit: one declaration per list serves its page, its API and its export.

A register is a filter schema (a ninja `Schema`: the API takes it as `Query[...]`, the page
validates it from `request.GET`), applied by the queryset's `filtered(filters)`, and a tuple of
columns that draw the HTML table, write the CSV/XLSX export (through `core.exports`) and, where
the list can be imported, name the import template's columns. How to build one: core/README.md.

Why not django-filter and django-tables2 (what NetBox uses): a FilterSet does not describe the
query of a ninja endpoint, so the API would declare its filters a second time, and NetBox still
needs a third, hand-written filter form for its pages; django-tables2 exports through tablib,
bypassing the one CSV/XLSX writer that neutralises formulas. The kit below is the small part of
both that a list needs.
"""

from __future__ import annotations

import datetime
import enum
import html
import operator
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, Union, get_args, get_origin

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms.utils import ErrorDict, flatatt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.pagination import paginate
from pydantic import ValidationError as SchemaError
from pydantic_core import PydanticUndefined

from .exports import FORMATS, Cell, tabular_response
from .kept import KeptUntilWrite, query_key
from .keyset import KeysetPage, keyset_page
from .pagination import KeysetPagination, Pagination, query_without_page

T = TypeVar("T")  # a model, or a row computed in Python
M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Schema)
# A register's rows: a queryset, or rows computed in Python (a report, a file's errors).
QS = TypeVar("QS", bound=QuerySet[Any] | Sequence[Any])
PAGE_SIZE = 50
NOTHING_MATCHES = gettext_lazy("Nothing matches these filters.")

Options = Callable[[Any], Iterable[tuple[Any, Any]]]


@dataclass(frozen=True)
class Label:
    """How a filter field shows on the page: `Annotated[int | None, Label(_("Unit"), units)]`.

    `options(user)` lists (value, text) pairs for a select; enums get theirs from the enum."""

    text: str | Promise
    options: Options | None = None
    help: str | Promise = ""


class NoFilters(Schema):
    """The filters of a register read whole (an import's errors)."""


# --- Columns --------------------------------------------------------------------------------------


def _getter(path: str) -> Callable[[Any], Any]:
    """A reader of the attribute path, where a None on the way reads as None."""
    if "." not in path:
        return operator.attrgetter(path)
    names = path.split(".")

    def get(obj: Any) -> Any:
        for name in names:
            if obj is None:
                return None
            obj = getattr(obj, name)
        return obj

    return get


_CHOICE_LABELS: dict[tuple[str | None, type[Model], str, Any], str] = {}


def choice_label(row: Model, field: str) -> str:
    """`row.get_<field>_display()` in the active language, translated once per process: an
    export draws thousands, and each lazy label costs two gettext calls and a hash of the
    field's choices (a third of a 4,000-row export's time)."""
    value = getattr(row, field)
    key = (get_language(), type(row), field, value)
    found = _CHOICE_LABELS.get(key)
    if found is None:
        found = _CHOICE_LABELS[key] = str(getattr(row, f"get_{field}_display")())
    return found


def choice_display(field: str) -> Callable[[Any], str]:
    """A column's `display` for a field with choices: its label, translated once per process."""
    return lambda row: choice_label(row, field)


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: `key` heads the export (and the import template), `label` the page.

    `value` is an attribute path ("person.rank.code") or a function of the row; it gives the
    export cell, and the page cell unless `display` (text or safe HTML) says otherwise. `link`
    makes the page cell a link. `page=False` keeps a column out of the page, `export=False` out
    of the file."""

    key: str
    label: str | Promise
    value: str | Callable[[T], Any]
    display: Callable[[T], Any] | None = None
    link: Callable[[T], str | None] | None = None
    page: bool = True
    export: bool = True
    # `value` as a function, made once: an export reads some 20,000 cells
    cell: Callable[[T], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        read = _getter(self.value) if isinstance(self.value, str) else self.value
        object.__setattr__(self, "cell", read)

    def html(self, row: T, links: dict[Any, str | None]) -> SafeString:
        """The page cell; `links` keeps the row's links by function, as two columns often link
        to the same page and reversing a URL is most of a plain cell's cost."""
        shown = self.display(row) if self.display else self.cell(row)
        text = "—" if shown in (None, "") else shown
        href = None
        if self.link:
            if self.link not in links:
                links[self.link] = self.link(row)
            href = links[self.link]
        return format_html('<a href="{}">{}</a>', href, text) if href else conditional_escape(text)


@dataclass(frozen=True)
class Table:
    headers: list[str | Promise]
    rows: list[list[SafeString]]

    @property
    def body(self) -> SafeString:
        """The rows as HTML, joined here: the cells are escaped already, and the template
        language rendering 50 rows of 10 cells one variable at a time cost a page ~2 ms of CPU."""
        cells = ("".join(f"<td>{cell}</td>" for cell in row) for row in self.rows)
        return mark_safe("\n".join(f"<tr>{row}</tr>" for row in cells))  # noqa: S308


@dataclass(frozen=True, eq=False)  # equal only to itself: it keys kept pages (`kept_page`)
class Register(Generic[T, F]):
    """A list's filters and columns. `name` names the export file. A big list gives `order`,
    the fields it is sorted by ending with a unique one ("pk"): it is then read page by page
    after a cursor (`core.keyset`) instead of by page number."""

    name: str
    filters: type[F]
    columns: tuple[Column[T], ...]
    empty: str | Promise = NOTHING_MATCHES
    order: tuple[str, ...] = ()

    def headers(self) -> list[str]:
        return [c.key for c in self.columns if c.export]

    def export_rows(self, rows: Iterable[T]) -> Iterator[list[Cell]]:
        cells = [c.cell for c in self.columns if c.export]
        for row in rows:
            yield [cell(row) for cell in cells]

    def table(self, rows: Iterable[T]) -> Table:
        shown = [c for c in self.columns if c.page]
        rows_html = []
        for row in rows:
            links: dict[Any, str | None] = {}
            rows_html.append([c.html(row, links) for c in shown])
        return Table(headers=[c.label for c in shown], rows=rows_html)


def paginated(register: Register[Any, Any]) -> Callable[[Callable[..., Any]], Any]:
    """An API list's pagination, as its page pages: after a cursor in the register's `order`
    where it declares one, by page number otherwise."""
    if register.order:
        return paginate(KeysetPagination, order=register.order)  # type: ignore[no-any-return]
    return paginate(Pagination)  # type: ignore[no-any-return]


# --- Filters from the query string ----------------------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _plain(annotation: Any) -> Any:
    """`int | None` → int (`list[int]` stays as it is)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


def _label(info: Any, name: str) -> Label:
    found = next((m for m in info.metadata if isinstance(m, Label)), None)
    return found or Label(name.replace("_", " ").capitalize())


class QuickSelect(forms.Select):
    """A select that writes its options directly: Django's widget templates render one template
    per option (about 0.4 ms each), so a filter listing 200 units cost a list page 80 ms.
    Options may be grouped, as Django's choices are: (group label, [(value, text), ...])."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}

        def option(key: Any, text: Any) -> str:
            selected = " selected" if str(key) in chosen else ""
            return f'<option value="{_escaped(key)}"{selected}>{_escaped(text)}</option>'

        def group(label: Any, pairs: Iterable[tuple[Any, Any]]) -> str:
            inner = "".join(option(*pair) for pair in pairs)
            return f'<optgroup label="{_escaped(label)}">{inner}</optgroup>'

        parts = [
            group(key, text) if isinstance(text, list | tuple) else option(key, text)
            for key, text in self.choices
        ]
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        select = f'<select name="{_escaped(name)}"{flatatt(final)}>{"".join(parts)}</select>'
        return mark_safe(select)  # noqa: S308 (every value in it is escaped)


def _escaped(value: Any) -> str:
    """`conditional_escape` without its lazy-text wrapper: the standard library's escape, which
    Django's calls (a select of 200 options spent most of its time in the wrappers)."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """A QuickSelect of several values (a `list[...]` field with options)."""


def _is_list(annotation: Any) -> bool:
    return get_origin(_plain(annotation)) is list


_KEPT_OPTIONS: KeptUntilWrite[list[tuple[Any, Any]]] = KeptUntilWrite(size=1024)


def kept_options(options: Options, user: Any) -> list[tuple[Any, Any]]:
    """A select's options for this user acting for this organisation, kept until anything is
    written (`core.kept`): an option list depends on nothing else."""
    membership = getattr(user, "active_membership", None)
    key = (options, getattr(user, "pk", None), membership.pk if membership else None)
    return _KEPT_OPTIONS.get(key, lambda: list(options(user)))


def _form_field(name: str, info: Any, user: Any) -> forms.Field:
    label = _label(info, name)
    kind = _plain(info.annotation)
    several = _is_list(info.annotation)
    common: dict[str, Any] = {"label": label.text, "required": False, "help_text": label.help}
    if info.default not in (None, "", PydanticUndefined):
        common["initial"] = info.default  # what applies when the field is left out
    if label.options is not None:
        options = label.options
        read: list[tuple[Any, Any]] = []

        def choices() -> list[tuple[Any, Any]]:
            """Read once, when the page draws the select (never for an export)."""
            if not read:
                read.extend([*([] if several else [("", _("Any"))]), *kept_options(options, user)])
            return read

        if several:
            return forms.MultipleChoiceField(choices=choices, widget=QuickSelectMultiple, **common)
        return forms.ChoiceField(choices=choices, widget=QuickSelect, **common)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        labels = getattr(kind, "choices", [(m.value, m.name) for m in kind])
        return forms.ChoiceField(choices=[("", _("Any")), *labels], widget=QuickSelect, **common)
    if kind is bool:
        return forms.BooleanField(**common)
    if kind is datetime.date:
        return forms.DateField(widget=DATE, **common)
    if kind is int:
        return forms.IntegerField(**common)
    if several:  # typed, one or more a line (the schema splits them)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    return forms.CharField(**common)


ERROR_MESSAGES: dict[str, str | Promise] = {
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "enum": gettext_lazy("Select one of the choices."),
    "literal_error": gettext_lazy("Select one of the choices."),
    "bool_parsing": gettext_lazy("Enter yes or no."),
}


def _error_message(error: Any) -> str:
    """A message a person can act on: the schema validator's own (already translated), or ours
    for pydantic's built-in checks."""
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    return str(ERROR_MESSAGES.get(error["type"], gettext_lazy("Enter a valid value.")))


@dataclass
class Filtering(Generic[F]):
    """The filters read from a query string: `values` holds every valid one (an invalid value
    is left out and explained on `form`, which redisplays what was typed)."""

    values: F
    form: forms.Form
    errors: dict[str, str] = field(default_factory=dict)

    def refuse(self, exc: ValidationError) -> None:
        """A refusal of the rows these filters ask for (a deadline past, a group too big), made
        by the code that computes them: explained on the form as a bad value is, and the
        export answers 400 with it."""
        named = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        for name, messages in named.items():
            on = name if name in self.form.fields else None
            self.form.add_error(on, messages)
            self.errors.setdefault(name if on else "", " ".join(messages))


def _given(data: Any, name: str, several: bool) -> Any:
    """A field's value in the query string; every value of a list field (`?course=1&course=2`)."""
    if not several:
        return data.get(name)
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
    return [v for v in ([values] if isinstance(values, str) else values) if v not in ("", None)]


def read_filters(schema: type[F], data: Any, user: Any) -> Filtering[F]:
    """Validate the schema from a query string (a QueryDict or a dict); never raises for bad
    input: each invalid field gets a message a person can act on, and is ignored."""
    fields = schema.model_fields
    given = {
        name: value
        for name, value in (
            (name, _given(data, name, _is_list(info.annotation))) for name, info in fields.items()
        )
        if value not in ("", None, [])
    }
    errors: dict[str, str] = {}
    try:
        values = schema.model_validate(given)
    except SchemaError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            errors.setdefault(name, _error_message(error))
        values = schema.model_validate({k: v for k, v in given.items() if k not in errors})
    form_class = type(
        f"{schema.__name__}Form",
        (forms.Form,),
        {name: _form_field(name, info, user) for name, info in fields.items()},
    )
    form = form_class(data or None)
    # The form only redisplays the query and carries the schema's errors: it is never cleaned
    # (its own validation would answer a second time, and load every select's options).
    form.cleaned_data = {}
    form._errors = ErrorDict()
    for name, message in errors.items():
        form.add_error(name if name in fields else None, message)
    return Filtering(values=values, form=form, errors=errors)


# --- The list page and its export -----------------------------------------------------------------


@dataclass
class Listing(Generic[F, QS]):
    """A register read for one request: its filters, and the scoped rows they select."""

    register: Register[Any, F]
    filtering: Filtering[F]
    rows: QS

    @property
    def filters(self) -> F:
        return self.filtering.values

    def export(self, fmt: str) -> Any:
        """The rows as a CSV or XLSX download; bad filters are a 400 that says which (a file
        of other rows than asked for would be worse than none)."""
        if self.filtering.errors:
            problems = "; ".join(f"{name}: {text}" for name, text in self.filtering.errors.items())
            return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
        rows = self.rows.iterator(chunk_size=2000) if isinstance(self.rows, QuerySet) else self.rows
        return tabular_response(
            filename=f"{self.register.name}-{timezone.localdate().isoformat()}",
            fmt=fmt,
            headers=self.register.headers(),
            rows=self.register.export_rows(rows),
        )

    def context(
        self,
        request: HttpRequest,
        *,
        rows: QuerySet[Any] | Sequence[Any] | None = None,
        export: str | None = None,
        export_args: Sequence[Any] = (),
        per_page: int = PAGE_SIZE,
    ) -> dict[str, Any]:
        """What `core/_register_table.html` draws: the filter form, one page of the table (of
        `rows` when the page needs them annotated), page links and, given the export view's URL
        name (and its arguments before the format), the export links with the same filters."""
        shown = self.rows if rows is None else rows
        page: Page[Any] | KeysetPage
        if isinstance(shown, QuerySet):
            page, table = kept_page(self.register, shown, request.GET, per_page)
        else:
            page = Paginator(shown, per_page).get_page(request.GET.get("page"))
            table = self.register.table(page.object_list)
        query = query_without_page(request)
        links = (
            [
                (fmt.upper(), f"{reverse(export, args=[*export_args, fmt])}?{query}")
                for fmt in FORMATS
            ]
            if export
            else []
        )
        return {
            "form": self.filtering.form,
            "page": page,
            "table": table,
            "query": query,
            "export_links": links,
            "empty": self.register.empty,
        }


_KEPT_PAGES: KeptUntilWrite[tuple[KeysetPage | Page[Any], Table]] = KeptUntilWrite(size=512)


def kept_page(
    register: Register[Any, Any], rows: QuerySet[Any], data: Any, per_page: int
) -> tuple[KeysetPage | Page[Any], Table]:
    """A page of a list and its table, kept until anything is written (`core.kept`) per query
    (scope and filters included) and page: the table is drawn from the rows alone, so two
    readers of the same query see the same page."""

    def read() -> tuple[KeysetPage | Page[Any], Table]:
        page: KeysetPage | Page[Any] = (
            keyset_page(rows, register.order, data, per_page)
            if register.order
            else Paginator(rows, per_page).get_page(data.get("page"))
        )
        return page, register.table(page.object_list)

    found = query_key(rows)
    cursor = (data.get("after"), data.get("before"), data.get("page"), per_page)
    return _KEPT_PAGES.get((register, found, cursor) if found else None, read)


def listing(request: HttpRequest, register: Register[Any, F], scoped: QS) -> Listing[F, QS]:
    """The register's filters from `request.GET`, applied to the already-scoped queryset (whose
    QuerySet defines `filtered(filters)`). Rows computed in Python (a sequence) are listed as
    given: the code that computed them applied the filters (see `computed`)."""
    filtering = read_filters(register.filters, request.GET, request.user)
    filterable: Any = scoped
    rows: QS = filterable.filtered(filtering.values) if isinstance(scoped, QuerySet) else scoped
    return Listing(register=register, filtering=filtering, rows=rows)


R = TypeVar("R")


def computed(filtering: Filtering[F], compute: Callable[[F], R]) -> R | None:
    """A result computed in Python from valid filters (a report, who lacks which course); None
    while a filter is invalid, or when `compute` refuses (its ValidationError is explained on
    the form: see `Filtering.refuse`)."""
    if filtering.errors:
        return None
    try:
        return compute(filtering.values)
    except ValidationError as exc:
        filtering.refuse(exc)
        return None


def list_page(
    request: HttpRequest,
    register: Register[T, F],
    scoped: QuerySet[Any] | Sequence[T],
    *,
    template: str,
    export: str | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """A plain list page: filters, a page of the table, page and export links."""
    found = listing(request, register, scoped)
    return render(request, template, {**found.context(request, export=export), **(context or {})})


def register_views(
    register: Register[M, F],
    rows: Callable[[HttpRequest], QuerySet[M]],
    *,
    template: str,
    export: str,
    context: Callable[[HttpRequest], dict[str, Any]] | None = None,
) -> tuple[Callable[[HttpRequest], HttpResponse], Callable[[HttpRequest, str], Any]]:
    """A register's list page and its CSV/XLSX export (URL name `export`), both over the same
    scoped rows, `rows(request)`; `context(request)` adds to the page's context."""

    @login_required
    def page(request: HttpRequest) -> HttpResponse:
        extra = context(request) if context else None
        return list_page(
            request, register, rows(request), template=template, export=export, context=extra
        )

    @login_required
    def download(request: HttpRequest, fmt: str) -> Any:
        return export_response(request, register, rows(request), fmt)

    return page, download


def export_response(
    request: HttpRequest, register: Register[M, F], scoped: QuerySet[M], fmt: str
) -> Any:
    """The filtered list as a CSV or XLSX download (see `Listing.export`)."""
    return listing(request, register, scoped).export(fmt)
