"""The source project's survey, and how project pages list open surveys."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lejerbo_site.models import ProjectPage
from surveys.content import DEMO_SLUG as SLUG
from surveys.content import load_demo_survey as load_source_survey
from surveys.models import Option, Question, Survey
from surveys.selectors import survey_list_for_page
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_page(home_page):
    page = home_page.add_child(
        instance=ProjectPage(title="Kunnskap om leieboermedvirkning", slug="medvirkning")
    )
    page.save_revision().publish()
    return page


def test_source_survey_is_loaded_once_in_norwegian_and_open(project_page):
    survey = load_source_survey(project_page=project_page)
    again = load_source_survey(project_page=project_page)

    assert again.pk == survey.pk
    assert Survey.objects.filter(slug=SLUG).count() == 1
    assert survey.main_language == "nb" and survey.languages == ["nb", "en"]
    assert survey.is_accepting_answers()
    assert survey.sections.count() == 4
    types = list(survey.questions.order_by("order").values_list("key", "type"))
    assert types == [
        ("hvem", "single"),
        ("storrelse", "single"),
        ("metoder", "multiple"),
        ("innflytelse", "matrix"),
        ("kompetanse", "likert"),
        ("behov", "multiple"),
        ("hindringer", "long"),
        ("seminartema", "multiple"),
    ]
    who = survey.questions.get(key="hvem")
    assert who.allow_other
    assert [o.label_nb for o in who.options.all()] == [
        "Kommune",
        "Bydel",
        "Kommunal etat eller foretak",
        "Ideell utleier",
        "Kommersiell eller profesjonell utleier",
    ]
    assert not Option.objects.filter(question__survey=survey, label_en="").exists()
    assert not Question.objects.filter(survey=survey, text_en="").exists()


def test_source_survey_can_be_answered_in_norwegian_and_english(client, project_page):
    survey = load_source_survey(project_page=project_page)
    nb = client.get(f"/survey/{SLUG}/").content.decode()
    en = client.get(f"/survey/{SLUG}/?lang=en").content.decode()
    assert '<html lang="nb">' in nb and "Hvem svarer du på vegne av?" in nb
    assert '<html lang="en">' in en and "Who are you answering for?" in en
    assert survey.title in nb


def test_project_page_lists_only_its_open_surveys(project_page, django_assert_max_num_queries):
    source = load_source_survey(project_page=project_page)
    SurveyFactory(project_page=project_page, status=Survey.Status.DRAFT)
    SurveyFactory(
        project_page=project_page,
        closes_at=timezone.now() - timedelta(hours=1),
        opens_at=timezone.now() - timedelta(days=3),
    )
    SurveyFactory(project_page=project_page, opens_at=timezone.now() + timedelta(days=1))
    SurveyFactory(project_page=None)

    with django_assert_max_num_queries(1):
        surveys = survey_list_for_page(page=project_page)

    assert surveys == [source]


def test_project_surveys_include_links_each_survey_and_is_empty_without_any(project_page):
    source = load_source_survey(project_page=project_page)
    source.closes_at = timezone.now() + timedelta(days=30)
    with translation.override("nb"):
        html = render_to_string("surveys/includes/project_surveys.html", {"surveys": [source]})
        empty = render_to_string("surveys/includes/project_surveys.html", {"surveys": []})
    assert "<h2" in html
    assert f'href="/survey/{SLUG}/"' in html
    assert source.title in html
    assert empty.strip() == ""
