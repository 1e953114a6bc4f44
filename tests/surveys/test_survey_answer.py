"""Answering on the site: steps, languages, validation, and the pages for unusual cases."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from surveys.models import Answer, Response, Survey
from tests.surveys.factories import answer_survey, good_answers, opt, q, state_of

pytestmark = pytest.mark.django_db

REQUIRED = {
    "da": "Dette felt er påkrævet.",
    "nb": "er påkrevet.",
    "en": "This field is required.",
}
STEP = {"da": "Trin 1 af 2", "nb": "Steg 1 av 2", "en": "Step 1 of 2"}


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_respondent_answers_every_question_type_in_each_language(client, survey, lang):
    done = answer_survey(client, survey, lang=lang)

    assert done.status_code == 302
    assert f"/survey/{survey.slug}/thanks/" in done["Location"]
    response = Response.objects.get()
    assert response.language == lang
    assert response.submitted_on == timezone.localdate()
    stored = {
        (a.question.key, a.option.code if a.option else None, a.number, a.text)
        for a in Answer.objects.select_related("question", "option")
    }
    assert stored == {
        ("who", 1, None, ""),
        ("methods", 1, None, ""),
        ("methods", None, None, "Fællesspisning"),
        ("size", None, 250, ""),
        ("board", None, 1, ""),
        ("skill", None, 4, ""),
        ("influence", 1, 5, ""),
        ("influence", 2, 2, ""),
        ("name_of_area", None, None, "Nord"),
        ("barriers", None, None, "Tid og penge"),
    }


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_page_renders_in_the_chosen_language(client, survey, lang):
    page = client.get(f"/survey/{survey.slug}/?lang={lang}")
    html = page.content.decode()
    assert f'<html lang="{lang}">' in html
    assert page["Content-Language"] == lang
    assert {"da": "Hvem er I?", "nb": "Hvem er dere?", "en": "Who are you?"}[lang] in html
    for other in {"da", "nb", "en"} - {lang}:
        assert f'href="/survey/{survey.slug}/?lang={other}"' in html


def test_language_not_offered_by_the_survey_falls_back_to_the_main_language(client, survey):
    survey.extra_languages = "en"
    survey.save()
    page = client.get(f"/survey/{survey.slug}/?lang=nb")
    assert '<html lang="da">' in page.content.decode()


def test_progress_shows_step_of_steps(client, survey):
    page = client.get(f"/survey/{survey.slug}/?lang=en")
    assert "Step 1 of 2" in page.content.decode()
    page = client.post(
        f"/survey/{survey.slug}/", {"state": state_of(page), **good_answers(survey)[0]}
    )
    assert "Step 2 of 2" in page.content.decode()


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_missing_required_answer_is_reported_in_the_survey_language_keeping_answers(
    client, survey, lang
):
    page = client.get(f"/survey/{survey.slug}/?lang={lang}")
    data = good_answers(survey)[0]
    del data[f"q{q(survey, 'board').pk}"]
    page = client.post(f"/survey/{survey.slug}/", {"state": state_of(page), **data})

    html = page.content.decode()
    assert page.status_code == 200
    assert REQUIRED[lang] in html
    assert 'value="250"' in html  # the number already typed is kept
    assert "Fællesspisning" in html
    assert STEP[lang] in html
    assert not Response.objects.exists()


def test_number_out_of_bounds_is_rejected_next_to_the_field(client, survey):
    page = client.get(f"/survey/{survey.slug}/?lang=en")
    data = {**good_answers(survey)[0], f"q{q(survey, 'size').pk}": "-3"}
    page = client.post(f"/survey/{survey.slug}/", {"state": state_of(page), **data})
    html = page.content.decode()
    assert "Ensure this value is greater than or equal to 0." in html
    assert 'aria-describedby="id_q' in html or "invalid-feedback" in html


def test_other_chosen_without_text_asks_for_it(client, survey):
    page = client.get(f"/survey/{survey.slug}/?lang=en")
    data = {**good_answers(survey)[0], f"q{q(survey, 'who').pk}": "other"}
    page = client.post(f"/survey/{survey.slug}/", {"state": state_of(page), **data})
    assert "Please state what “other” is." in page.content.decode()


def test_back_keeps_the_answers_of_the_previous_step(client, survey):
    page = client.get(f"/survey/{survey.slug}/?lang=en")
    page = client.post(
        f"/survey/{survey.slug}/", {"state": state_of(page), **good_answers(survey)[0]}
    )
    page = client.post(f"/survey/{survey.slug}/", {"state": state_of(page), "back": "1"})
    html = page.content.decode()
    assert "Step 1 of 2" in html
    assert 'value="250"' in html
    who, kommune = q(survey, "who").pk, opt(survey, "who", 1).pk
    assert re.search(rf'name="q{who}" value="{kommune}"[^>]*checked', html)


def test_tampered_state_starts_over_instead_of_storing(client, survey):
    page = client.post(f"/survey/{survey.slug}/", {"state": "forged", **good_answers(survey)[1]})
    assert page.status_code == 400
    assert not Response.objects.exists()


def test_unknown_survey_gets_a_clear_not_found_page(client, db):
    page = client.get("/survey/does-not-exist/")
    assert page.status_code == 404
    assert "Undersøgelsen blev ikke fundet" in page.content.decode() or "Survey not found" in (
        page.content.decode()
    )


def test_draft_survey_is_not_found(client, survey):
    survey.status = Survey.Status.DRAFT
    survey.save()
    assert client.get(f"/survey/{survey.slug}/").status_code == 404


def test_closed_survey_says_it_is_closed(client, survey):
    survey.status = Survey.Status.CLOSED
    survey.save()
    page = client.get(f"/survey/{survey.slug}/?lang=en")
    assert page.status_code == 410
    assert "This survey is closed" in page.content.decode()


def test_survey_past_its_closing_time_takes_no_answers(client, survey):
    page = client.get(f"/survey/{survey.slug}/")
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.opens_at = timezone.now() - timedelta(days=2)
    survey.save()
    for data in good_answers(survey):
        page = client.post(f"/survey/{survey.slug}/", {"state": state_of(page), **data})
        if page.status_code != 200:
            break
    assert page.status_code == 410
    assert not Response.objects.exists()


def test_survey_not_yet_open_says_so(client, survey):
    survey.opens_at = timezone.now() + timedelta(days=1)
    survey.save()
    page = client.get(f"/survey/{survey.slug}/?lang=en")
    assert page.status_code == 404
    assert "not open yet" in page.content.decode()


def test_matrix_question_text_is_shown_as_text_not_run_as_a_template(client, survey):
    matrix = q(survey, "influence")
    matrix.text_da = "Indflydelse {{ request.META }} <b>"
    matrix.help_da = "{% now 'Y' %}"
    matrix.save()
    page = client.get(f"/survey/{survey.slug}/")
    page = client.post(
        f"/survey/{survey.slug}/", {"state": state_of(page), **good_answers(survey)[0]}
    )
    shown = unescape(page.content.decode())  # what the browser shows
    assert "Indflydelse {{ request.META }} <b>" in shown
    assert "{% now 'Y' %}" in shown
    assert "HTTP_COOKIE" not in shown
