"""Two-factor sign-in: a time-based code (TOTP, django-otp) after the password.

Administrators must use it; anyone else may turn it on. Recovery codes (single use) stand in for
a lost phone. A wrong code counts as a failed login for the lock-out, like a wrong password.
API tokens are a separate, non-interactive credential and are not affected.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .roles import Role

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


def is_required(user: User) -> bool:
    """Administrators of any organisation, and staff of the admin site, must use a second factor."""
    return (
        user.is_staff
        or user.is_superuser
        or any(m.role.name == Role.ADMIN for m in user.membership_choices)
    )


def is_enrolled(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def pending_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created with a fresh secret on first call."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": TOTP_DEVICE_NAME}
    )
    return device


def enrol_with_key(user: User, key_hex: str) -> TOTPDevice:
    """Give the user a confirmed authenticator with a known secret (demo data only)."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=TOTP_DEVICE_NAME, defaults={"key": key_hex, "confirmed": True}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator shows now (the demo's `totp_code` command)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn here: the secret never leaves the server."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)
    return svg


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def confirm_enrolment(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a first code; return new recovery codes, or None."""
    if not device.verify_token(code.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with fresh ones; they are shown to the user once."""
    recovery, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME}
    )
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return codes


def is_locked_out(request: HttpRequest, user: User) -> bool:
    return bool(AxesProxyHandler.is_locked(request, credentials={"username": user.username}))


@transaction.atomic
def verify_code(request: HttpRequest, user: User, code: str) -> Device | None:
    """The device that accepts the code (authenticator or a recovery code), or None.

    A refused code is reported as a failed login, so the lock-out counts it.
    """
    code = code.strip().replace(" ", "")
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            return device
    count_failure(request, user)
    return None


def count_failure(request: HttpRequest, user: User) -> None:
    """Report a refused code as a failed login: django-axes counts it toward the lock-out."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.username}, request=request
    )


# --- The sign-in in two steps: the password makes the session "pending", the code completes it.
PENDING_USER = "forcegen_2fa_user"
PENDING_BACKEND = "forcegen_2fa_backend"
PENDING_NEXT = "forcegen_2fa_next"


def begin(request: HttpRequest, user: User, next_url: str) -> None:
    """The password was right: remember who is signing in, without logging them in yet."""
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = getattr(user, "backend", None)  # set by authenticate()
    request.session[PENDING_NEXT] = next_url


def pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER)
    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


def finish(request: HttpRequest, user: User) -> str:
    """Log the pending user in (the session key changes); return where they were going."""
    backend = request.session.get(PENDING_BACKEND)
    next_url: str = request.session.get(PENDING_NEXT) or "/"
    login(request, user, backend=backend)
    return next_url
