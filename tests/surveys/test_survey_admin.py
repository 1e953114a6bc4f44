"""Staff build a survey of every question type in the admin, and cannot corrupt answered ones."""

import uuid

import pytest

from surveys import services
from surveys.models import Option, Question, Survey
from tests.surveys.factories import answer_survey

pytestmark = pytest.mark.django_db

ADD_URL = "/django-admin/surveys/survey/add/"
LANGS = ("da", "nb", "en")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def survey_data(**overrides):
    data = {
        "slug": "beboerundersoegelse",
        "status": "open",
        "access": "link",
        "main_language": "da",
        "extra_languages": "nb,en",
        "opens_at_0": "2026-01-01",
        "opens_at_1": "08:00:00",
        "closes_at_0": "",
        "closes_at_1": "",
        "project_page": "",
        "offer_seminar_invitation": "on",
        "title_da": "Beboerundersøgelse",
        "title_nb": "Beboerundersøkelse",
        "title_en": "Tenant survey",
        **{f"intro_{c}": "" for c in LANGS},
        **{f"thank_you_{c}": "" for c in LANGS},
        **management("sections", 0),
        **management("questions", 0),
    }
    data.update(overrides)
    return data


def question_form(index, *, type_, text, section="", required=True, **extra):
    prefix = f"questions-{index}"
    data = {
        f"{prefix}-order": str((index + 1) * 10),
        f"{prefix}-section": str(section),
        f"{prefix}-key": "",
        f"{prefix}-type": type_,
        f"{prefix}-scale_min": "1",
        f"{prefix}-scale_max": "5",
        f"{prefix}-min_value": "",
        f"{prefix}-max_value": "",
        f"{prefix}-text_da": text,
        f"{prefix}-text_nb": text,
        f"{prefix}-text_en": text,
    }
    if required:
        data[f"{prefix}-required"] = "on"
    for name in ("help", "low_label", "high_label"):
        for code in LANGS:
            data[f"{prefix}-{name}_{code}"] = ""
    data.update({f"{prefix}-{k}": v for k, v in extra.items()})
    return data


