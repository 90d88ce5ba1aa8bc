"""Two-factor authentication (TOTP, django-otp): required for the admins (a territory's and the platform's), offered
to every other user.

After the password, the session is signed in but not yet verified. At sign-in (``user_logged_in``) the session
records what is still to do, ``PENDING``: "verify" for a user with a confirmed device (the code is asked at each
sign-in), "setup" for an admin without one (``settings.LEVIER_OTP_REQUIRED``), nothing otherwise.
``TwoFactorMiddleware`` then lets such a session reach only that page and the sign-out, Django's admin included;
the marker costs no query per request. ``admin_site_permission`` backs it in the admin: staff must be verified.

``LEVIER_OTP_REQUIRED`` (environment OTP_REQUIRED) is true by default; the test settings turn it off so that the
suite's ``force_login`` admins reach their pages without a device (tests/test_two_factor.py turns it on). A user
who has a device is asked its code whatever the setting.
"""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.safestring import mark_safe
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import STAFF_ROLES

PENDING = "levier_two_factor"
VERIFY, SETUP = "verify", "setup"
DEVICE_NAME = "Application d'authentification"


def is_required(user) -> bool:
    return settings.LEVIER_OTP_REQUIRED and user.role in STAFF_ROLES


def what_is_pending(user) -> str | None:
    if user_has_device(user, confirmed=True):
        return VERIFY
    return SETUP if is_required(user) else None


def mark_pending(sender, request, user, **kwargs):
    """At sign-in (connected to ``user_logged_in`` in accounts.apps): what the session must do before anything."""
    if request is None or not hasattr(request, "session"):
        return
    pending = what_is_pending(user)
    if pending is None or getattr(user, "otp_device", None) is not None:
        request.session.pop(PENDING, None)
    else:
        request.session[PENDING] = pending


def pending(request) -> str | None:
    return request.session.get(PENDING) if request.user.is_authenticated else None


def done(request) -> None:
    request.session.pop(PENDING, None)


def admin_site_permission(has_permission):
    """Django's admin site: its own permission, and a verified user when two factors are required of it (a session
    with a device verifies it first anyway)."""

    def check(request):
        if not has_permission(request) or pending(request):
            return False
        user = request.user
        return not is_required(user) or user.is_verified()

    return check


def setup_device(user) -> TOTPDevice:
    """The device being set up: the user's unconfirmed one, or a new one with a fresh secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four for typing it in an application by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data: str) -> str:
    """The QR code of ``data`` as an inline SVG drawn here (one path, no style attribute: the CSP holds)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg role="img" aria-label="QR code de la clé secrète" class="qr-code" ', 1)
    return mark_safe(svg)  # noqa: S308 — generated from the device's URI, no user text
