"""A Likert or matrix question always says what the ends of its scale mean."""

import pytest
from django.core.exceptions import ValidationError

from surveys.models import Question
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def scale_question(type_="matrix", **labels):
    survey = SurveyFactory()
    return Question(survey=survey, key="q1", type=type_, text_da="Hvor enig?", **labels)


@pytest.mark.parametrize("type_", ["likert", "matrix"])
def test_a_scale_without_labels_gets_the_defaults_in_every_language(type_):
    question = scale_question(type_)
    question.full_clean()
    assert (question.low_label_da, question.high_label_da) == ("Meget uenig", "Meget enig")
    assert (question.low_label_nb, question.high_label_nb) == ("Svært uenig", "Svært enig")
    assert (question.low_label_en, question.high_label_en) == (
        "Strongly disagree",
        "Strongly agree",
    )


def test_own_labels_are_kept_and_no_default_contradicts_them():
    question = scale_question(low_label_da="Slet ikke", high_label_da="I høj grad")
    question.full_clean()
    assert (question.low_label_da, question.high_label_da) == ("Slet ikke", "I høj grad")
    # The other languages fall back to the main language's labels, never to "agree".
    assert question.low_label_en == ""


def test_one_end_without_a_label_is_refused_next_to_it():
    question = scale_question(low_label_da="Slet ikke", low_label_en="Not at all")
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert set(refused.value.message_dict) == {"high_label_da", "high_label_en"}


def test_other_question_types_get_no_scale_labels():
    question = scale_question("single")
    question.full_clean()
    assert question.low_label_da == ""
