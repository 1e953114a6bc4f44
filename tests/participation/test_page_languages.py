"""One language per page on the events pages."""

import pytest
from django.urls import reverse

from participation import services
from participation.emails import cancel_url
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NB_INVALID = "Denne avmeldingslenken er ikke gyldig"
DA_INVALID = "Dette afmeldingslink er ikke gyldigt"


def _path(url):
    return url.split("testserver", 1)[-1].split("localhost", 1)[-1]


def test_invalid_link_from_a_norwegian_mail_answers_in_norwegian(client):
    registration = RegistrationFactory(event=EventFactory(language="nb"))
    link = _path(cancel_url(registration))
    services.registration_erase(registration=registration)  # the link no longer works
    response = client.get(link, HTTP_ACCEPT_LANGUAGE="da")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nb">' in html
    assert NB_INVALID in html and DA_INVALID not in html


def test_old_link_without_language_still_answers_in_its_events_language(client):
    registration = RegistrationFactory(event=EventFactory(language="nb"))
    link = _path(cancel_url(registration)).split("?")[0]
    services.registration_erase(registration=registration)
    html = client.get(link).content.decode()
    assert NB_INVALID in html


def test_unknown_cancel_link_follows_the_visitors_language(client):
    response = client.get(
        reverse("participation:cancel", kwargs={"token": "nonsense"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "This cancel link is not valid" in response.content.decode()


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_language_names_are_endonyms_on_events_pages(client, lang):
    event = EventFactory()
    for url in (
        reverse("participation:event_list") + f"?lang={lang}",
        reverse("participation:privacy") + f"?lang={lang}",
        reverse("participation:event_detail", kwargs={"slug": event.slug}),
    ):
        html = client.get(url).content.decode()
        assert ">dansk<" in html and ">norsk bokmål<" in html and ">English<" in html
        for other in ("Engelsk", "norsk (bokmål)", "Norwegian Bokmål", ">Danish<", "Dansk<"):
            assert other not in html


def test_norwegian_event_in_a_danish_list_is_marked_norwegian(client):
    EventFactory(title="Seminar om leieboermedvirkning", language="nb")
    html = client.get(reverse("participation:event_list") + "?lang=da").content.decode()
    assert 'lang="nb" hreflang="nb">Seminar om leieboermedvirkning</a>' in html


def test_danish_event_in_a_danish_list_carries_no_extra_lang(client):
    EventFactory(title="Dansk møde", language="da")
    html = client.get(reverse("participation:event_list") + "?lang=da").content.decode()
    assert 'hreflang="da">Dansk møde' not in html
    assert ">Dansk møde</a>" in html
