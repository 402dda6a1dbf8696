"""Legal-register fixtures: legal officers of each organisation, and a small Vietnamese graph."""

import datetime

import pytest

from forcegen.core.models import SharingGrant
from forcegen.core.services import grant_sharing
from forcegen.documents import services
from forcegen.documents.models import CoverageItem, DocumentStatus, DocumentType, IssuingBody

D = datetime.date


@pytest.fixture
def legal(make_user):
    return {
        "vn": make_user("vn-legal", ("vn", "legal_officer")),
        "la": make_user("la-legal", ("la", "legal_officer")),
        "out": make_user("out-legal", ("out", "legal_officer")),
    }


def kind(country: str, code: str) -> DocumentType:
    return DocumentType.objects.get(country=country, code=code)


def issuer(country: str, code: str) -> IssuingBody:
    return IssuingBody.objects.get(country=country, code=code)


def make_document(org, user, *, country="VNM", type="decree", by="CP", **fields):
    fields.setdefault("title", "Văn bản")
    fields.setdefault("title_en", "A document")
    fields.setdefault("language", "vi" if country == "VNM" else "lo")
    return services.create_document(
        organisation=org, user=user, type=kind(country, type), issuer=issuer(country, by), **fields
    )


@pytest.fixture
def graph(orgs, legal):
    """Resolution 130 (2021) replaced by Law 92 from 2026-01-01; decrees detailing each."""
    vn, user = orgs["vn"], legal["vn"]
    legal_basis = CoverageItem.objects.get(code="legal-basis")
    enacted = {"status": DocumentStatus.IN_FORCE}
    res130 = make_document(
        vn,
        user,
        type="na-resolution",
        by="QH14",
        number="130/2020/QH14",
        title="Nghị quyết về tham gia lực lượng gìn giữ hòa bình",
        title_en="Resolution on participation in UN peacekeeping forces",
        signed_on=D(2020, 11, 13),
        effective_from=D(2021, 7, 1),
        covers=[legal_basis],
        is_shared=True,
        **enacted,
    )
    decree61 = make_document(
        vn,
        user,
        number="61/2021/NĐ-CP",
        title="Nghị định quy định chi tiết",
        title_en="Decree detailing Resolution 130",
        signed_on=D(2021, 6, 25),
        effective_from=D(2021, 7, 1),
        **enacted,
    )
    law92 = make_document(
        vn,
        user,
        type="law",
        by="QH15",
        number="92/2025/QH15",
        title="Luật Tham gia lực lượng gìn giữ hòa bình của Liên hợp quốc",
        title_en="Law on Participation in UN Peacekeeping Forces",
        signed_on=D(2025, 6, 26),
        effective_from=D(2026, 1, 1),
        covers=[legal_basis],
        is_shared=True,
        text="Điều 1. Phạm vi điều chỉnh\nLuật này quy định việc tham gia.\n",
        **enacted,
    )
    decree01 = make_document(
        vn,
        user,
        number="01/2026/NĐ-CP",
        title="Nghị định quy định chi tiết Luật",
        title_en="Decree detailing Law 92",
        effective_from=D(2026, 1, 1),
        **enacted,
    )
    services.add_relation(source=decree61, target=res130, kind="details")
    services.add_relation(source=law92, target=res130, kind="replaces", effective_on=D(2026, 1, 1))
    services.add_relation(source=decree01, target=law92, kind="details")
    return {"res130": res130, "decree61": decree61, "law92": law92, "decree01": decree01}


@pytest.fixture
def shared(orgs):
    """Viet Nam shares its chosen documents with Laos; Laos opens its drafts to Viet Nam."""
    grant_sharing(
        grantor=orgs["vn"],
        grantee=orgs["la"],
        scope=SharingGrant.Scope.DOCUMENTS_CHOSEN,
        user=None,
    )
    grant_sharing(
        grantor=orgs["la"],
        grantee=orgs["vn"],
        scope=SharingGrant.Scope.DOCUMENTS_CONSULTATION,
        user=None,
    )
