import time

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def wagtail_login(client, password, username="editor"):
    return client.post("/admin/login/", {"username": username, "password": password})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_five_failed_wagtail_logins_lock_the_account_out_even_with_the_right_password(
    client, editor
):
    for _ in range(5):
        wagtail_login(client, "wrong password")

    response = wagtail_login(client, PASSWORD)

    assert response.status_code == 429
    assert not is_logged_in(client)
    assert int(response["Retry-After"]) == 3600
    assert "For mange mislykkede loginforsøg" in response.content.decode()


def test_four_failed_logins_still_let_the_right_password_in(client, editor):
    for _ in range(4):
        wagtail_login(client, "wrong password")

    response = wagtail_login(client, PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_resets_the_count_of_failures(client, editor):
    for _ in range(4):
        wagtail_login(client, "wrong password")
    wagtail_login(client, PASSWORD)
    client.logout()
    for _ in range(4):
        wagtail_login(client, "wrong password")

    response = wagtail_login(client, PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_lockout_ends_after_the_cool_off_time(client, editor, settings):
    settings.AXES_COOLOFF_TIME = 0.0001  # hours: well under a second
    for _ in range(5):
        wagtail_login(client, "wrong password")

    time.sleep(0.5)
    response = wagtail_login(client, PASSWORD)

    assert response.status_code == 302


def test_a_lockout_from_one_address_does_not_lock_the_editor_out_elsewhere(client, editor):
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
        )

    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )

    assert response.status_code == 302


def test_django_admin_login_locks_out_too(client, editor):
    for _ in range(5):
        client.post("/django-admin/login/", {"username": "editor", "password": "wrong"})

    response = client.post("/django-admin/login/", {"username": "editor", "password": PASSWORD})

    assert response.status_code == 429
    assert not is_logged_in(client)
