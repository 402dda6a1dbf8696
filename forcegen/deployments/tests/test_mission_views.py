"""Mission pages and API: everyone reads the same UN reference data; lists stay cheap."""

import pytest

from forcegen.deployments.demo import seed


@pytest.fixture
def missions(db):
    seed()


def test_list_search_and_active_filter(cast, login, missions, django_assert_num_queries):
    client = login(cast["la_planner"])
    with django_assert_num_queries(5):
        html = client.get("/deployments/missions/?q=sudan&active=1").content.decode()
    assert "UNMISS" in html
    assert "UNMIS<" not in html  # the closed mission in Sudan is filtered out
    assert "MINUSCA" not in html


def test_detail_flags_doubtful_coordinates(cast, login, missions):
    html = login(cast["vn_viewer"]).get("/deployments/missions/UNOSOM%20I/").content.decode()
    assert "may be swapped in the source" in html
    assert login(cast["vn_viewer"]).get("/deployments/missions/NOPE/").status_code == 404


def test_api_lists_and_fetches_missions(cast, api, missions):
    client = api(cast["outsider"])
    active = client.get("/api/v1/missions/?active=true&page_size=100").json()
    acronyms = {m["acronym"] for m in active["items"]}
    assert {"UNMISS", "MINUSCA", "UNISFA"} <= acronyms
    assert "MINUSMA" not in acronyms  # closed on 31 Dec 2023, corrected from the file
    assert client.get("/api/v1/missions/UNISFA/").json()["location"] == "Abyei"
    assert client.get("/api/v1/missions/XXX/").status_code == 404


def test_page_links_keep_the_search_url_encoded(cast, login, missions):
    html = login(cast["vn_viewer"]).get("/deployments/missions/?q=United+Nations").content.decode()
    assert 'href="?q=United+Nations&amp;page=2"' in html
    second = login(cast["vn_viewer"]).get("/deployments/missions/?q=United+Nations&page=2")
    assert 'href="?q=United+Nations&amp;page=1"' in second.content.decode()
