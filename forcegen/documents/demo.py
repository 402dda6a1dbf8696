"""Demo legal register. Viet Nam: the real instruments that govern its peacekeeping contribution
(reference-facts §1), with their real dates, relations and source tags; dates the reference file
does not give stay empty. Viet Nam shares its peacekeeping law and decrees with Laos; Laos opens its
drafts to Viet Nam for comment and has four drafts at different stages, three adapted from Viet
Nam's instruments, so its legal officer has work to do and its coverage report starts low.

Each organisation's documents are created once; running the demo again changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from forcegen.accounts.models import User
from forcegen.core.models import Organisation, SharingGrant
from forcegen.core.services import grant_sharing
from forcegen.personnel.models import Requirement

from . import citations, services
from .models import (
    CoverageItem,
    Document,
    DocumentStatus,
    DocumentType,
    IssuingBody,
    Relation,
    SourceTag,
)

D = datetime.date
REFERENCE = "docs/reference-facts.md §1"

# number, type, issuer, title (vi), title (en), signed, effective from, status, tag, covers, text
VIET_NAM: list[dict[str, Any]] = [
    {
        "number": "80/2015/QH13",
        "type": "law",
        "issuer": "QH13",
        "title": "Luật Ban hành văn bản quy phạm pháp luật",
        "title_en": "Law on Promulgation of Legal Normative Documents",
        "status": DocumentStatus.REPLACED,
        "tag": SourceTag.VERIFIED,
        "text": "Luật khung về ban hành văn bản quy phạm pháp luật; được thay thế bởi Luật "
        "64/2025/QH15. (Ngày thông qua và ngày hiệu lực không có trong tệp tham chiếu.)",
    },
    {
        "number": "64/2025/QH15",
        "type": "law",
        "issuer": "QH15",
        "title": "Luật Ban hành văn bản quy phạm pháp luật",
        "title_en": "Law on Promulgating Legal Normative Documents",
        "signed_on": D(2025, 2, 19),
        "status": DocumentStatus.IN_FORCE,
        "tag": SourceTag.VERIFIED,
        "covers": [],
        "text": "Luật khung về ban hành văn bản quy phạm pháp luật, thay thế Luật 80/2015/QH13. "
        "(Ngày hiệu lực không có trong tệp tham chiếu.)",
    },
    {
        "number": "130/2020/QH14",
        "type": "na-resolution",
        "issuer": "QH14",
        "title": "Nghị quyết về tham gia lực lượng gìn giữ hòa bình của Liên hợp quốc",
        "title_en": "Resolution on participation in United Nations peacekeeping forces",
        "signed_on": D(2020, 11, 13),
        "effective_from": D(2021, 7, 1),
        "status": DocumentStatus.REPLACED,
        "tag": SourceTag.VERIFIED,
        "covers": ["legal-basis"],
        "shared": True,
        "text": "Nghị quyết của Quốc hội về việc Việt Nam tham gia lực lượng gìn giữ hòa bình "
        "của Liên hợp quốc. Thông qua ngày 13/11/2020, có hiệu lực từ 01/7/2021.",
    },
    {
        "number": "61/2021/NĐ-CP",
        "type": "decree",
        "issuer": "CP",
        "title": "Nghị định quy định chi tiết Nghị quyết 130/2020/QH14",
        "title_en": "Decree detailing Resolution 130/2020/QH14 (commanders' tasks and powers, "
        "equipment marks, reporting on dispatch, adjustment and withdrawal)",
        "signed_on": D(2021, 6, 25),
        "status": DocumentStatus.IN_FORCE,
        "tag": SourceTag.VERIFIED,
        "covers": ["deployment-decision", "command-discipline", "equipment-logistics"],
        "text": "Quy định chi tiết Nghị quyết 130/2020/QH14: nhiệm vụ, quyền hạn của chỉ huy "
        "trưởng; dấu hiệu nhận biết trang bị; báo cáo về việc triển khai, điều chỉnh và rút lực "
        "lượng. (Ngày hiệu lực không có trong tệp tham chiếu.)",
    },
    {
        "number": "92/2025/QH15",
        "type": "law",
        "issuer": "QH15",
        "title": "Luật Tham gia lực lượng gìn giữ hòa bình của Liên hợp quốc",
        "title_en": "Law on Participation in United Nations Peacekeeping Forces",
        "signed_on": D(2025, 6, 26),
        "effective_from": D(2026, 1, 1),
        "status": DocumentStatus.IN_FORCE,
        "tag": SourceTag.VERIFIED,
        "covers": ["legal-basis"],
        "shared": True,
        "text": "Luật gồm 5 chương, 27 điều; bổ sung lực lượng dân sự. Thông qua ngày "
        "26/6/2025, có hiệu lực từ 01/01/2026; thay thế Nghị quyết 130/2020/QH14 trên thực tế. "
        "(Ngày tháng [V], nội dung [S].)",
    },
    {
        "number": "1897/QĐ-TTg",
        "type": "pm-decision-individual",
        "issuer": "TTg",
        "title": "Quyết định ban hành Kế hoạch triển khai thi hành Luật 92/2025/QH15",
        "title_en": "Decision on the plan to implement Law 92/2025/QH15 (two decrees, one "
        "defence circular, one public-security circular)",
        "signed_on": D(2025, 9, 4),
        "status": DocumentStatus.IN_FORCE,
        "tag": SourceTag.SECONDARY,
        "text": "Kế hoạch triển khai thi hành Luật 92/2025/QH15: hai nghị định, một thông tư "
        "của Bộ Quốc phòng và một thông tư của Bộ Công an. [S]",
    },
    {
        "number": "01/2026/NĐ-CP",
        "type": "decree",
        "issuer": "CP",
        "title": "Nghị định quy định chi tiết Luật Tham gia lực lượng gìn giữ hòa bình của "
        "Liên hợp quốc",
        "title_en": "Decree detailing Law 92/2025/QH15: deployment, adjustment, extension and "
        "withdrawal procedure; contingent commanders; equipment marks",
        "effective_from": D(2026, 1, 1),
        "status": DocumentStatus.IN_FORCE,
        "tag": SourceTag.SECONDARY,
        "covers": ["deployment-decision", "command-discipline", "equipment-logistics"],
        "shared": True,
        "text": "Trình tự triển khai: đề nghị của Liên hợp quốc → hồ sơ của Bộ Quốc phòng (và "
        "Bộ Công an) → Chính phủ → Hội đồng Quốc phòng và An ninh và Chủ tịch nước → quyết định "
        "của Chủ tịch nước → các bộ triển khai lực lượng. Chỉ huy trưởng lực lượng; dấu hiệu "
        "trang bị. [S]",
    },
    {
        "number": "53/2018/TB-LPQT",
        "type": "notice",
        "issuer": "LPQT",
        "title": "Thông báo về việc điều ước quốc tế có hiệu lực (Bản ghi nhớ Việt Nam – Liên "
        "hợp quốc về Bệnh viện dã chiến cấp 2 tại UNMISS, DFS/UNMISS/VIE/01)",
        "title_en": "Notice of entry into force of the UN–Viet Nam MOU for the Level-2 hospital "
        "in UNMISS (DFS/UNMISS/VIE/01)",
        "signed_on": D(2018, 12, 10),
        "status": DocumentStatus.IN_FORCE,
        "tag": SourceTag.VERIFIED,
        "text": "Bản ghi nhớ ký ngày 26/9/2018, có hiệu lực từ 01/10/2018.",
    },
]

# source, kind, target, effective on, note
VIET_NAM_GRAPH = [
    ("130/2020/QH14", Relation.Kind.BASED_ON, "80/2015/QH13", None, ""),
    ("64/2025/QH15", Relation.Kind.REPLACES, "80/2015/QH13", None, ""),
    ("61/2021/NĐ-CP", Relation.Kind.DETAILS, "130/2020/QH14", None, ""),
    (
        "92/2025/QH15",
        Relation.Kind.REPLACES,
        "130/2020/QH14",
        D(2026, 1, 1),
        "In practice; a formal repeal is unverified [U].",
    ),
    ("1897/QĐ-TTg", Relation.Kind.IMPLEMENTS, "92/2025/QH15", None, ""),
    ("01/2026/NĐ-CP", Relation.Kind.DETAILS, "92/2025/QH15", None, ""),
]

CITING_LAW = ("L2H surgeon (UNMISS)", "Engineer (UNISFA)", "Staff officer (MINUSCA)")

LAO_DECREE_V2 = """ດຳລັດ ວ່າດ້ວຍການເຂົ້າຮ່ວມກອງກຳລັງຮັກສາສັນຕິພາບຂອງສະຫະປະຊາຊາດ (ຮ່າງ)

