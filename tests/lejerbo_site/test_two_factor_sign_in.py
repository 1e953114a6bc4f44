"""Two-factor sign-in: with TWO_FACTOR_REQUIRED, both admins want a code after the password."""

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "hemmeligt-ord-2"


@pytest.fixture
def staff():
    return User.objects.create_superuser("stab", "stab@example.org", PASSWORD)


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="Telefon", confirmed=True)


def code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def sign_in(client, **extra):
    return client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": "stab", "password": PASSWORD, "next": "/django-admin/", **extra},
    )


def test_the_password_alone_no_longer_opens_the_django_admin(client, required, device):
    page = sign_in(client)
    assert page.status_code == 200  # the form again, with the message
    assert "authenticator" in page.content.decode() or "godkendelses" in page.content.decode()
    assert client.get("/django-admin/").status_code == 302


def test_a_wrong_code_is_refused(client, required, device):
    sign_in(client, otp_token="000000" if code(device) != "000000" else "111111")
    assert client.get("/django-admin/").status_code == 302


def test_password_and_code_open_the_django_admin(client, required, device):
    assert sign_in(client, otp_token=code(device)).status_code == 302
    assert client.get("/django-admin/").status_code == 200


def test_an_unverified_session_opens_neither_admin(client, required, staff, device):
    client.force_login(staff)  # as a session from before two-factor was switched on
    assert client.get("/django-admin/").status_code == 302
    wagtail = client.get("/admin/pages/")
    assert wagtail.status_code == 302 and "/admin/login/" in wagtail["Location"]


def test_the_wagtail_sign_in_wants_the_code_too(client, required, device):
    login = {"username": "stab", "password": PASSWORD}
    page = client.post("/admin/login/", login)
    assert page.status_code == 200
    assert client.get("/admin/").status_code == 302
    assert client.post("/admin/login/", {**login, "otp_token": code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200  # one verified session for both


def test_without_the_setting_the_password_is_enough(client, staff):
    assert sign_in(client).status_code == 302
    assert client.get("/django-admin/").status_code == 200


def test_production_settings_require_two_factor():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "lejerbo_site/settings/production.py").read_text()
    assert "TWO_FACTOR_REQUIRED = True" in text
