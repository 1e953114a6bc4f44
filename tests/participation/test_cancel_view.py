import pytest
from django.core import signing
from django.urls import reverse

from participation.models import Registration
from participation.tokens import RESULT_SALT, cancel_token_make
from tests.participation.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _url(registration):
    return reverse(
        "participation:cancel", kwargs={"token": cancel_token_make(registration=registration)}
    )


def test_get_on_cancel_link_shows_button_and_cancels_nothing(client):
    registration = RegistrationFactory()
    response = client.get(_url(registration))
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_post_on_cancel_link_cancels(client):
    registration = RegistrationFactory()
    response = client.post(_url(registration))
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert response["Content-Language"] == "nb"


@pytest.mark.parametrize("token", ["nonsense", "abc:def:ghi"])
def test_bad_token_shows_clear_page(client, token):
    RegistrationFactory()
    response = client.post(reverse("participation:cancel", kwargs={"token": token}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode() or "gyldig" in response.content.decode()
    assert Registration.objects.get().status == "confirmed"


def test_bare_public_id_is_not_a_cancel_token(client):
    registration = RegistrationFactory()
    url = reverse("participation:cancel", kwargs={"token": str(registration.public_id)})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.parametrize("salt", [None, RESULT_SALT])
def test_public_id_signed_for_another_purpose_is_refused(client, salt):
    registration = RegistrationFactory()
    token = signing.dumps(str(registration.public_id), salt=salt)
    response = client.post(reverse("participation:cancel", kwargs={"token": token}))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_tampered_token_is_refused(client):
    registration = RegistrationFactory()
    token = cancel_token_make(registration=registration)
    response = client.post(reverse("participation:cancel", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_token_of_erased_registration_is_refused(client):
    registration = RegistrationFactory()
    url = _url(registration)
    from participation import services

    services.registration_erase(registration=registration)
    assert client.get(url).status_code == 404


def test_someone_on_the_waiting_list_is_asked_to_leave_it_not_to_give_up_a_seat(client):
    registration = RegistrationFactory(status=Registration.Status.WAITING)
    html = client.get(_url(registration)).content.decode()
    assert "Vil du melde deg av ventelisten?" in html
    assert "Ja, fjern meg fra ventelisten" in html
    assert "plassen din" not in html.lower()
