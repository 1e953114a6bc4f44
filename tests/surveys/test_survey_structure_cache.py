"""Loaded surveys (in the shared cache) and rendered step forms (per process) are
kept: any change to a survey's texts, questions or options shows on the very next page."""

import pytest

from surveys.models import Option, Question
from tests.surveys.factories import build_every_type_survey, opt, q

pytestmark = pytest.mark.django_db


def page(client, survey):
    return client.get(f"/survey/{survey.slug}/").content.decode()


def test_a_changed_question_text_shows_on_the_next_page(client):
    survey = build_every_type_survey()
    before = page(client, survey)
    question = survey.questions.order_by("order").first()
    assert question.text_da in before
    question.text_da = "Et helt nyt spørgsmål"
    question.save()
    assert "Et helt nyt spørgsmål" in page(client, survey)


def test_a_new_option_shows_on_the_next_page(client):
    survey = build_every_type_survey()
    page(client, survey)
    who = q(survey, "who")
    Option.objects.create(question=who, order=99, code=99, label_da="Helt ny mulighed")
    assert "Helt ny mulighed" in page(client, survey)


def test_a_deleted_option_disappears_from_the_next_page(client):
    survey = build_every_type_survey()
    option = opt(survey, "who", 1)
    assert option.label_da in page(client, survey)
    option.delete()
    assert option.label_da not in page(client, survey)


def test_a_closed_survey_takes_no_answers_from_the_next_visitor(client):
    survey = build_every_type_survey()
    page(client, survey)
    survey.status = survey.Status.CLOSED
    survey.save()
    assert client.get(f"/survey/{survey.slug}/").status_code == 410


def test_a_survey_page_loads_the_survey_once(client, django_assert_max_num_queries):
    survey = build_every_type_survey()
    page(client, survey)
    with django_assert_max_num_queries(8):  # base.html only: no survey, question or option
        response = client.get(f"/survey/{survey.slug}/")
    assert Question.objects.filter(survey=survey).first().text_da in response.content.decode()