ມາດຕາ 1 ຈຸດປະສົງ
ດຳລັດສະບັບນີ້ກຳນົດຫຼັກການ, ລະບຽບການ ແລະ ມາດຕະການກ່ຽວກັບການເຂົ້າຮ່ວມກອງກຳລັງຮັກສາສັນຕິພາບຂອງສະຫະປະຊາຊາດ.

ມາດຕາ 2 ຂອບເຂດການນຳໃຊ້
ດຳລັດສະບັບນີ້ນຳໃຊ້ສຳລັບກອງທັບປະຊາຊົນລາວ ແລະ ພາກສ່ວນທີ່ກ່ຽວຂ້ອງ.

ມາດຕາ 3 ການຕັດສິນໃຈສົ່ງກຳລັງ
ນາຍົກລັດຖະມົນຕີ ຕັດສິນການສົ່ງກຳລັງ ຕາມການສະເໜີຂອງກະຊວງປ້ອງກັນປະເທດ.
"""

LAO_DECREE_V3 = (
    LAO_DECREE_V2.replace(
        "ນາຍົກລັດຖະມົນຕີ ຕັດສິນການສົ່ງກຳລັງ ຕາມການສະເໜີຂອງກະຊວງປ້ອງກັນປະເທດ.",
        "ນາຍົກລັດຖະມົນຕີ ຕັດສິນການສົ່ງກຳລັງ ຕາມການສະເໜີຂອງກະຊວງປ້ອງກັນປະເທດ ພາຍຫຼັງໄດ້ຮັບຄຳຮ້ອງຂໍຂອງສະຫະປະຊາຊາດ.",
    )
    + "\nມາດຕາ 4 ການລາຍງານ\nກະຊວງປ້ອງກັນປະເທດ ລາຍງານຕໍ່ລັດຖະບານ ກ່ຽວກັບການສົ່ງ, ການປັບປ່ຽນ ແລະ ການຖອນກຳລັງ.\n"
)


def _acting(username: str, organisation: Organisation) -> User:
    user = User.objects.get(username=username)
    user.activate(organisation.pk)
    return user


def _seed_viet_nam(vn: Organisation) -> int:
    if Document.objects.filter(organisation=vn).exists():
        return 0
    user = _acting("vn-legal", vn)
    types = {t.code: t for t in DocumentType.objects.for_country("VNM")}
    issuers = {i.code: i for i in IssuingBody.objects.for_country("VNM")}
    items = {i.code: i for i in CoverageItem.objects.all()}
    created: dict[str, Document] = {}
    for row in VIET_NAM:
        created[row["number"]] = services.create_document(
            organisation=vn,
            user=user,
            status=row["status"],
            text=row["text"],
            covers=[items[code] for code in row.get("covers", [])],
            type=types[row["type"]],
            issuer=issuers[row["issuer"]],
            number=row["number"],
            title=row["title"],
            title_en=row["title_en"],
            language="vi",
            signed_on=row.get("signed_on"),
            effective_from=row.get("effective_from"),
            is_shared=row.get("shared", False),
            source=REFERENCE,
            source_tag=row["tag"],
        )
    for source, kind, target, on, note in VIET_NAM_GRAPH:
        services.add_relation(
            source=created[source], target=created[target], kind=kind, effective_on=on, note=note
        )
    # The law is the legal basis of every deployment; no article is cited (texts not on file).
    for requirement in Requirement.objects.filter(organisation=vn, name__in=CITING_LAW):
        citations.cite(document=created["92/2025/QH15"], obj=requirement, article="", user=user)
    return len(created)


def _seed_laos(la: Organisation, vn: Organisation) -> int:
    if Document.objects.filter(organisation=la).exists():
        return 0
    officer = _acting("la-legal", la)
    types = {t.code: t for t in DocumentType.objects.for_country("LAO")}
    issuers = {i.code: i for i in IssuingBody.objects.for_country("LAO")}
    source = {d.number: d for d in Document.objects.filter(organisation=vn)}
    decree = services.adapt_document(
        source=source["92/2025/QH15"],
        user=officer,
        type=types["decree"],
        issuer=issuers["PM"],
        title="ດຳລັດ ວ່າດ້ວຍການເຂົ້າຮ່ວມກອງກຳລັງຮັກສາສັນຕິພາບຂອງສະຫະປະຊາຊາດ",
        title_en="Decree on participation in United Nations peacekeeping forces",
        language="lo",
    )
    services.add_version(document=decree, user=officer, text=LAO_DECREE_V2, note="ຮ່າງເປັນພາສາລາວ")
    services.add_version(
        document=decree, user=officer, text=LAO_DECREE_V3, note="ເພີ່ມມາດຕາ 4 ການລາຍງານ"
    )
    services.move(
        document=decree, user=officer, target=DocumentStatus.CONSULTATION, reason="ຮັບຄຳເຫັນ"
    )
    services.add_comment(
        document=decree,
        user=_acting("vn-legal", vn),
        article="3",
        text="Điều 3: nên nêu rõ đề nghị của Liên hợp quốc là bước đầu tiên, như Nghị định "
        "01/2026/NĐ-CP.",
    )
    procedure = services.adapt_document(
        source=source["01/2026/NĐ-CP"],
        user=officer,
        type=types["decision"],
        issuer=issuers["MND"],
        title="ຂໍ້ຕົກລົງ ວ່າດ້ວຍຂັ້ນຕອນການສົ່ງກຳລັງໄປປະຕິບັດໜ້າທີ່ຮັກສາສັນຕິພາບ",
        title_en="Decision on the procedure for deploying forces to peacekeeping operations",
        language="lo",
    )
    services.update_document(
        document=procedure, user=officer, legal_basis="ດຳລັດ ວ່າດ້ວຍການເຂົ້າຮ່ວມ… (ຮ່າງ)"
    )
    items = {i.code: i for i in CoverageItem.objects.all()}
    services.create_document(
        organisation=la,
        user=officer,
        status=DocumentStatus.PROPOSAL,
        covers=[items["personnel-selection"]],
        type=types["instruction"],
        issuer=issuers["MND"],
        title="ຄຳແນະນຳ ວ່າດ້ວຍການຄັດເລືອກ ແລະ ມາດຕະຖານຂອງບຸກຄະລາກອນຮັກສາສັນຕິພາບ",
        title_en="Instruction on the selection and standards of peacekeeping personnel",
        language="lo",
    )
    services.create_document(
        organisation=la,
        user=officer,
        status=DocumentStatus.PROPOSAL,
        covers=[items["pay-allowances"]],
        type=types["decision"],
        issuer=issuers["PM"],
        title="ຂໍ້ຕົກລົງ ວ່າດ້ວຍເງິນອຸດໜູນ ແລະ ປະກັນໄພຂອງບຸກຄະລາກອນຮັກສາສັນຕິພາບ",
        title_en="Decision on allowances and insurance of peacekeeping personnel",
        language="lo",
    )
    return 4


def _grants(vn: Organisation, la: Organisation) -> None:
    grant_sharing(
        grantor=vn,
        grantee=la,
        scope=SharingGrant.Scope.DOCUMENTS_CHOSEN,
        user=None,
        note="Viet Nam's peacekeeping law and decrees, as a model for Laos's framework.",
    )
    grant_sharing(
        grantor=la,
        grantee=vn,
        scope=SharingGrant.Scope.DOCUMENTS_CONSULTATION,
        user=None,
        note="Viet Nam's advisers comment on Lao drafts in consultation.",
    )


def seed(*, scale: int = 0) -> str:
    vn = Organisation.objects.get(code="vn-dpko")
    la = Organisation.objects.get(code="la-pko")
    _grants(vn, la)
    made = _seed_viet_nam(vn)
    made += _seed_laos(la, vn)
    return f"legal documents: {made} new"
