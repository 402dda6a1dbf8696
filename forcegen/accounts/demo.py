"""Demo users: one per role in each demo organisation, plus an adviser who belongs to both."""

from django.conf import settings

from forcegen.core.models import Organisation

from . import two_factor
from .models import User
from .roles import Role
from .services import set_membership

ROLE_USERNAMES = {
    Role.ADMIN: "admin",
    Role.PLANNER: "planner",
    Role.PERSONNEL_OFFICER: "personnel",
    Role.TRAINING_OFFICER: "training",
    Role.LOGISTICS_OFFICER: "logistics",
    Role.LEGAL_OFFICER: "legal",
    Role.COOPERATION_OFFICER: "cooperation",
    Role.VIEWER: "viewer",
}

# Names in native script, then first and last name in Latin letters, one per role above.
PEOPLE = {
    "vn": [
        ("Nguyễn Văn An", "Van An", "Nguyen"),
        ("Trần Thị Bình", "Thi Binh", "Tran"),
        ("Lê Minh Châu", "Minh Chau", "Le"),
        ("Phạm Quốc Dũng", "Quoc Dung", "Pham"),
        ("Hoàng Thu Hà", "Thu Ha", "Hoang"),
        ("Vũ Đức Hải", "Duc Hai", "Vu"),
        ("Đặng Thị Lan", "Thi Lan", "Dang"),
        ("Bùi Văn Nam", "Van Nam", "Bui"),
    ],
    "la": [
        ("ສົມພອນ ແກ້ວມະນີ", "Somphone", "Keomany"),
        ("ບຸນມີ ສີສຸວັນ", "Bounmy", "Sisouvanh"),
        ("ຄຳພັນ ວົງສາ", "Khamphanh", "Vongsa"),
        ("ມະນີວອນ ພົມມະຈັນ", "Manivone", "Phommachanh"),
        ("ທອງສະຫວັນ ໄຊຍະວົງ", "Thongsavanh", "Xayavong"),
        ("ວັນດີ ສຸລິຍະ", "Vanhdy", "Souliya"),
        ("ພູວົງ ອິນທະວົງ", "Phouvong", "Inthavong"),
        ("ສຸກສະຫວັດ ຈັນທະລາ", "Souksavath", "Chanthala"),
    ],
}


def _demo_user(username: str, native: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "full_name_native": native},
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(*, scale: int = 0) -> str:
    created = 0
    for prefix, code in (("vn", "vn-dpko"), ("la", "la-pko")):
        organisation = Organisation.objects.get(code=code)
        for index, (role, suffix) in enumerate(ROLE_USERNAMES.items()):
            native, first, last = PEOPLE[prefix][index]
            user = _demo_user(f"{prefix}-{suffix}", native, first, last)
            set_membership(user=user, organisation=organisation, role=role)
            created += 1
    adviser = _demo_user("vn-adviser", "Trịnh Công Sơn", "Cong Son", "Trinh")
    set_membership(
        user=adviser,
        organisation=Organisation.objects.get(code="vn-dpko"),
        role=Role.COOPERATION_OFFICER,
    )
    set_membership(
        user=adviser, organisation=Organisation.objects.get(code="la-pko"), role=Role.VIEWER
    )
    for username in DEMO_ADMINS:
        two_factor.enrol_with_key(User.objects.get(username=username), DEMO_TOTP_KEY)
    return f"demo users: {created + 1}"


# Administrators must sign in with a second factor. The demo's administrators share this published
# secret (RFC 6238's test key), so anyone can sign in: add it to an authenticator app as
# DEMO_TOTP_BASE32, or print the current code with `manage.py totp_code vn-admin` (demo mode only).
DEMO_ADMINS = ("vn-admin", "la-admin")
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def logins() -> list[str]:
    """What `make run` prints so a new user can log in."""
    usernames = [f"{p}-{s}" for p in ("vn", "la") for s in ROLE_USERNAMES.values()]
    return [
        *usernames,
        "vn-adviser (member of both organisations)",
        "la-peacekeeper (their own record only)",
    ]


def second_factor_note() -> str:
    return (
        f"{' and '.join(DEMO_ADMINS)} also enter a code: add the key {DEMO_TOTP_BASE32} to an "
        "authenticator app, or run `FORCEGEN_DEMO=1 .venv/bin/python manage.py totp_code "
        f"{DEMO_ADMINS[0]}`"
    )
