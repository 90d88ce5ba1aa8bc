"""Two-factor authentication (TOTP): required for admins, offered to facilitators; real codes computed from the
device's key as an authentication application does (django_otp.oath.totp)."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import UserFactory

PASSWORD = "demo-levier"


def code_of(device: TOTPDevice, *, shift: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + shift):06d}"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


@pytest.fixture(autouse=True)
def otp_required(settings):
    settings.LEVIER_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code then the right one, without waiting the throttle's second


@pytest.fixture
def platform_admin(db):
    return UserFactory(username="paul", role=Role.PLATFORM, territory=None)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)


def test_an_admin_without_a_device_is_sent_to_the_setup_before_anything(client, admin_user):
    response = sign_in(client, admin_user)
    assert response.status_code == 302
    for url in (reverse("home"), reverse("markets:list"), reverse("admin:index"), reverse("password_change")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup")), url


def test_the_setup_page_shows_the_secret_and_a_server_drawn_qr_code(client, admin_user):
    sign_in(client, admin_user)
    response = client.get(reverse("two_factor_setup"))
    content = response.content.decode()
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert response.status_code == 200
    assert "la double authentification y est obligatoire" in content
    assert device.config_url in content.replace("&amp;", "&")
    assert content.count("<svg ") == 1 and 'class="qr-code"' in content
    svg = content[content.index("<svg ") : content.index("</svg>")]
    assert "style=" not in svg and "<script" not in svg  # the CSP forbids inline style and script
    # the secret as text, grouped by four, is the device's key
    secret = response.context["secret"].replace(" ", "")
    assert device.config_url.count(f"secret={secret}") == 1
    # a reload keeps the same secret (the application already scanned it)
    assert client.get(reverse("two_factor_setup")).context["secret"] == response.context["secret"]


def test_an_admin_confirms_the_device_with_a_real_code_then_reaches_the_admin(client, admin_user):
    sign_in(client, admin_user)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(reverse("two_factor_setup"), {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    response = client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_admin_with_a_device_gives_its_code_at_each_sign_in(client, admin_user):
    device = confirmed_device(admin_user)
    assert sign_in(client, admin_user)["Location"] == reverse("home")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_verify')}?next=%2Fadmin%2F"
    # the setup page sends to the code too: a signed-in password does not replace the device
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_verify"), {"code": "12345"})
    assert "Le code compte 6 chiffres." in response.content.decode()
    # a code of ten minutes ago is refused
    response = client.post(reverse("two_factor_verify"), {"code": code_of(device, shift=-20)})
    assert "Code incorrect" in response.content.decode()
    verify_url = f"{reverse('two_factor_verify')}?next={reverse('admin:index')}"
    response = client.post(verify_url, {"code": code_of(device)})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    # signed out then in again: the code is asked again
    client.post(reverse("logout"))
    sign_in(client, admin_user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


def test_the_platform_admin_is_required_a_device_too(client, platform_admin):
    sign_in(client, platform_admin)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("two_factor_setup"))


def test_a_facilitator_is_offered_two_factors_and_asked_its_code_once_set_up(client, facilitator):
    sign_in(client, facilitator)
    assert client.get(reverse("home")).status_code == 200  # not required
    response = client.get(reverse("two_factor_setup"))
    assert "Protégez votre compte" in response.content.decode()
    device = TOTPDevice.objects.get(user=facilitator)
    client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert "est activée" in client.get(reverse("two_factor_setup")).content.decode()
    client.post(reverse("logout"))
    sign_in(client, facilitator)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"code": code_of(device, shift=1)})  # the next 30 s window, tolerated
    assert client.get(reverse("home")).status_code == 200


def test_a_forged_next_does_not_leave_the_site(client, admin_user):
    device = confirmed_device(admin_user)
    sign_in(client, admin_user)
    response = client.post(f"{reverse('two_factor_verify')}?next=https://evil.example/", {"code": code_of(device)})
    assert response["Location"] == reverse("home")


def test_the_verify_page_without_a_pending_code_goes_home(client, facilitator):
    sign_in(client, facilitator)
    assert client.get(reverse("two_factor_verify"))["Location"] == reverse("home")


def test_a_territory_admin_reads_and_deletes_the_devices_of_its_territory_only(client, admin_user, other_territory):
    own = confirmed_device(UserFactory(username="fabien", role=Role.FACILITATOR))
    stranger = confirmed_device(UserFactory(username="odile", role=Role.FACILITATOR, territory=other_territory))
    device = confirmed_device(admin_user)
    sign_in(client, admin_user)
    client.post(reverse("two_factor_verify"), {"code": code_of(device)})
    changelist = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert changelist.status_code == 200
    shown = set(changelist.context["cl"].queryset.values_list("pk", flat=True))
    assert own.pk in shown and stranger.pk not in shown
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[own.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=own.pk).exists()


def test_a_next_that_is_not_a_path_goes_home(client, admin_user):
    device = confirmed_device(admin_user)
    sign_in(client, admin_user)
    response = client.post(f"{reverse('two_factor_verify')}?next=0", {"code": code_of(device)})
    assert response["Location"] == reverse("home")
