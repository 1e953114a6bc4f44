"""Results: counts, percentages and means, with small groups suppressed."""

import uuid

import pytest

from surveys import services
from surveys.models import Survey
from surveys.selectors import survey_results
from tests.surveys.factories import opt, q

pytestmark = pytest.mark.django_db


def submit(survey, *, who=1, skill=4, board=1, barriers=""):
    values = {
        q(survey, "who").pk: {"option": opt(survey, "who", who).pk, "other": ""},
        q(survey, "skill").pk: skill,
        q(survey, "board").pk: board,
        q(survey, "barriers").pk: barriers,
    }
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values=values)


def by_key(results, key):
    return next(r for r in results["questions"] if r["key"] == key)


def test_distribution_counts_percentages_and_mean(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 2
    for skill in (1, 1, 2, 2, 3, 3, 4, 4, 5, 5):
        submit(survey, skill=skill)

    results = survey_results(survey=survey, language="en", with_texts=True)

    assert results["total"] == 10
    skill = by_key(results, "skill")
    assert not skill["suppressed"]
    assert skill["mean"] == pytest.approx(3.0)
    assert [(r["count"], r["percent"]) for r in skill["rows"]] == [(2, 20.0)] * 5
    assert skill["rows"][0]["label"] == "1 – Very low"
    who = by_key(results, "who")
    # Kommune; nobody chose Udlejer or Other, and "nobody" is a small figure too.
    assert [r["count"] for r in who["rows"]] == [10, None, None]


def test_figures_from_fewer_responses_than_the_minimum_are_suppressed(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for _ in range(4):
        submit(survey, barriers="Vi har kun én vicevært, Hans")

    results = survey_results(survey=survey, language="da", with_texts=True)

    assert results["suppressed"]
    assert results["total"] is None  # a group size under the minimum is not printed
    assert all(question["suppressed"] for question in results["questions"])
    assert all(not question["texts"] for question in results["questions"])


def test_small_group_is_not_offered_and_gets_no_figures(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    for _ in range(3):
        submit(survey, who=1)
    for _ in range(3):
        submit(survey, who=2)
    submit(survey, who=1)
    submit(survey, who=2)

    big = survey_results(
        survey=survey, language="da", group_option=opt(survey, "who", 1), with_texts=True
    )
    assert big["total"] == 4 and not big["suppressed"]

    for _ in range(2):
        submit(survey, who=1)  # 6 against 4: still both offered
    for _ in range(3):
        submit(survey, who=1)  # 9 against 4
    small = survey_results(
        survey=survey, language="da", group_option=opt(survey, "who", 2), with_texts=True
    )
    assert small["total"] == 4 and not small["suppressed"]


def test_admin_results_page_shows_bars_and_refuses_a_small_group(survey, staff_client, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    for _ in range(3):
        submit(survey, who=1, barriers="Mangler tid")
    submit(survey, who=2)
    url = f"/django-admin/surveys/survey/{survey.pk}/results/"

    page = staff_client.get(url).content.decode()
    assert "survey-chart-bar" in page and "Mangler tid" in page

    group = staff_client.get(f"{url}?group={opt(survey, 'who', 2).pk}").content.decode()
    assert "Mangler tid" not in group
    assert "der vises ingen tal" in group


def test_published_results_of_a_closed_survey_are_public_without_free_texts(
    client, survey, settings
):
    settings.SURVEY_MIN_GROUP_SIZE = 2
    for _ in range(2):
        submit(survey, barriers="Hemmelig fritekst")
    assert client.get(f"/survey/{survey.slug}/results/").status_code == 404

    survey.status = Survey.Status.CLOSED
    survey.results_published = True
    survey.save()
    page = client.get(f"/survey/{survey.slug}/results/?lang=en")

    assert page.status_code == 200
    html = page.content.decode()
    assert "2 responses" in html and "survey-chart-bar" in html
    assert "Hemmelig fritekst" not in html
