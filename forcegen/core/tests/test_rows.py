"""Tables drawn in Python escape every value once and keep the template's markup."""

from types import SimpleNamespace

from forcegen.core import rows


def test_a_person_cell_links_and_escapes():
    someone = SimpleNamespace(
        pk=7,
        full_name="<b>Lan</b>",
        rank="Đại úy (OF-2)",
        service_number="VN&1",
        get_sex_display=lambda: "Nữ",
    )
    assert rows.person(someone) == (
        '<a href="/personnel/7/">&lt;b&gt;Lan&lt;/b&gt;</a>'
        '<br><span class="muted">Đại úy (OF-2) · VN&amp;1 · Nữ</span>'
    )


def test_reasons_are_a_list_only_when_there_are_some():
    assert rows.failures([]) == ""
    assert rows.failures(["a < b"], "notes") == (
        '<ul class="failures" data-testid="notes"><li>a &lt; b</li></ul>'
    )


def test_a_row_joins_its_cells_under_its_id():
    assert rows.row(["x", "y"], "slot-3") == '<tr id="slot-3"><td>x</td><td>y</td></tr>'
    assert rows.row(["x"]) == "<tr><td>x</td></tr>"
