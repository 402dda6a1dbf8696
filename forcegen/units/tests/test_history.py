"""The change history reads as a person would: field labels, choice labels and record names, not
field names, codes, ids or the reverse relations auditlog records."""

from forcegen.units import services


def history(html):
    return html.split('id="history-title"')[1].split("</section>")[0]


def test_change_history_shows_labels_and_names(orgs, mini, cast, login):
    unit = services.create_unit(organisation=orgs["vn"], template=mini, name="Field hospital 9")
    client = login(cast["vn_admin"])
    shown = history(client.get(f"/units/{unit.pk}/").content.decode())
    assert "<strong>Kind</strong>: — → Level-2 field hospital" in shown  # not level2_hospital
    assert "<strong>Made from template</strong>: — → Mini hospital" in shown  # not an id
    assert f"<strong>Organisation</strong>: — → {orgs['vn'].name_en}" in shown
    for internal in ("pcrs_history", "PcrsRecord", "None", "level2_hospital", "<strong>id"):
        assert internal not in shown
    assert "<strong>Notes</strong>" not in shown  # empty before and after: nothing to say

    services.update_unit(unit=unit, name="Field hospital 10")
    latest = history(client.get(f"/units/{unit.pk}/").content.decode()).split("</tr>")[1]
    assert "<strong>Name</strong>: Field hospital 9 → Field hospital 10" in latest
