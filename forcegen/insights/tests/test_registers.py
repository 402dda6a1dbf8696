"""The UN ranking and a contributor's trend: each page and its export read one declaration."""

import csv
import io
import re

from forcegen.insights.registers import RANKING, TREND

from .test_pages_and_api import monthly, ranks_2022, vietnam  # noqa: F401 (fixtures)


def _table(html, testid):
    """The headers and rows of the page's table, as text."""
    table = html.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
    ]
    return headers, rows


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_ranking_page_and_export_read_one_declaration(cast, login, ranks_2022):  # noqa: F811
    client = login(cast["vn_planner"])
    html = client.get("/insights/?month=2022-01").content.decode()
    headers, rows = _table(html, "ranking")
    assert headers == ["Rank", "Contributor", "Women", "Men", "Total", "Published rank"]
    assert headers == [str(c.label) for c in RANKING.columns if c.page]
    exported = _csv(client, "/insights/export.csv?month=2022-01")
    # the UN's own column names, which users' spreadsheets read
    assert exported[0] == ["Rank", "ISOCode3", "Contributing_Country", "Female", "Male", "Total"]
    assert exported[0] == RANKING.headers()
    assert len(exported) - 1 == len(rows) == 122
    assert exported[1] == ["1", "BGD", "Bangladesh", "397", "6006", "6403"]
    assert rows[0] == ["1", "Bangladesh BGD", "397", "6006", "6403", "1"]
    for page_row, file_row in zip(rows, exported[1:], strict=True):
        assert [page_row[0], *page_row[2:5]] == [file_row[0], *file_row[3:6]]
        assert page_row[1] == f"{file_row[2]} {file_row[1]}"
    # the export link on the page carries the page's filters
    assert 'href="/insights/export.csv?month=2022-01"' in html


def test_ranking_bad_month_is_explained_on_the_page_and_refused_for_the_file(
    cast,
    login,
    ranks_2022,  # noqa: F811
):
    client = login(cast["vn_planner"])
    page = client.get("/insights/?month=2022-13")
    assert page.status_code == 400
    assert "Give the month as YYYY-MM" in page.content.decode()
    assert 'data-testid="ranking"' not in page.content.decode()
    refused = client.get("/insights/export.csv?month=2022-13")
    assert refused.status_code == 400
    assert "month: Give the month as YYYY-MM" in refused.content.decode()
    assert client.get("/insights/?month=2022-13&format=csv").status_code == 400


def test_trend_page_and_export_read_one_declaration(cast, login, vietnam):  # noqa: F811
    client = login(cast["vn_planner"])
    query = "country=VNM&start=2024-10&end=2024-12"
    html = client.get(f"/insights/country/?{query}").content.decode()
    headers, rows = _table(html, "trend")
    assert headers == ["Month", "Women", "Men", "Total"]
    assert headers == [str(c.label) for c in TREND.columns if c.page]
    assert rows == [
        ["2024-10", "18", "176", "194"],
        ["2024-11", "19", "176", "195"],
        ["2024-12", "20", "176", "196"],
    ]
    exported = _csv(client, f"/insights/country/export.csv?{query}")
    assert exported[0] == ["Month", "ISOCode3", "Female", "Male", "Total"] == TREND.headers()
    assert [[row[0][:7], *row[2:]] for row in exported[1:]] == rows
    assert {row[1] for row in exported[1:]} == {"VNM"}
    # the former address of the export still answers, with the same file
    assert _csv(client, f"/insights/country/?{query}&format=csv") == exported
    # defaults: the user's own country up to the latest month
    assert _csv(client, "/insights/country/export.csv") == exported


def test_trend_bad_filters_are_explained_on_the_page_and_refused_for_the_file(
    cast,
    login,
    vietnam,  # noqa: F811
):
    client = login(cast["vn_planner"])
    for query, message in (
        ("country=V1", "Give the contributor as a three-letter code"),
        ("peers=IDN,XX", "Give the contributor as a three-letter code"),
        ("start=2024-13", "Give the month as YYYY-MM"),
        ("start=2024-12&end=2024-10", "The end comes before the start."),
    ):
        page = client.get(f"/insights/country/?{query}")
        assert page.status_code == 400, query
        assert message in page.content.decode(), query
        refused = client.get(f"/insights/country/export.csv?{query}")
        assert refused.status_code == 400, query
        assert message in refused.content.decode(), query


def test_trend_page_query_count_does_not_grow(cast, login, constant_queries, vietnam):  # noqa: F811
    client = login(cast["vn_planner"])
    html = constant_queries(
        client,
        "/insights/country/",
        lambda: monthly(
            "more.csv",
            *(f"Viet Nam,VNM,UNMISS,Troops,1,{m},28/{m:02d}/2024" for m in range(1, 10)),
        ),
    )
    assert "<td>2024-09</td><td>1</td><td>9</td><td>10</td>" in html
