"""Responses as one row each, one column per question (pretix's exporter shape).

`survey_export_header` + `survey_export_rows` feed the shared streaming writers in
lejerbo_site/exports.py. Multiple choice becomes one 0/1 column per option, a
matrix one column per item; choices are exported as their numeric codes, which the
codebook sheet explains. There is deliberately no response id, and nothing about
the respondent beyond the submission date and the language used.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from surveys.models import Answer, Option, Question, Response, Survey

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    name: str
    question: Question
    kind: str  # choice, other, flag, item, number, text
    option: Option | None = None


def survey_export_columns(*, survey: Survey) -> list[Column]:
    columns = []
    t = Question.Type
    questions = survey.questions.prefetch_related("options").order_by("order", "pk")
    for q in questions:
        options = list(q.options.all())
        if q.type == t.SINGLE:
            columns.append(Column(q.key, q, "choice"))
        elif q.type == t.MULTIPLE:
            columns += [Column(f"{q.key}_{o.code}", q, "flag", o) for o in options]
        elif q.type == t.MATRIX:
            columns += [Column(f"{q.key}_{o.code}", q, "item", o) for o in options]
        elif q.type in (t.LIKERT, t.YES_NO, t.NUMBER):
            columns.append(Column(q.key, q, "number"))
        else:
            columns.append(Column(q.key, q, "text"))
        if q.allow_other and q.type in Question.CHOICE_TYPES:
            columns.append(Column(f"{q.key}_other", q, "other"))
    return columns


def survey_export_header(columns: list[Column]) -> list[str]:
    return ["submitted_on", "language", *[c.name for c in columns]]


def _cell(column: Column, answers: list[Answer]):
    kind = column.kind
    if kind == "flag":
        if not answers:
            return None  # skipped question: unknown, not "no"
        return int(any(a.option_id == column.option.pk for a in answers))
    if kind == "choice":
        return next((a.option.code for a in answers if a.option_id), None)
    if kind == "item":
        return next((a.number for a in answers if a.option_id == column.option.pk), None)
    if kind == "number":
        return next((a.number for a in answers if a.number is not None), None)
    # text and other: the free text of the question
    return next((a.text for a in answers if a.text), None)


def survey_export_rows(*, survey: Survey, columns: list[Column]) -> Iterator[list]:
    """One row per response, streamed from the database in chunks."""
    answers = Answer.objects.select_related("option").only(
        "response_id", "question_id", "option_id", "option__code", "number", "text"
    )
    responses = (
        Response.objects.filter(survey=survey)
        .order_by("submitted_on", "id")
        .prefetch_related(Prefetch("answers", queryset=answers))
    )
    for response in responses.iterator(chunk_size=CHUNK_SIZE):
        by_question = defaultdict(list)
        for answer in response.answers.all():
            by_question[answer.question_id].append(answer)
        yield [
            response.submitted_on,
            response.language,
            *[_cell(c, by_question.get(c.question.pk, [])) for c in columns],
        ]


def survey_codebook(*, survey: Survey, columns: list[Column]) -> tuple[list, list]:
    """The second sheet: what each column and each code means, in the main language."""
    language = survey.main_language
    header = ["column", "question", "type", "value", "label"]
    rows = [
        ["submitted_on", _("Date submitted"), "date", "", ""],
        ["language", _("Language the survey was answered in"), "text", "", "da / nb / en"],
    ]
    for c in columns:
        q = c.question
        text = q.text_in("text", language)
        if c.kind == "choice":
            rows.append([c.name, text, q.get_type_display(), "", ""])
            rows += [
                [c.name, "", "", o.code, o.text_in("label", language)] for o in q.options.all()
            ]
        elif c.kind == "flag":
            label = c.option.text_in("label", language)
            rows.append([c.name, f"{text}: {label}", q.get_type_display(), "0/1", _("1 = chosen")])
        elif c.kind in ("item", "number") and q.type in Question.SCALE_TYPES:
            label = c.option.text_in("label", language) if c.option else ""
            rows.append(
                [
                    c.name,
                    f"{text}: {label}" if label else text,
                    q.get_type_display(),
                    f"{q.scale_min}–{q.scale_max}",
                    f"{q.scale_min} = {q.text_in('low_label', language)}; "
                    f"{q.scale_max} = {q.text_in('high_label', language)}",
                ]
            )
        elif q.type == Question.Type.YES_NO:
            rows.append([c.name, text, q.get_type_display(), "0/1", _("1 = yes, 0 = no")])
        elif c.kind == "other":
            rows.append([c.name, f"{text}: {_('Other, please state')}", "text", "", ""])
        else:
            bounds = ""
            if q.type == Question.Type.NUMBER and (
                q.min_value is not None or q.max_value is not None
            ):
                low = "" if q.min_value is None else q.min_value
                high = "" if q.max_value is None else q.max_value
                bounds = f"{low}–{high}"
            rows.append([c.name, text, q.get_type_display(), bounds, ""])
    return header, rows
