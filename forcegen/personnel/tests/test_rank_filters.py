"""The people list filters by the organisation's own ranks, and by NATO grade separately."""

import re

from forcegen.personnel.tests.factories import PersonFactory, RankFactory


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_rank_filter_shows_own_ranks_and_nato_grades_apart(cast, login, orgs):
    """Issue 16 (14): the rank filter mixed every visible organisation's ranks with NATO codes."""
    major = RankFactory.create(
        organisation=orgs["vn"],
        code="thieu-ta",
        name_native="Thiếu tá",
        name_en="Major",
        nato_code="OF-3",
    )
    captain = RankFactory.create(organisation=orgs["vn"])
    lao = RankFactory.create(
        organisation=orgs["la"],
        code="phan-tee",
        name_native="ພັນຕີ",
        name_en="Major",
        nato_code="OF-3",
    )
    PersonFactory.create(organisation=orgs["vn"], rank=major, full_name="Le Van Major")
    PersonFactory.create(organisation=orgs["vn"], rank=captain, full_name="Pham Van Captain")
    PersonFactory.create(organisation=orgs["la"], rank=lao, full_name="Lao Major")
    client = login(cast["vn_planner"])
    html = client.get("/personnel/").content.decode()
    assert options(html, "rank") == ["", "thieu-ta", "dai-uy"]
    assert "OF-3" in options(html, "nato_grade")
    assert "Thiếu tá · Major" in html
    by_grade = client.get("/personnel/?nato_grade=OF-3").content.decode()
    assert "Le Van Major" in by_grade
    assert "Pham Van Captain" not in by_grade
