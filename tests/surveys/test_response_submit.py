"""One form, one response: reloads, double clicks and races store it once, all or nothing."""

import threading
import uuid

import pytest
from django.db import connection

from surveys import services
from surveys.models import Answer, Response, SubmissionToken
from tests.surveys.factories import build_every_type_survey, good_answers, q, state_of


@pytest.mark.django_db
def test_posting_the_last_step_twice_stores_one_response(client, survey):
    url = f"/survey/{survey.slug}/"
    page = client.get(url)
    first, last = good_answers(survey)
    page = client.post(url, {"state": state_of(page), **first})
    final = {"state": state_of(page), **last}

    one = client.post(url, final)
    two = client.post(url, final)  # reload after submit, or a double click

    assert one.status_code == two.status_code == 302
    assert "/thanks/" in two["Location"]
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_a_failing_answer_stores_nothing(survey):
    values = {q(survey, "size").pk: 10, q(survey, "who").pk: {"option": 999999, "other": ""}}
    with pytest.raises(services.SurveyError):
        services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values=values)
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not SubmissionToken.objects.exists()


@pytest.mark.django_db
def test_answers_are_stored_in_one_bulk_insert(survey, django_assert_max_num_queries):
    values = {q(survey, "size").pk: 10, q(survey, "skill").pk: 3, q(survey, "barriers").pk: "x"}
    with django_assert_max_num_queries(8):
        services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values=values)
    assert Answer.objects.count() == 3


@pytest.mark.postgres
# The flush after this test empties Wagtail's tree: pytest-django runs it after every
# other test, on a test database made new for each run.
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_of_one_form_store_one_response(requires_postgres):
    survey = build_every_type_survey()
    token = uuid.uuid4()
    values = {q(survey, "size").pk: 10}
    outcomes = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            services.response_submit(survey=survey, language="da", token=token, values=values)
            outcomes.append("stored")
        except services.AlreadySubmitted:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate", "stored"]
    assert Response.objects.count() == 1