def test_staff_build_a_survey_of_every_question_type(staff_client):
    # 1. The survey and its sections.
    data = survey_data(
        **management("sections", 2),
        **{
            "sections-0-order": "1",
            "sections-0-title_da": "Om jer",
            "sections-0-title_nb": "",
            "sections-0-title_en": "About you",
        },
        **{
            "sections-1-order": "2",
            "sections-1-title_da": "Vurdering",
            "sections-1-title_nb": "",
            "sections-1-title_en": "",
        },
    )
    page = staff_client.post(ADD_URL, data)
    assert page.status_code == 302, page.content.decode()[:3000]
    survey = Survey.objects.get(slug="beboerundersoegelse")
    first, second = survey.sections.all()

    # 2. One question of every type, placed in the sections.
    types = [t for t, _label in Question.Type.choices]
    questions = {}
    for i, type_ in enumerate(types):
        extra = {"allow_other": "on"} if type_ in ("single", "multiple") else {}
        if type_ == "number":
            extra |= {"min_value": "0", "max_value": "10000"}
        if type_ in ("likert", "matrix"):
            extra |= {"low_label_da": "Slet ikke", "high_label_da": "I høj grad"}
        section = first.pk if i < 4 else second.pk
        questions |= question_form(
            i, type_=type_, text=f"Spørgsmål {type_}", section=section, **extra
        )
    data = survey_data(
        **management("sections", 2, 2),
        **{
            "sections-0-id": first.pk,
            "sections-0-survey": survey.pk,
            "sections-0-order": "1",
            "sections-0-title_da": "Om jer",
            "sections-0-title_nb": "",
            "sections-0-title_en": "",
        },
        **{
            "sections-1-id": second.pk,
            "sections-1-survey": survey.pk,
            "sections-1-order": "2",
            "sections-1-title_da": "Vurdering",
            "sections-1-title_nb": "",
            "sections-1-title_en": "",
        },
        **management("questions", len(types)),
        **questions,
    )
    page = staff_client.post(f"/django-admin/surveys/survey/{survey.pk}/change/", data)
    assert page.status_code == 302, page.content.decode()[:3000]
    assert sorted(survey.questions.values_list("type", flat=True)) == sorted(types)
    assert list(survey.questions.order_by("order").values_list("key", flat=True)) == [
        f"q{n}" for n in range(1, len(types) + 1)
    ]

    # 3. Options of the choice questions and items of the matrix, numbered automatically.
    for question in survey.questions.filter(type__in=["single", "multiple", "matrix"]):
        data = {
            "section": question.section_id,
            "order": question.order,
            "key": question.key,
            "type": question.type,
            "required": "on",
            "scale_min": "1",
            "scale_max": "5",
            **{
                f"{n}_{c}": getattr(question, f"{n}_{c}")
                for n in ("text", "help", "low_label", "high_label")
                for c in LANGS
            },
            **management("options", 2),
            **{
                f"options-{i}-{k}": v
                for i, label in enumerate(["Ja tak", "Nej tak"])
                for k, v in {
                    "order": str(i),
                    "code": "",
                    "label_da": label,
                    "label_nb": "",
                    "label_en": "",
                }.items()
            },
        }
        if question.allow_other:
            data["allow_other"] = "on"
        page = staff_client.post(f"/django-admin/surveys/question/{question.pk}/change/", data)
        assert page.status_code == 302, page.content.decode()[:3000]
    assert set(Option.objects.filter(question__survey=survey).values_list("code", flat=True)) == {
        1,
        2,
    }

    # 4. The survey works on the site.
    page = staff_client.get(f"/survey/{survey.slug}/?lang=en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Spørgsmål single" in html and "Step 1 of 2" in html
    assert "1 – Slet ikke" in html


def test_answered_survey_refuses_changes_that_corrupt_answers(staff_client, survey, client):
    answer_survey(client, survey)
    question = survey.questions.get(key="skill")
    page = staff_client.get(f"/django-admin/surveys/survey/{survey.pk}/change/")
    assert "Denne undersøgelse har modtaget svar" in page.content.decode()

    services_question = {
        "order": question.order,
        "section": question.section_id,
        "key": question.key,
        "type": "number",
        "required": "on",
        "scale_min": "1",
        "scale_max": "5",
        **{
            f"{n}_{c}": getattr(question, f"{n}_{c}")
            for n in ("text", "help", "low_label", "high_label")
            for c in LANGS
        },
        **management("options", 0),
    }
    page = staff_client.post(
        f"/django-admin/surveys/question/{question.pk}/change/", services_question
    )
    question.refresh_from_db()
    assert question.type == "likert"  # the type field is read-only once answered


def test_answered_survey_accepts_only_optional_new_questions(staff_client, survey):
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values={})
    url = f"/django-admin/surveys/survey/{survey.pk}/change/"
    base = survey_data(slug=survey.slug, **management("questions", 1))

    refused = staff_client.post(url, {**base, **question_form(0, type_="short", text="Ny")})
    assert refused.status_code == 200
    assert "Nye spørgsmål skal være valgfrie." in refused.content.decode()

    accepted = staff_client.post(
        url, {**base, **question_form(0, type_="short", text="Ny", required=False)}
    )
    assert accepted.status_code == 302
    assert survey.questions.filter(text_da="Ny", required=False).exists()


def test_copy_action_makes_an_editable_draft(staff_client, survey):
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values={})
    page = staff_client.post(
        "/django-admin/surveys/survey/",
        {"action": "copy_surveys", "_selected_action": [survey.pk]},
    )
    assert page.status_code == 302
    copy = Survey.objects.get(slug=f"{survey.slug}-copy")
    assert copy.status == Survey.Status.DRAFT
    assert copy.questions.count() == survey.questions.count()
    assert copy.sections.count() == 2
    assert not copy.responses.exists()
    assert Option.objects.filter(question__survey=copy).count() == 7
