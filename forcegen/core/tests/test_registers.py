"""The register kit: filters read from a query string never fail the page, the same schema is the
API's query, and one column list draws the table and writes the export."""

import datetime
import enum
from typing import Annotated, Any

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation
from ninja import Field, Schema

from forcegen.core.models import Organisation
from forcegen.core.registers import Column, Label, Listing, Register, computed, read_filters


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Filters(Schema):
    q: Annotated[str, Label("Search")] = ""
    unit: Annotated[int | None, Label("Unit", lambda user: [(1, "One"), (2, "Two")])] = None
    colour: Colour | None = None
    on: Annotated[datetime.date | None, Field(description="A day.")] = None
    active: bool | None = None


def test_valid_filters_are_typed():
    found = read_filters(Filters, QueryDict("q=ab&unit=2&colour=red&on=2025-01-31&active=on"), None)
    assert found.errors == {}
    assert found.values == Filters(
        q="ab", unit=2, colour=Colour.RED, on=datetime.date(2025, 1, 31), active=True
    )


def test_empty_values_mean_no_filter():
    found = read_filters(Filters, QueryDict("q=&unit=&on=&page=3"), None)
    assert found.errors == {}
    assert found.values == Filters()


@pytest.mark.django_db  # options are kept until the database is written (core.kept)
def test_an_invalid_value_is_explained_and_left_out_while_the_others_apply():
    found = read_filters(Filters, QueryDict("q=ab&unit=x&on=2025-13-01&colour=green"), None)
    assert found.values == Filters(q="ab")
    assert found.errors == {
        "unit": "Enter a whole number.",
        "on": "Enter a date as YYYY-MM-DD.",
        "colour": "Select one of the choices.",
    }
    html = found.form.as_div()
    assert "Enter a whole number." in html
    assert 'value="2025-13-01"' in html  # what was typed is shown again, to be corrected


@pytest.mark.django_db  # options are kept until the database is written (core.kept)
def test_the_form_takes_labels_and_options_from_the_schema():
    form = read_filters(Filters, QueryDict(""), None).form
    assert form.fields["q"].label == "Search"
    unit: Any = form.fields["unit"]
    colour: Any = form.fields["colour"]
    assert list(unit.choices) == [("", "Any"), (1, "One"), (2, "Two")]
    assert [value for value, _label in colour.choices] == ["", "red", "blue"]
    assert form.fields["on"].widget.input_type == "date"


COLUMNS: Register[Organisation, Filters] = Register(
    name="organisations",
    filters=Filters,
    columns=(
        Column("code", "Code", "code", link=lambda o: f"/organisations/{o.code}/"),
        Column("name", "Name", "name_en", display=lambda o: f"{o.name_en} <b>"),
        Column("country", "Country", lambda o: o.country.lower(), page=False),
        Column("note", "Note", lambda o: "", export=False),
    ),
)


@pytest.mark.django_db
def test_one_column_list_draws_the_table_and_writes_the_export():
    org = Organisation(code="vn-dpko", name_en="Viet <Nam>", country="VNM", kind="other")
    assert COLUMNS.headers() == ["code", "name", "country"]
    assert list(COLUMNS.export_rows([org])) == [["vn-dpko", "Viet <Nam>", "vnm"]]
    table = COLUMNS.table([org])
    assert table.headers == ["Code", "Name", "Note"]
    assert table.rows == [
        [
            '<a href="/organisations/vn-dpko/">vn-dpko</a>',
            "Viet &lt;Nam&gt; &lt;b&gt;",  # text is escaped: only format_html may add markup
            "—",
        ]
    ]


def test_the_quick_select_writes_plain_and_grouped_options_and_marks_the_chosen():
    from forcegen.core.registers import QuickSelect

    select = QuickSelect(choices=[("", "Any"), ("Active", [(1, "UNMISS"), (2, "A<B")])])
    html = select.render("mission", "2", attrs={"id": "id_mission"})
    assert html == (
        '<select name="mission" id="id_mission"><option value="">Any</option>'
        '<optgroup label="Active"><option value="1">UNMISS</option>'
        '<option value="2" selected>A&lt;B</option></optgroup></select>'
    )


class Several(Schema):
    units: Annotated[list[int], Label("Units", lambda user: [(1, "One"), (2, "Two")])] = []
    numbers: Annotated[list[str], Label("Numbers")] = []


@pytest.mark.django_db  # options are kept until the database is written (core.kept)
def test_a_list_field_reads_every_value_and_draws_a_multiple_select_or_a_box():
    found = read_filters(Several, QueryDict("units=1&units=2&numbers=VN-1+VN-2"), None)
    assert found.values == Several(units=[1, 2], numbers=["VN-1 VN-2"])
    html = found.form.as_div()
    assert '<select name="units" id="id_units" multiple>' in html
    assert '<option value="1" selected>One</option><option value="2" selected>Two</option>' in html
    assert '<textarea name="numbers"' in html
    assert "VN-1 VN-2</textarea>" in html
    assert read_filters(Several, {"units": [2]}, None).values.units == [2]  # a dict, as tests pass
    bad = read_filters(Several, QueryDict("units=1&units=x&numbers=VN-3"), None)
    assert bad.errors == {"units": "Enter a whole number."}
    assert bad.values == Several(numbers=["VN-3"])


@pytest.mark.django_db
def test_computed_rows_are_listed_paged_and_exported_and_a_refusal_is_explained(rf):
    def compute(filters):
        if filters.q == "none":
            raise ValidationError({"q": "Nothing is called that."})
        return [
            Organisation(code=f"org-{n:02d}", name_en=filters.q, country="VNM") for n in range(7)
        ]

    request = rf.get("/", {"q": "Viet", "page": "2"})
    filtering = read_filters(Filters, request.GET, None)
    rows = computed(filtering, compute)
    found = Listing(register=COLUMNS, filtering=filtering, rows=rows or [])
    context = found.context(request, per_page=5)
    assert [row[0] for row in context["table"].rows] == [
        '<a href="/organisations/org-05/">org-05</a>',
        '<a href="/organisations/org-06/">org-06</a>',
    ]
    exported = b"".join(found.export("csv").streaming_content).decode("utf-8-sig").splitlines()
    assert exported[1:] == [f"org-{n:02d},Viet,vnm" for n in range(7)]
    refused = read_filters(Filters, QueryDict("q=none"), None)
    assert computed(refused, compute) is None
    assert refused.errors == {"q": "Nothing is called that."}
    assert "Nothing is called that." in refused.form.as_div()
    assert Listing(register=COLUMNS, filtering=refused, rows=[]).export("csv").status_code == 400
