import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import Registration
from tests.participation.factories import EventFactory, EventSeriesFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kari Nordmann",
    "email": "kari@example.no",
    "organisation": "Trondheim kommune",
    "organisation_type": "municipality",
    "municipality": "Trondheim",
    "consent": "on",
}


def test_event_list_shows_upcoming_with_seats_and_past_as_past(client):
    series = EventSeriesFactory(title="Vårseminarer")
    upcoming = EventFactory(series=series, title="Kommende", capacity=3)
    RegistrationFactory(event=upcoming)
    past_start = timezone.now() - dt.timedelta(days=3)
    EventFactory(
        series=series,
        title="Tidligere",
        starts_at=past_start,
        ends_at=past_start + dt.timedelta(hours=1),
    )
    response = client.get(reverse("participation:event_list") + "?lang=nb")
    html = response.content.decode()
    assert "Vårseminarer" in html and "Kommende" in html
    assert "2 plasser igjen" in html
    assert "Tidligere" in html and "Avholdt" in html


def test_event_page_renders_form_in_event_language(client):
    event = EventFactory(language="en")
    response = client.get(reverse("participation:event_detail", kwargs={"slug": event.slug}))
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "Sign up" in html
    # The privacy notice opens in the event's language, not the visitor's.
    assert reverse("participation:privacy") + "?lang=en" in html


def test_sign_up_redirects_to_confirmed_result(client):
    event = EventFactory(language="nb")
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    response = client.post(url, FORM)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Du er påmeldt" in page.content.decode()
    assert Registration.objects.get().email == "kari@example.no"


def test_full_event_without_waiting_list_shows_full(client):
    event = EventFactory(capacity=1, waiting_list=False, language="en")
    RegistrationFactory(event=event)
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    page = client.post(url, FORM, follow=True)
    assert "fully booked" in page.content.decode()


def test_second_sign_up_tells_already_registered(client):
    event = EventFactory(language="en")
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    client.post(url, FORM)
    page = client.post(url, FORM, follow=True)
    assert "already registered" in page.content.decode()
    assert Registration.objects.count() == 1


def test_missing_consent_gives_error_in_event_language(client):
    event = EventFactory(language="da")
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    response = client.post(url, {**FORM, "consent": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "privatlivserklæringen" in html
    assert "aria-describedby" in html or "invalid-feedback" in html
    assert not Registration.objects.exists()


def test_closed_window_page_says_so(client):
    event = EventFactory(
        language="en", registration_closes_at=timezone.now() - dt.timedelta(hours=1)
    )
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    html = client.get(url).content.decode()
    assert "Registration for this event has closed." in html
    assert 'name="email"' not in html


def test_tampered_result_token_is_404(client):
    event = EventFactory()
    url = reverse("participation:event_result", kwargs={"slug": event.slug, "token": "x"})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "lang,text", [("da", "anonymiseres"), ("nb", "anonymiseres"), ("en", "anonymised")]
)
def test_privacy_notice_in_three_languages_names_retention(client, lang, text):
    response = client.get(reverse("participation:privacy") + f"?lang={lang}")
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert text in html and "90" in html
