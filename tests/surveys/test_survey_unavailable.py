"""The survey-not-found and results-not-public pages: the visitor's language, and true."""

import pytest
from django.urls import reverse

from surveys.models import Survey
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def _answer(slug):
    return reverse("surveys:answer", kwargs={"slug": slug})


@pytest.mark.parametrize(
    "query,accept,lang,text",
    [
        ("?lang=nb", "da", "nb", "Fant ikke undersøkelsen"),
        ("", "nb", "nb", "Fant ikke undersøkelsen"),
        ("", "en", "en", "Survey not found"),
        ("", "da", "da", "Undersøgelsen blev ikke fundet"),
    ],
)
def test_not_found_page_speaks_the_visitors_language(client, query, accept, lang, text):
    response = client.get(_answer("missing") + query, HTTP_ACCEPT_LANGUAGE=accept)
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html
    assert text in html


def test_results_of_an_open_survey_do_not_say_it_is_not_open(client):
    survey = SurveyFactory(results_published=True)
    assert survey.is_accepting_answers()
    response = client.get(reverse("surveys:results", kwargs={"slug": survey.slug}) + "?lang=en")
    html = response.content.decode()
    assert response.status_code == 404
    assert "no open survey" not in html
    assert "The results are published when the survey has closed." in html
    assert f'href="{_answer(survey.slug)}?lang=en"' in html


def test_unpublished_results_say_so(client):
    survey = SurveyFactory(status=Survey.Status.CLOSED)
    html = client.get(
        reverse("surveys:results", kwargs={"slug": survey.slug}) + "?lang=nb"
    ).content.decode()
    assert "Resultatene av denne undersøkelsen er ikke publisert." in html
