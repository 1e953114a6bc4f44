"""A number too large for the database is a message next to the field, not a lost response."""

import pytest

from surveys.models import Question, Response
from tests.surveys.factories import answer_survey, good_answers, q

pytestmark = pytest.mark.django_db


@pytest.fixture
def unbounded(survey):
    Question.objects.filter(pk=q(survey, "size").pk).update(min_value=None, max_value=None)
    return survey


@pytest.mark.parametrize("typed", [str(2**31), str(-(2**31) - 1), str(2**63), "9" * 5000])
def test_a_number_beyond_the_column_is_refused_with_a_message(client, unbounded, typed):
    first, second = good_answers(unbounded)
    size = f"q{q(unbounded, 'size').pk}"
    page = answer_survey(client, unbounded, [{**first, size: typed}])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="invalid-feedback' in html and f'value="{typed}"' in html
    assert Response.objects.count() == 0


def test_the_largest_number_the_column_holds_is_stored(client, unbounded):
    first, second = good_answers(unbounded)
    size = f"q{q(unbounded, 'size').pk}"
    page = answer_survey(client, unbounded, [{**first, size: str(2**31 - 1)}, second])
    assert page.status_code == 302
    assert Response.objects.get().answers.get(question__key="size").number == 2**31 - 1


def test_the_questions_own_bounds_still_hold(client, survey):
    first, _second = good_answers(survey)
    page = answer_survey(client, survey, [{**first, f"q{q(survey, 'size').pk}": "100001"}])
    assert page.status_code == 200 and Response.objects.count() == 0
