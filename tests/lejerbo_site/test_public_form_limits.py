"""Rate limits on the three public forms: survey submit, event sign-up, seminar contact.

Each form answers "please wait" (429, Retry-After) in the survey's or event's own
language once a client goes over its rate; the counting lives only in the cache.
"""

import logging

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.urls import reverse

from core.abuse import rate_limit_for
from participation.models import Registration
from surveys.models import PendingContact, Response, SubmissionToken
from tests.participation.factories import EventFactory
from tests.surveys.factories import (
    answer_survey,
    build_every_type_survey,
    good_answers,
    state_of,
)

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.44"
WAIT = {"da": "Vent venligst et øjeblik", "nb": "Vent litt", "en": "Please wait a moment"}
SIGN_UP = {
    "name": "Kari Nordmann",
    "organisation": "Trondheim kommune",
    "organisation_type": "municipality",
    "municipality": "Trondheim",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def limits_on(settings):
    # Day-long windows: a test never straddles a window boundary.
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {"survey-submit": "2/d", "event-signup": "2/d", "seminar-contact": "1/d"}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey():
    return build_every_type_survey()


def assert_wait_page(page, language):
    html = page.content.decode()
    assert page.status_code == 429
    assert 1 <= int(page["Retry-After"]) <= 86400
    assert page["Content-Language"] == language
    assert f'<html lang="{language}"' in html
    assert WAIT[language] in html


def sign_up(client, event, email):
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    return client.post(url, {**SIGN_UP, "email": email}, REMOTE_ADDR=ADDRESS)


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_third_sign_up_from_one_client_waits_in_the_event_language(client, language):
    event = EventFactory(language=language)
    assert sign_up(client, event, "a@example.no").status_code == 302
    assert sign_up(client, event, "b@example.no").status_code == 302

    page = sign_up(client, event, "c@example.no")

    assert_wait_page(page, language)
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "a@example.no",
        "b@example.no",
    ]


def test_another_client_can_still_sign_up(client):
    event = EventFactory()
    sign_up(client, event, "a@example.no")
    sign_up(client, event, "b@example.no")
    assert sign_up(client, event, "c@example.no").status_code == 429

    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    other = client.post(url, {**SIGN_UP, "email": "d@example.no"}, REMOTE_ADDR="198.51.100.9")

    assert other.status_code == 302


def test_reading_the_event_page_is_never_limited(client):
    event = EventFactory()
    for email in ("a@example.no", "b@example.no", "c@example.no"):
        sign_up(client, event, email)

    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_third_survey_submit_waits_in_the_survey_language(client, survey, language):
    assert answer_survey(client, survey, lang=language, REMOTE_ADDR=ADDRESS).status_code == 302
    assert answer_survey(client, survey, lang=language, REMOTE_ADDR=ADDRESS).status_code == 302

    page = answer_survey(client, survey, lang=language, REMOTE_ADDR=ADDRESS)

    assert_wait_page(page, language)
    assert Response.objects.count() == SubmissionToken.objects.count() == 2


def test_moving_between_survey_steps_never_counts(client, survey, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey-submit": "1/d"}
    url = f"/survey/{survey.slug}/?lang=en"
    first, second = good_answers(survey)
    page = client.get(url, REMOTE_ADDR=ADDRESS)
    # Next, Back, Next, Back, Next: five posts, none of which stores anything.
    for _round in range(2):
        page = client.post(url, {"state": state_of(page), **first}, REMOTE_ADDR=ADDRESS)
        page = client.post(url, {"state": state_of(page), "back": "1"}, REMOTE_ADDR=ADDRESS)
    page = client.post(url, {"state": state_of(page), **first}, REMOTE_ADDR=ADDRESS)
    assert "Step 2 of 2" in page.content.decode()

    done = client.post(url, {"state": state_of(page), **second}, REMOTE_ADDR=ADDRESS)

    assert done.status_code == 302
    assert Response.objects.count() == 1


def _thanks_key(client, survey, language):
    done = answer_survey(client, survey, lang=language, REMOTE_ADDR="198.51.100.1")
    html = client.get(done["Location"]).content.decode()
    return done["Location"], html.split('name="thanks_key" value="')[1].split('"')[0]


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_second_seminar_contact_waits_in_the_survey_language(client, survey, language):
    url, key = _thanks_key(client, survey, language)
    contact = {"name": "Kari", "organisation": "Oslo kommune", "thanks_key": key}
    sent = client.post(url, {**contact, "email": "kari@example.no"}, REMOTE_ADDR=ADDRESS)
    assert sent.status_code == 302

    page = client.post(url, {**contact, "email": "ola@example.no"}, REMOTE_ADDR=ADDRESS)

    assert_wait_page(page, language)
    assert list(PendingContact.objects.values_list("email", flat=True)) == ["kari@example.no"]


def test_a_normal_visitor_is_never_stopped_by_the_default_limits(client, survey, settings):
    settings.RATE_LIMITS = {
        "survey-submit": "20/m",
        "event-signup": "10/m",
        "seminar-contact": "10/m",
    }
    url, key = _thanks_key(client, survey, "nb")
    contact = {
        "name": "Kari",
        "email": "kari@example.no",
        "organisation": "Oslo",
        "thanks_key": key,
    }
    event = EventFactory()

    assert client.post(url, contact, REMOTE_ADDR=ADDRESS).status_code == 302
    assert sign_up(client, event, "kari@example.no").status_code == 302
    assert Response.objects.count() == 1
    assert PendingContact.objects.count() == 1
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("group", ["survey-submit", "event-signup", "seminar-contact"])
def test_counting_and_refusing_never_touch_the_database(rf, group, django_assert_num_queries):
    request = rf.post("/", REMOTE_ADDR=ADDRESS)
    with django_assert_num_queries(0):
        waits = [rate_limit_for(request, group=group) for _i in range(3)]

    assert waits[0] == 0
    assert waits[-1] > 0


def test_no_model_of_the_public_forms_has_a_field_for_an_address():
    ipish = ("ip", "addr", "address", "agent", "remote", "host", "fingerprint")
    for app in ("surveys", "participation"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                name = field.name.lower()
                assert not isinstance(field, models.GenericIPAddressField), (model, name)
                assert not any(part in name.split("_") for part in ipish), (model, name)


def test_a_refused_survey_submit_leaves_no_address_in_the_logs(client, survey, caplog):
    caplog.set_level(logging.DEBUG)
    answer_survey(client, survey, lang="en", REMOTE_ADDR=ADDRESS)
    answer_survey(client, survey, lang="en", REMOTE_ADDR=ADDRESS)

    page = answer_survey(client, survey, lang="en", REMOTE_ADDR=ADDRESS)

    assert page.status_code == 429
    assert any("rate limit exceeded" in r.getMessage() for r in caplog.records)
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "192.0.2" not in logged


def test_the_switch_lets_a_benchmark_post_without_limits(client, settings):
    settings.RATE_LIMIT_ENABLED = False
    event = EventFactory(capacity=None)

    codes = [sign_up(client, event, f"p{n}@example.no").status_code for n in range(5)]

    assert codes == [302] * 5
