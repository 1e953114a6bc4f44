"""Surveys for tests: one question of every type, and answers posted like a browser."""

import re
from datetime import timedelta

import factory
from django.utils import timezone

from surveys.forms import OTHER
from surveys.models import Option, Question, Response, Section, Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    slug = factory.Sequence(lambda n: f"survey-{n}")
    main_language = "da"
    extra_languages = "nb,en"
    status = Survey.Status.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    title_da = "Undersøgelse"
    title_nb = "Undersøkelse"
    title_en = "Survey"
    thank_you_da = "Tak for dine svar."


def _texts(name, da, nb=None, en=None):
    return {f"{name}_da": da, f"{name}_nb": nb or da, f"{name}_en": en or da}


def build_every_type_survey(**kwargs) -> Survey:
    survey = SurveyFactory(**kwargs)
    first = Section.objects.create(
        survey=survey, order=1, **_texts("title", "Om jer", "Om dere", "About you")
    )
    second = Section.objects.create(
        survey=survey, order=2, **_texts("title", "Vurdering", "Vurdering", "Rating")
    )
    t = Question.Type

    def question(section, order, key, type_, text, **extra):
        return Question.objects.create(
            survey=survey,
            section=section,
            order=order,
            key=key,
            type=type_,
            **_texts("text", *text),
            **extra,
        )

    single = question(
        first, 1, "who", t.SINGLE, ("Hvem er I?", "Hvem er dere?", "Who are you?"), allow_other=True
    )
    for code, label in enumerate(["Kommune", "Udlejer"], start=1):
        Option.objects.create(question=single, order=code, code=code, **_texts("label", label))
    multiple = question(
        first,
        2,
        "methods",
        t.MULTIPLE,
        ("Metoder?", "Metoder?", "Methods?"),
        allow_other=True,
        required=False,
    )
    for code, label in enumerate(["Møder", "Spørgeskemaer", "Besøg"], start=1):
        Option.objects.create(question=multiple, order=code, code=code, **_texts("label", label))
    question(
        first,
        3,
        "size",
        t.NUMBER,
        ("Antal boliger?", "Antall boliger?", "Number of homes?"),
        min_value=0,
        max_value=100000,
    )
    question(
        first,
        4,
        "board",
        t.YES_NO,
        ("Har I en beboerbestyrelse?", "Har dere et beboerstyre?", "Do you have a tenants' board?"),
    )
    question(
        second,
        5,
        "skill",
        t.LIKERT,
        ("Kompetence?", "Kompetanse?", "Competence?"),
        **_texts("low_label", "Meget lav", "Svært lav", "Very low"),
        **_texts("high_label", "Meget høj", "Svært høy", "Very high"),
    )
    matrix = question(
        second,
        6,
        "influence",
        t.MATRIX,
        ("Indflydelse på …", "Innflytelse på …", "Influence on …"),
        **_texts("low_label", "Slet ikke", "Ikke i det hele tatt", "Not at all"),
        **_texts("high_label", "I høj grad", "I stor grad", "A lot"),
    )
    for code, label in enumerate(["vedligehold", "regler"], start=1):
        Option.objects.create(question=matrix, order=code, code=code, **_texts("label", label))
    question(
        second, 7, "name_of_area", t.SHORT_TEXT, ("Område?", "Område?", "Area?"), required=False
    )
    question(
        second,
        8,
        "barriers",
        t.LONG_TEXT,
        ("Barrierer?", "Hindringer?", "Barriers?"),
        required=False,
    )
    return survey


def q(survey, key) -> Question:
    return survey.questions.get(key=key)


def opt(survey, key, code) -> Option:
    return Option.objects.get(question__survey=survey, question__key=key, code=code)


def good_answers(survey, *, barriers="Tid og penge") -> list[dict]:
    """POST data per step for a complete, valid response."""
    who, methods = q(survey, "who"), q(survey, "methods")
    matrix = q(survey, "influence")
    return [
        {
            f"q{who.pk}": str(opt(survey, "who", 1).pk),
            f"q{methods.pk}": [str(opt(survey, "methods", 1).pk), OTHER],
            f"q{methods.pk}_other": "Fællesspisning",
            f"q{q(survey, 'size').pk}": "250",
            f"q{q(survey, 'board').pk}": "1",
        },
        {
            f"q{q(survey, 'skill').pk}": "4",
            f"q{matrix.pk}_i{opt(survey, 'influence', 1).pk}": "5",
            f"q{matrix.pk}_i{opt(survey, 'influence', 2).pk}": "2",
            f"q{q(survey, 'name_of_area').pk}": "Nord",
            f"q{q(survey, 'barriers').pk}": barriers,
        },
    ]


STATE_RE = re.compile(r'name="state" value="([^"]+)"')


def state_of(response) -> str:
    return STATE_RE.search(response.content.decode()).group(1)


def answer_survey(client, survey, steps=None, *, lang=None, **extra):
    """Walk through every step like a browser; returns the last response."""
    url = f"/survey/{survey.slug}/" + (f"?lang={lang}" if lang else "")
    page = client.get(url, **extra)
    for data in steps or good_answers(survey):
        page = client.post(url, {"state": state_of(page), **data}, **extra)
        if page.status_code != 200:
            return page
    return page


def make_responses(survey, n, **fields):
    return Response.objects.bulk_create(
        Response(survey=survey, submitted_on=timezone.localdate(), language="da", **fields)
        for _ in range(n)
    )
