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
from itertools import groupby
from operator import itemgetter

from django.utils.translation import gettext as _

from surveys.models import Option, Question, Response, Survey

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    name: str
    question: Question
    kind: str  # choice, other, flag, item, number, text
    option: Option | None = None

    @property
    def question_id(self) -> int:
        return self.question.pk

    @property
    def option_id(self) -> int | None:
        return self.option.pk if self.option else None


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


# An answer as read for export: (option_id, option_code, number, text).
OPTION, CODE, NUMBER, TEXT = range(4)


def _cell(kind: str, option_id, answers):
    if kind == "flag":
        if not answers:
            return None  # skipped question: unknown, not "no"
        return int(any(a[OPTION] == option_id for a in answers))
    if kind == "choice":
        return next((a[CODE] for a in answers if a[OPTION] is not None), None)
    if kind == "item":
        return next((a[NUMBER] for a in answers if a[OPTION] == option_id), None)
    if kind == "number":
        return next((a[NUMBER] for a in answers if a[NUMBER] is not None), None)
    # text and other: the free text of the question
    return next((a[TEXT] for a in answers if a[TEXT]), None)


def survey_export_rows(*, survey: Survey, columns: list[Column]) -> Iterator[list]:
    """One row per response, streamed from one server-side cursor.

    Plain tuples, not model instances: at 100,000 responses building models
    costs more than everything else together. The LEFT JOIN keeps responses
    without answers, and the ordering keeps each response's answers together.
    """
    plan = [(c.question_id, c.kind, c.option_id) for c in columns]
    rows = (
        Response.objects.filter(survey=survey)
        .order_by("submitted_on", "id")
        .values_list(
            "id",
            "submitted_on",
            "language",
            "answers__question_id",
            "answers__option_id",
            "answers__option__code",
            "answers__number",
            "answers__text",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for (_id, submitted_on, language), group in groupby(rows, key=itemgetter(0, 1, 2)):
        by_question = defaultdict(list)
        for row in group:
            if row[3] is not None:
                by_question[row[3]].append(row[4:])
        yield [
            submitted_on,
            language,
            *[_cell(kind, option_id, by_question.get(qid, ())) for qid, kind, option_id in plan],
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
