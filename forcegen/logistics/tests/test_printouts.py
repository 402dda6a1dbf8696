"""The MOU and load-list PDFs: the page's numbers, in the reader's language, outsiders 404."""

import datetime
import io
from decimal import Decimal

from pypdf import PdfReader

from forcegen.core.models import Term
from forcegen.logistics import services

from .conftest import inspect


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(page.extract_text() for page in pages)


def test_the_mou_pdf_carries_the_annexes_and_the_totals_of_the_page(cast, login, mou):
    client = login(cast["vn_planner"])
    text = _text(client.get(f"/logistics/mou/{mou.pk}/mou.pdf?on=2018-08-01"))
    # 3 people × 1,428 (from 1 Jul 2018); 3 bulldozers × 1,000 × 1.05; catering 3 × 20 × 1.05.
    for expected in (
        "Annex A: personnel",
        "4,284.00",
        "Annex B: major equipment",
        "3,150.00",
        "Annex C: self-sustainment",
        "63.00",
        "7,497.00",
        "Extreme environmental conditions",
    ):
        assert expected in text
    page = client.get(f"/logistics/mou/{mou.pk}/?on=2018-08-01").content.decode()
    assert "7497.00" in page or "7,497.00" in page
    assert login(cast["outsider"]).get(f"/logistics/mou/{mou.pk}/mou.pdf").status_code == 404


def test_the_mou_pdf_in_lao_draws_lao_headings_in_the_lao_font(cast, login, mou):
    client = login(cast["vn_planner"])
    client.cookies["django_language"] = "lo"
    response = client.get(f"/logistics/mou/{mou.pk}/mou.pdf", headers={"accept-language": "lo"})
    assert b"NotoSansLao" in response.content
    assert "Annex A: personnel" not in _text(response)


def test_the_load_list_pdf_lists_the_lines_with_their_totals(cast, login, rotation, bulldozers):
    air = services.save_load_list(rotation=rotation, name="Main body", mode="air", passengers=184)
    for item in bulldozers[:2]:
        services.add_load_entry(load_list=air, item=item, container="C-01")
    services.add_load_entry(
        load_list=air,
        description="Medical stores",
        weight_kg=Decimal("1200.5"),
        volume_m3=Decimal(6),
    )
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5))
    text = _text(login(cast["vn_planner"]).get(f"/logistics/load-lists/{air.pk}/load-list.pdf"))
    assert "Main body" in text
    assert "184 passengers × 45 kg = 8280 kg" in text
    assert "Medical stores" in text
    assert "Bulldozer, medium BD-1" in text  # the catalogue's name
    assert "37,200.5" in text  # 2 × 18,000 + 1,200.5
    assert "96.00" in text  # 2 × 45 + 6
    url = f"/logistics/load-lists/{air.pk}/load-list.pdf"
    assert login(cast["outsider"]).get(url).status_code == 404


def test_load_list_lines_name_items_in_the_readers_language_and_keep_typed_lines(
    cast, login, rotation, bulldozer, bulldozers
):
    """In Lao: a catalogued item by the catalogue's Lao name, an uncatalogued one by the shared
    vocabulary's, a line written by hand as typed; the page and the printout alike."""
    bulldozer.name_lo = "ລົດແທັກເຕີ ຂະໜາດກາງ"
    bulldozer.save()
    Term.objects.create(kind="equipment", key="Generator", name_en="Generator", name_lo="ເຄື່ອງປັ່ນໄຟ")
    generator = services.save_item(
        unit=rotation.unit, category="Power", item="Generator", serial="G-7", weight_kg=Decimal(900)
    )
    sea = services.save_load_list(rotation=rotation, name="Sea lift", mode="sea")
    services.add_load_entry(load_list=sea, item=bulldozers[0], container="C-01")
    services.add_load_entry(load_list=sea, item=generator, volume_m3=Decimal(2))
    services.add_load_entry(
        load_list=sea, description="Spare parts crate", weight_kg=Decimal(80), volume_m3=Decimal(1)
    )
    client = login(cast["vn_planner"])
    client.cookies["django_language"] = "lo"
    page = client.get(f"/logistics/load-lists/{sea.pk}/", headers={"accept-language": "lo"})
    table = page.content.decode().split('data-testid="load-entries"')[1].split("</table>")[0]
    assert "ລົດແທັກເຕີ ຂະໜາດກາງ" in table
    assert "ເຄື່ອງປັ່ນໄຟ" in table
    assert "Spare parts crate" in table
    assert "Bulldozer" not in table
    assert "Generator" not in table

    pdf = client.get(
        f"/logistics/load-lists/{sea.pk}/load-list.pdf", headers={"accept-language": "lo"}
    )
    text = _text(pdf)
    assert b"NotoSansLao" in pdf.content
    assert "Spare parts crate" in text
    assert "Bulldozer" not in text
    assert "Generator" not in text
    assert "G-7" in text
