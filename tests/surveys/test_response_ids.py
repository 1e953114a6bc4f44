"""Keys of responses, answers and contacts are random (UUID version 4): a time-based
id (uuid1 holds the submit time and the server's MAC address) would date a response
and order it against everything else."""

import uuid

import pytest

from surveys import services
from surveys.models import Answer, Response, SeminarContact
from tests.surveys.factories import q

pytestmark = pytest.mark.django_db


def test_response_answer_and_contact_ids_are_random_version_4(survey):
    for n in range(20):
        services.response_submit(
            survey=survey,
            language="da",
            token=uuid.uuid4(),
            values={q(survey, "barriers").pk: f"svar {n}"},
        )
        services.seminar_contact_create(survey=survey, name=f"P{n}", email=f"p{n}@example.org")
    services.pool_flush(survey=survey, remainder=True)

    for model in (Response, Answer, SeminarContact):
        ids = [row.pk for row in model.objects.all()]
        assert len(ids) == 20
        assert {i.version for i in ids} == {4}
        assert {i.variant for i in ids} == {uuid.RFC_4122}
    # Nothing time-like: the ids in creation order are not sorted.
    answers = Answer.objects.filter(text__startswith="svar ").values_list("pk", "text")
    by_creation = [pk for pk, _text in sorted(answers, key=lambda a: int(a[1].split()[1]))]
    assert by_creation != sorted(by_creation)
