"""The honeypot on the three public forms: bots that fill it get nowhere, people never see it.

A filled honeypot stores nothing and sends nothing; the page says only the general
"could not be sent" in the page's language, never what gave the bot away.
"""

import re

import pytest
from django.urls import reverse

from participation.models import Registration
from surveys.models import PendingContact, Response
from tests.participation.factories import EventFactory
from tests.surveys.factories import answer_survey, build_every_type_survey, good_answers

pytestmark = pytest.mark.django_db

NOT_SENT = {
    "da": "Formularen kunne ikke sendes",
    "nb": "Skjemaet kunne ikke sendes",
    "en": "The form could not be sent",
}
SIGN_UP = {
    "name": "Bot",
    "email": "bot@example.no",
    "organisation": "Bots AS",
    "organisation_type": "municipality",
    "municipality": "Oslo",
    "consent": "on",
}
HIDDEN = re.compile(r'<div class="visually-hidden invisible" aria-hidden="true">(.*?)</div>', re.S)


@pytest.fixture
def survey():
    return build_every_type_survey()


def assert_refused_quietly(page, language):
    html = page.content.decode()
    assert page.status_code in (200, 400)
    assert NOT_SENT[language] in html
    assert "honeypot" not in html.lower()


def assert_hidden_but_labelled(html, label):
    wrapper = HIDDEN.search(html)
    assert wrapper, "no hidden honeypot on the page"
    field = wrapper.group(1)
    assert 'name="website"' in field and 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert f'<label for="id_website">{label}</label>' in field
    # One label only, and the input is not shown anywhere else on the page.
    assert html.count('for="id_website"') == 1
    assert html.count('name="website"') == 1


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_a_bot_filling_the_sign_up_honeypot_is_not_signed_up(client, mailoutbox, language):
    event = EventFactory(language=language)
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})

    page = client.post(url, {**SIGN_UP, "website": "https://spam.example"})

    assert_refused_quietly(page, language)
    assert not Registration.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_a_bot_filling_the_survey_honeypot_stores_no_response(client, survey, language):
    first, second = good_answers(survey)

    page = answer_survey(
        client, survey, [first, {**second, "website": "https://spam.example"}], lang=language
    )

    assert_refused_quietly(page, language)
    assert not Response.objects.exists()


def test_the_survey_honeypot_stops_a_bot_at_the_first_step(client, survey):
    first, _second = good_answers(survey)

    page = answer_survey(client, survey, [{**first, "website": "x"}], lang="en")

    assert_refused_quietly(page, "en")
    assert "Step 1 of 2" in page.content.decode()


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_a_bot_filling_the_seminar_contact_honeypot_leaves_no_contact(client, survey, language):
    done = answer_survey(client, survey, lang=language)
    html = client.get(done["Location"]).content.decode()
    key = html.split('name="thanks_key" value="')[1].split('"')[0]

    page = client.post(
        done["Location"],
        {
            "name": "Bot",
            "email": "bot@example.no",
            "organisation": "Bots",
            "thanks_key": key,
            "website": "https://spam.example",
        },
    )

    assert_refused_quietly(page, language)
    assert not PendingContact.objects.exists()


def test_people_leaving_the_honeypots_empty_get_through(client, survey):
    done = answer_survey(client, survey, lang="en")
    assert done.status_code == 302
    html = client.get(done["Location"]).content.decode()
    key = html.split('name="thanks_key" value="')[1].split('"')[0]
    contact = {"name": "Kari", "email": "kari@example.no", "thanks_key": key, "website": ""}
    event = EventFactory()
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})

    assert client.post(done["Location"], contact).status_code == 302
    assert client.post(url, {**SIGN_UP, "website": ""}).status_code == 302
    assert Response.objects.count() == PendingContact.objects.count() == 1
    assert Registration.objects.count() == 1


def test_the_sign_up_honeypot_is_hidden_but_labelled_in_the_event_language(client):
    event = EventFactory(language="nb")
    html = client.get(reverse("participation:event_detail", kwargs={"slug": event.slug}))

    assert_hidden_but_labelled(html.content.decode(), "La dette feltet stå tomt")


def test_every_survey_step_has_a_hidden_but_labelled_honeypot(client, survey):
    first, _second = good_answers(survey)
    page = client.get(f"/survey/{survey.slug}/?lang=da")
    assert_hidden_but_labelled(page.content.decode(), "Lad dette felt være tomt")

    page = answer_survey(client, survey, [first], lang="en")

    assert "Step 2 of 2" in page.content.decode()
    assert_hidden_but_labelled(page.content.decode(), "Leave this field empty")


def test_the_seminar_contact_honeypot_is_hidden_but_labelled(client, survey):
    done = answer_survey(client, survey, lang="en")

    html = client.get(done["Location"]).content.decode()

    assert_hidden_but_labelled(html, "Leave this field empty")
