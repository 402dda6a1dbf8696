import pytest

from forcegen.documents import numbering


@pytest.mark.parametrize(
    ("number", "pattern", "type_symbol", "issuer", "expected"),
    [
        ("61/2021/NĐ-CP", "{number}/{year}/{type}-{issuer}", "NĐ", "CP", (61, 2021)),
        ("01/2026/NĐ-CP", "{number}/{year}/{type}-{issuer}", "NĐ", "CP", (1, 2026)),
        ("1897/QĐ-TTg", "{number}/{type}-{issuer}", "QĐ", "TTg", (1897, None)),
        ("92/2025/QH15", "{number}/{year}/{issuer}", "", "QH15", (92, 2025)),
        ("136/PM", "{number}/{issuer}", "", "PM", (136, None)),
        (" 136 / PM ", "{number}/{issuer}", "", "PM", (136, None)),
    ],
)
def test_numbers_that_fit(number, pattern, type_symbol, issuer, expected):
    parsed = numbering.parse(number, pattern=pattern, type_symbol=type_symbol, issuer_code=issuer)
    assert parsed is not None
    assert (parsed.sequence, parsed.year) == expected


@pytest.mark.parametrize(
    "number", ["61/NĐ-CP", "61/2021/QĐ-CP", "0/2021/NĐ-CP", "61/2021/NĐ-CP/x", "x/2021/NĐ-CP"]
)
def test_numbers_that_do_not_fit(number):
    assert (
        numbering.parse(
            number, pattern="{number}/{year}/{type}-{issuer}", type_symbol="NĐ", issuer_code="CP"
        )
        is None
    )


def test_example_fills_the_pattern():
    pattern = "{number}/{year}/{type}-{issuer}"
    filled = numbering.example(pattern, type_symbol="TT", issuer_code="BQP", sequence=5, year=2026)
    assert filled == "5/2026/TT-BQP"


def test_pattern_needs_a_number_and_known_tokens():
    assert numbering.is_valid_pattern("{number}/{issuer}")
    assert not numbering.is_valid_pattern("{year}/{issuer}")
    assert not numbering.is_valid_pattern("{number}/{issuing}")
