"""Staff build a survey of every question type on one admin page (sections, questions,
options nested), and cannot corrupt answered ones."""

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


def question_fields(prefix, *, type_, text, required=True, **extra):
    """One question form of the builder (nested under its section)."""
    data = {
        f"{prefix}-order": "",
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


def section_fields(prefix, title_da, *, questions=(), section=None, survey=None):
    """A section form with its nested questions; each question a dict of
    question_fields() keywords plus an optional "options" list of labels."""
    data = {
        f"{prefix}-order": "",
        f"{prefix}-title_da": title_da,
        f"{prefix}-title_nb": "",
        f"{prefix}-title_en": "",
    }
    if section is not None:
        data |= {f"{prefix}-id": str(section.pk), f"{prefix}-survey": str(survey.pk)}
    data |= management(f"{prefix}-questions", len(questions))
    for i, spec in enumerate(questions):
        spec = dict(spec)
        labels = spec.pop("options", [])
        qprefix = f"{prefix}-questions-{i}"
        data |= question_fields(qprefix, **spec)
        data |= management(f"{qprefix}-options", len(labels))
        for j, label in enumerate(labels):
            data |= {
                f"{qprefix}-options-{j}-order": str(j),
                f"{qprefix}-options-{j}-code": "",
                f"{qprefix}-options-{j}-label_da": label,
                f"{qprefix}-options-{j}-label_nb": "",
                f"{qprefix}-options-{j}-label_en": "",
            }
    return data


def test_staff_build_a_survey_of_every_question_type_on_one_page(staff_client):
    """New sections take their questions, options and matrix items in the same save."""
    types = [t for t, _label in Question.Type.choices]
    specs = []
    for type_ in types:
        spec = {"type_": type_, "text": f"Spørgsmål {type_}"}
        if type_ in ("single", "multiple"):
            spec |= {"allow_other": "on", "options": ["Ja tak", "Nej tak"]}
        if type_ == "matrix":
            spec |= {"options": ["Ja tak", "Nej tak"]}
        if type_ == "number":
            spec |= {"min_value": "0", "max_value": "10000"}
        if type_ in ("likert", "matrix"):
            spec |= {"low_label_da": "Slet ikke", "high_label_da": "I høj grad"}
        specs.append(spec)
    data = survey_data(
        **management("sections", 2),
        **section_fields("sections-0", "Om jer", questions=specs[:4]),
        **section_fields("sections-1", "Vurdering", questions=specs[4:]),
    )
    page = staff_client.post(ADD_URL, data)
    assert page.status_code == 302, page.content.decode()[:3000]
    survey = Survey.objects.get(slug="beboerundersoegelse")
    first, second = survey.sections.all()
    assert sorted(survey.questions.values_list("type", flat=True)) == sorted(types)
    # Numbered in the builder's order: sections first, then questions in them.
    assert list(survey.questions.order_by("order").values_list("key", "section")) == [
        (f"q{n}", first.pk if n <= 4 else second.pk) for n in range(1, len(types) + 1)
    ]
    assert set(Option.objects.filter(question__survey=survey).values_list("code", flat=True)) == {
        1,
        2,
    }

    # The survey works on the site.
    page = staff_client.get(f"/survey/{survey.slug}/?lang=en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Spørgsmål single" in html and "Step 1 of 2" in html


def test_dragged_order_is_the_order_of_questions_and_options(staff_client, survey):
    """nested_admin posts the dragged position in the order fields."""
    url = f"/django-admin/surveys/survey/{survey.pk}/change/"
    first, second = survey.sections.all()
    who, methods = survey.questions.get(key="who"), survey.questions.get(key="methods")
    data = survey_data(slug=survey.slug, **management("sections", 1, 1))
    data |= section_fields("sections-0", "Om jer", section=first, survey=survey)
    data |= management("sections-0-questions", 2, 2)
    for i, (question, position) in enumerate([(who, 1), (methods, 0)]):
        prefix = f"sections-0-questions-{i}"
        data |= question_fields(prefix, type_=question.type, text=question.text_da)
        data |= {
            f"{prefix}-id": str(question.pk),
            f"{prefix}-section": str(first.pk),
            f"{prefix}-key": question.key,
            f"{prefix}-order": str(position),
            f"{prefix}-allow_other": "on",
        }
        options = list(question.options.all())
        data |= management(f"{prefix}-options", len(options), len(options))
        for j, option in enumerate(reversed(options)):
            data |= {
                f"{prefix}-options-{j}-id": str(option.pk),
                f"{prefix}-options-{j}-question": str(question.pk),
                f"{prefix}-options-{j}-order": str(j),
                f"{prefix}-options-{j}-code": str(option.code),
                f"{prefix}-options-{j}-label_da": option.label_da,
                f"{prefix}-options-{j}-label_nb": option.label_nb,
                f"{prefix}-options-{j}-label_en": option.label_en,
            }
    page = staff_client.post(url, data)
    assert page.status_code == 302, page.content.decode()[:3000]
    keys = list(survey.questions.order_by("order").values_list("key", flat=True))
    assert keys[:2] == ["methods", "who"]
    assert list(who.options.order_by("order").values_list("code", flat=True)) == [2, 1]
    # The public form follows.
    html = staff_client.get(f"/survey/{survey.slug}/").content.decode()
    assert html.index("Metoder?") < html.index("Hvem er I?")


def test_a_scale_left_without_labels_gets_the_default_labels(staff_client):
    data = survey_data(
        **management("sections", 1),
        **section_fields(
            "sections-0",
            "Vurdering",
            questions=[{"type_": "matrix", "text": "Hvor enig?", "options": ["Mad", "Vand"]}],
        ),
    )
    page = staff_client.post(ADD_URL, data)
    assert page.status_code == 302, page.content.decode()[:3000]
    matrix = Question.objects.get(type="matrix")
    assert (matrix.low_label_da, matrix.high_label_da) == ("Meget uenig", "Meget enig")
    assert (matrix.low_label_nb, matrix.high_label_nb) == ("Svært uenig", "Svært enig")
    assert (matrix.low_label_en, matrix.high_label_en) == ("Strongly disagree", "Strongly agree")
    html = staff_client.get("/survey/beboerundersoegelse/").content.decode()
    assert "1 – Meget uenig" in html and "5 – Meget enig" in html


def test_a_scale_with_one_end_label_is_refused_next_to_the_empty_end(staff_client):
    data = survey_data(
        **management("sections", 1),
        **section_fields(
            "sections-0",
            "Vurdering",
            questions=[{"type_": "likert", "text": "Hvor enig?", "low_label_da": "Uenig"}],
        ),
    )
    page = staff_client.post(ADD_URL, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Angiv begge skalaens yderpunkter" in html
    assert not Survey.objects.exists()


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
    first = survey.sections.first()

    def post(**question):
        data = survey_data(slug=survey.slug, **management("sections", 1, 1))
        data |= section_fields(
            "sections-0", "Om jer", section=first, survey=survey, questions=[question]
        )
        return staff_client.post(url, data)

    refused = post(type_="short", text="Ny")
    assert refused.status_code == 200
    assert "Nye spørgsmål skal være valgfrie." in refused.content.decode()

    accepted = post(type_="short", text="Ny", required=False)
    assert accepted.status_code == 302
    assert survey.questions.filter(text_da="Ny", required=False, section=first).exists()


def test_answered_survey_keeps_its_sections_and_questions(staff_client, survey):
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values={})
    url = f"/django-admin/surveys/survey/{survey.pk}/change/"
    first = survey.sections.first()
    question = survey.questions.get(key="who")
    data = survey_data(slug=survey.slug, **management("sections", 1, 1))
    data |= section_fields("sections-0", "Om jer", section=first, survey=survey)
    data |= {"sections-0-DELETE": "on"}
    data |= management("sections-0-questions", 1, 1)
    data |= question_fields("sections-0-questions-0", type_="single", text=question.text_da)
    data |= {
        "sections-0-questions-0-id": str(question.pk),
        "sections-0-questions-0-section": str(first.pk),
        "sections-0-questions-0-key": "who",
        "sections-0-questions-0-DELETE": "on",
        **management("sections-0-questions-0-options", 0),
    }
    staff_client.post(url, data)
    assert survey.sections.filter(pk=first.pk).exists()
    assert survey.questions.filter(pk=question.pk, section=first).exists()


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


def test_save_and_preview_saves_the_draft_and_opens_its_preview(staff_client):
    data = survey_data(
        status="draft",
        _preview="1",
        **management("sections", 1),
        **section_fields(
            "sections-0", "Vurdering", questions=[{"type_": "likert", "text": "Hvor enig?"}]
        ),
    )
    page = staff_client.post(ADD_URL, data)
    assert page.status_code == 302
    assert page["Location"] == "/survey/beboerundersoegelse/preview/"
    preview = staff_client.get(page["Location"])
    assert "Hvor enig?" in preview.content.decode()
    form = staff_client.get(f"/django-admin/surveys/survey/{Survey.objects.get().pk}/change/")
    assert 'name="_preview"' in form.content.decode()


def test_the_builder_shows_the_survey_languages_and_keeps_the_others(staff_client, survey):
    survey.extra_languages = ""
    survey.save()
    url = f"/django-admin/surveys/survey/{survey.pk}/change/"
    html = staff_client.get(url).content.decode()
    assert 'name="sections-0-questions-0-text_da"' in html
    assert 'name="sections-0-questions-0-text_en"' not in html
    assert 'name="sections-0-questions-0-options-0-label_en"' not in html
    # A new section of a saved survey, sent back with an error, is laid out again.
    first = survey.sections.first()
    data = survey_data(slug=survey.slug, extra_languages="", **management("sections", 2, 1))
    data |= section_fields("sections-0", "Om jer", section=first, survey=survey)
    data |= section_fields(
        "sections-1", "Ny", questions=[{"type_": "likert", "text": "?", "low_label_da": "x"}]
    )
    page = staff_client.post(url, data)
    assert page.status_code == 200
    assert "Angiv begge skalaens yderpunkter" in page.content.decode()
    assert survey.questions.get(key="who").text_en == "Who are you?"
