"""A survey is locked once answered: the rule in surveys.services, asked by the admin."""

import uuid

import pytest

from surveys import services
from tests.surveys.factories import q

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(survey):
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values={})
    return survey


def test_an_unanswered_survey_may_change_anything(survey):
    assert not services.survey_is_locked(survey=survey)
    services.question_change_check(
        survey=survey, is_new=False, required=True, changed_fields=["type", "key"]
    )


def test_an_answered_survey_keeps_question_types_keys_and_scales(answered):
    assert services.survey_is_locked(survey=answered)
    for field in ("type", "key", "scale_min", "scale_max"):
        with pytest.raises(services.SurveyLocked):
            services.question_change_check(
                survey=answered, is_new=False, required=False, changed_fields=[field]
            )
    services.question_change_check(
        survey=answered, is_new=False, required=True, changed_fields=["text_da", "required"]
    )


def test_a_question_added_to_an_answered_survey_must_be_optional(answered):
    with pytest.raises(services.SurveyLocked) as refused:
        services.question_change_check(
            survey=answered, is_new=True, required=True, changed_fields=["text_da"]
        )
    assert refused.value.field == "required"
    services.question_change_check(
        survey=answered, is_new=True, required=False, changed_fields=["text_da"]
    )


def test_options_of_an_answered_question_keep_their_codes(survey):
    who = q(survey, "who")
    option = who.options.first()
    services.response_submit(
        survey=survey,
        language="da",
        token=uuid.uuid4(),
        values={who.pk: {"option": option.pk, "other": ""}},
    )
    assert services.question_is_locked(question=who)
    with pytest.raises(services.SurveyLocked):
        services.option_change_check(question=who, is_new=False, changed_fields=["code"])
    with pytest.raises(services.SurveyLocked):
        services.option_change_check(question=who, is_new=True, changed_fields=["label_da"])
    services.option_change_check(question=who, is_new=False, changed_fields=["label_da"])
