"""Query budgets: pages cost the same with 2 or 20 questions, 1 or 30 surveys."""

import pytest

from surveys.models import Option, Question
from tests.surveys.factories import SurveyFactory, build_every_type_survey, state_of

pytestmark = pytest.mark.django_db


def add_questions(survey, n):
    for i in range(n):
        question = Question.objects.create(
            survey=survey,
            order=100 + i,
            key=f"extra{i}",
            type="single",
            text_da=f"Ekstra {i}",
            section=survey.sections.first(),
        )
        Option.objects.bulk_create(
            Option(question=question, order=c, code=c, label_da=f"Svar {c}") for c in range(1, 6)
        )


@pytest.mark.parametrize("extra_questions", [0, 20])
def test_survey_page_queries_do_not_grow_with_questions(
    client, extra_questions, django_assert_max_num_queries
):
    survey = build_every_type_survey()
    add_questions(survey, extra_questions)
    with django_assert_max_num_queries(15):  # 4 for the survey, the rest is base.html
        page = client.get(f"/survey/{survey.slug}/")
    with django_assert_max_num_queries(15):  # 4 for the survey, the rest is base.html
        client.post(f"/survey/{survey.slug}/", {"state": state_of(page)})


@pytest.mark.parametrize("surveys", [1, 30])
def test_admin_survey_list_queries_do_not_grow_with_surveys(
    staff_client, surveys, django_assert_max_num_queries
):
    for _ in range(surveys):
        SurveyFactory()
    with django_assert_max_num_queries(12):
        assert staff_client.get("/django-admin/surveys/survey/").status_code == 200


@pytest.mark.parametrize("extra_questions", [0, 20])
def test_admin_results_queries_do_not_grow_with_questions(
    staff_client, extra_questions, django_assert_max_num_queries
):
    survey = build_every_type_survey()
    add_questions(survey, extra_questions)
    # 21: one of them reads the staff member's language and time zone (their profile).
    with django_assert_max_num_queries(21):
        assert (
            staff_client.get(f"/django-admin/surveys/survey/{survey.pk}/results/").status_code
            == 200
        )
