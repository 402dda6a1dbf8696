"""Demo organisations: Viet Nam's department (also a training centre) mentoring Laos's new one."""

import datetime

from .models import Organisation, Partnership, SharingGrant

ORGANISATIONS = [
    {
        "code": "vn-dpko",
        "name_native": "Cục Gìn giữ hòa bình Việt Nam",
        "name_en": "Vietnam Department of Peacekeeping Operations",
        "country": "VNM",
        "kind": Organisation.Kind.NATIONAL_DEPARTMENT,
        "is_training_centre": True,
    },
    {
        "code": "la-pko",
        "name_native": "ກົມຮັກສາສັນຕິພາບ ກອງທັບປະຊາຊົນລາວ",
        "name_en": "Lao People's Army Peacekeeping Department (in formation)",
        "country": "LAO",
        "kind": Organisation.Kind.NATIONAL_DEPARTMENT,
        "is_training_centre": False,
    },
]

DEMO_GRANTS = [SharingGrant.Scope.COURSE_CATALOGUE, SharingGrant.Scope.UNIT_TEMPLATES]


def seed(*, scale: int = 0) -> str:
    for fields in ORGANISATIONS:
        code = fields["code"]
        Organisation.objects.update_or_create(
            code=code, defaults={k: v for k, v in fields.items() if k != "code"}
        )
    vn = Organisation.objects.get(code="vn-dpko")
    la = Organisation.objects.get(code="la-pko")
    partnership, _ = Partnership.objects.get_or_create(
        source=vn,
        target=la,
        defaults={
            "kind": Partnership.Kind.MENTOR,
            "started_on": datetime.date(2025, 1, 1),
            "agreement_reference": "2025 cooperation plan under the 2025–2029 defence cooperation "
            "protocol",
        },
    )
    for scope in DEMO_GRANTS:
        SharingGrant.objects.get_or_create(
            grantor=vn,
            grantee=la,
            scope=scope,
            revoked_at__isnull=True,
            defaults={"partnership": partnership},
        )
    return f"organisations: {Organisation.objects.count()}, grants from vn-dpko: {len(DEMO_GRANTS)}"
