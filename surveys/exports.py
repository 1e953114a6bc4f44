"""Responses as one row each, one column per question (pretix's exporter shape).

`survey_export_header` + `survey_export_rows` feed the shared streaming writers in
core/exports.py. Multiple choice becomes one 0/1 column per option, a
matrix one column per item; choices are exported as their numeric codes, which the
codebook explains. There is deliberately no response id, and nothing about the
respondent beyond the submission date (a date, never a time) and the language used.

The same rows come in several variants (docs/exports.md):
- coded: column keys as headers, codes as values (for statistics);
- labels: question texts as headers and option labels as values (for reading, Excel),
  made from the coded rows by `survey_labels_rows`;
- SPSS and Stata: the coded values with the question texts as variable labels and
  the option labels as value labels (`survey_statistics_variables`);
- the codebook: what each column and each code means.
Texts (questions, labels, the fixed headings) are in one language per export:
`survey_export_language`.
"""

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from core.exports import Variable, statistics_names
from core.languages import Language
from surveys.models import Answer, Option, Question, Response, Survey

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


def _pivot(columns: list[Column]) -> tuple[list[str], list, list]:
    """One aggregate per cell, so that the database pivots answers into columns.

    Returns the SQL expressions, their parameters and, per column, how to read its
    cell: ("value", i), ("code", i) (an option id, exported as the option's code)
    or ("flag", answered i, chosen i) for one option of a multiple-choice question.
    Plain CASE expressions: the same SQL runs on PostgreSQL and SQLite.
    """
    expressions, params, plan = [], [], []
    answered = {}

    def add(sql, *values):
        expressions.append(sql)
        params.extend(values)
        return len(expressions) - 1

    for c in columns:
        if c.kind == "flag":
            if c.question_id not in answered:
                answered[c.question_id] = add(
                    "SUM(CASE WHEN a.question_id = %s THEN 1 ELSE 0 END)", c.question_id
                )
            chosen = add("MAX(CASE WHEN a.option_id = %s THEN 1 ELSE 0 END)", c.option_id)
            plan.append(("flag", answered[c.question_id], chosen))
        elif c.kind == "choice":
            sql = "MIN(CASE WHEN a.question_id = %s THEN a.option_id END)"
            plan.append(("code", add(sql, c.question_id)))
        elif c.kind == "item":
            sql = "MIN(CASE WHEN a.option_id = %s THEN a.number END)"
            plan.append(("value", add(sql, c.option_id)))
        elif c.kind == "number":
            sql = "MIN(CASE WHEN a.question_id = %s THEN a.number END)"
            plan.append(("value", add(sql, c.question_id)))
        else:  # text, other: the free text of the question
            sql = "MAX(CASE WHEN a.question_id = %s AND a.text <> '' THEN a.text END)"
            plan.append(("value", add(sql, c.question_id)))
    return expressions, params, plan


class _Pivot:
    """Turns one response's answers (parallel lists) into the row's cells, in Python."""

    def __init__(self, columns: list[Column], codes: dict[int, int]):
        self.width = len(columns)
        self.by_option = {}  # option id -> (column, how to read the value)
        self.by_question = {}  # question id -> column of its number or free text
        self.flags = {}  # question id -> its 0/1 columns, 0 once the question is answered
        for i, c in enumerate(columns):
            if c.kind == "choice":
                for option in c.question.options.all():
                    self.by_option[option.pk] = (i, "code", codes.get(option.pk))
            elif c.kind == "flag":
                self.by_option[c.option_id] = (i, "flag", 1)
                self.flags.setdefault(c.question_id, []).append(i)
            elif c.kind == "item":
                self.by_option[c.option_id] = (i, "number", None)
            else:  # number, text, other
                self.by_question[c.question_id] = i

    def cells(self, questions, options, numbers, texts) -> list:
        out = [None] * self.width
        if not questions or questions[0] is None:  # no answers at all (LEFT JOIN)
            return out
        flags = self.flags
        for question, option, number, text in zip(questions, options, numbers, texts, strict=True):
            if question in flags:
                for i in flags[question]:
                    if out[i] is None:
                        out[i] = 0
            if option is not None:
                found = self.by_option.get(option)
                if found is not None:
                    i, how, value = found
                    out[i] = number if how == "number" else value
            else:
                i = self.by_question.get(question)
                if i is not None and out[i] is None and (text or number is not None):
                    out[i] = text if text else number
        return out


def survey_export_rows(*, survey: Survey, columns: list[Column]) -> Iterator[list]:
    """One row per response, in date order, streamed from a server-side cursor.

    PostgreSQL collects each response's answers into four arrays (LATERAL, while
    walking the index on (survey, submitted_on, id)), so rows come out in order as
    they are fetched, without hashing or sorting them all first, and Python gets one
    tuple per response and no model instances. Inside a transaction the cursor is
    not materialised (a WITH HOLD cursor outside one would be), so the first rows
    leave at once. Elsewhere (SQLite) the database pivots with CASE aggregates.
    """
    codes = dict(Option.objects.filter(question__survey=survey).values_list("id", "code"))
    if connection.vendor != "postgresql":
        yield from _rows_pivoted_by_the_database(survey, columns, codes)
        return
    pivot = _Pivot(columns, codes)
    table_r, table_a = Response._meta.db_table, Answer._meta.db_table
    sql = (
        "SELECT r.submitted_on, r.language, x.q, x.o, x.n, x.t "
        f"FROM {table_r} r LEFT JOIN LATERAL (SELECT array_agg(a.question_id) q, "
        "array_agg(a.option_id) o, array_agg(a.number) n, array_agg(a.text) t "
        f"FROM {table_a} a WHERE a.response_id = r.id) x ON true "
        "WHERE r.survey_id = %s ORDER BY r.submitted_on, r.id"
    )
    with transaction.atomic():
        with connection.cursor() as settings_cursor:
            # Compiling this per-response plan just in time costs more than it saves.
            settings_cursor.execute("SET LOCAL jit = off")
        cursor = connection.chunked_cursor()
        try:
            # Binary results: psycopg reads the arrays twice as fast as their text form.
            cursor.cursor.execute(sql, [survey.pk], binary=True)
            cells = pivot.cells
            for batch in _fetched_ahead(cursor.cursor):
                for submitted_on, language, q, o, n, t in batch:
                    yield [submitted_on, language, *cells(q, o, n, t)]
        finally:
            cursor.close()


def _fetched_ahead(cursor, *, ahead: int = 2) -> Iterator[list]:
    """Batches of the cursor, the next ones fetched by a thread meanwhile.

    PostgreSQL works on the next batch (in its own process) while this one is
    written out, instead of both waiting for each other. Stops cleanly when the
    download is abandoned.
    """
    batches: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def hand_over(item) -> bool:
        while not stop.is_set():
            try:
                batches.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def fetch():
        try:
            while hand_over(batch := cursor.fetchmany(CHUNK_SIZE)) and batch:
                pass
        except Exception as error:  # noqa: BLE001 - raised again in the reading thread
            hand_over(error)

    worker = threading.Thread(target=fetch, name="survey-export-fetch", daemon=True)
    worker.start()
    try:
        while True:
            batch = batches.get()
            if isinstance(batch, Exception):
                raise batch
            if not batch:
                return
            yield batch
    finally:
        stop.set()
        worker.join()


def _rows_pivoted_by_the_database(survey, columns, codes) -> Iterator[list]:
    expressions, params, plan = _pivot(columns)
    table_r, table_a = Response._meta.db_table, Answer._meta.db_table
    sql = (
        f"SELECT r.submitted_on, r.language, {', '.join(expressions)} "
        f"FROM {table_r} r LEFT JOIN {table_a} a ON a.response_id = r.id "
        "WHERE r.survey_id = %s "
        "GROUP BY r.submitted_on, r.id, r.language ORDER BY r.submitted_on, r.id"
    )
    params = [*params, survey.pk]
    with transaction.atomic():
        cursor = connection.chunked_cursor()
        try:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(CHUNK_SIZE):
                for row in batch:
                    submitted_on = row[0]
                    if isinstance(submitted_on, str):  # SQLite
                        submitted_on = parse_date(submitted_on)
                    cells = row[2:]
                    out = [submitted_on, row[1]]
                    for step in plan:
                        kind = step[0]
                        if kind == "value":
                            out.append(cells[step[1]])
                        elif kind == "code":
                            out.append(codes.get(cells[step[1]]))
                        else:
                            out.append(int(cells[step[2]] > 0) if cells[step[1]] else None)
                    yield out
        finally:
            cursor.close()


def survey_export_language(*, survey: Survey, language: str) -> str:
    """The language of an export's texts: the staff member's, when the survey has it,
    else the survey's main language (so headings and questions never mix languages)."""
    return language if language in survey.languages else survey.main_language


def survey_column_titles(*, columns: list[Column], language: str) -> list[str]:
    """Each column's heading in the labels export: the question text, and for a
    matrix item, a choice of a multiple-choice question or "other" the question
    followed by " – " and the item (call with `language` active)."""
    titles = []
    for c in columns:
        text = c.question.text_in("text", language) or c.name
        if c.kind in ("flag", "item"):
            text = f"{text} – {c.option.text_in('label', language) or c.option.code}"
        elif c.kind == "other":
            text = f"{text} – {_('Other, please state')}"
        titles.append(text)
    return titles


def survey_labels_header(*, columns: list[Column], language: str) -> list[str]:
    return [
        _("Date submitted"),
        _("Language"),
        *survey_column_titles(columns=columns, language=language),
    ]


def _language_names() -> dict[str, str]:
    return {code: str(label) for code, label in Language.choices}


def survey_value_labels(*, columns: list[Column], language: str) -> list[dict]:
    """Per column, what its codes mean ({} when its values are plain numbers or text).

    A choice: option code -> label; a multiple-choice option: 1 = chosen, 0 = not
    chosen; yes/no: 1 = yes, 0 = no; a scale: its two ends, when they have labels.
    """
    out = []
    for c in columns:
        q = c.question
        if c.kind == "choice":
            out.append({o.code: o.text_in("label", language) for o in q.options.all()})
        elif c.kind == "flag":
            out.append({1: _("chosen"), 0: _("not chosen")})
        elif q.type == Question.Type.YES_NO:
            out.append({1: _("yes"), 0: _("no")})
        elif c.kind in ("item", "number") and q.type in Question.SCALE_TYPES:
            ends = {
                q.scale_min: q.text_in("low_label", language),
                q.scale_max: q.text_in("high_label", language),
            }
            out.append({value: label for value, label in ends.items() if label})
        else:
            out.append({})
    return out


def survey_labels_rows(
    rows: Iterator[list], *, columns: list[Column], language: str
) -> Iterator[list]:
    """The coded rows with labels for codes: a choice's label, "chosen"/"not chosen",
    "yes"/"no" and the language's name. Scale values and numbers stay numbers (so
    Excel can still average them); the codebook says what a scale's ends mean."""
    # The labels are looked up now, in the view's language, not while the file streams.
    mappings = [None, _language_names()]
    for c, labels in zip(
        columns, survey_value_labels(columns=columns, language=language), strict=True
    ):
        scale = c.kind in ("item", "number") and c.question.type in Question.SCALE_TYPES
        mappings.append(labels if labels and not scale else None)
    return (
        [
            value if mapping is None or value is None else mapping.get(value, value)
            for mapping, value in zip(mappings, row, strict=True)
        ]
        for row in rows
    )


def survey_statistics_variables(*, columns: list[Column], language: str) -> list[Variable]:
    """The columns as SPSS/Stata variables: the coded values, the labels export's
    headings as variable labels and the codes' meanings as value labels."""
    names = statistics_names(["submitted_on", "language", *[c.name for c in columns]])
    titles = survey_column_titles(columns=columns, language=language)
    value_labels = survey_value_labels(columns=columns, language=language)
    variables = [
        Variable(names[0], _("Date submitted"), "date"),
        Variable(names[1], _("Language the survey was answered in"), "text", measure="nominal"),
    ]
    for c, name, title, labels in zip(columns, names[2:], titles, value_labels, strict=True):
        q = c.question
        if c.kind in ("text", "other"):
            variables.append(Variable(name, title, "text", measure="nominal"))
            continue
        if c.kind in ("choice", "flag") or q.type == Question.Type.YES_NO:
            measure = "nominal"
        elif q.type in Question.SCALE_TYPES:
            measure = "ordinal"
        else:
            measure = "scale"
        variables.append(Variable(name, title, "number", labels, measure))
    return variables


def survey_codebook(*, survey: Survey, columns: list[Column], language: str) -> tuple[list, list]:
    """What each column and each code means, in the export's language (call with it
    active): one row per column, then one row per code of a choice question."""
    header = [_("Column"), _("Question"), _("Type"), _("Values"), _("Label")]
    rows = [
        ["submitted_on", _("Date submitted"), _("Date"), "", ""],
        [
            "language",
            _("Language the survey was answered in"),
            _("Text"),
            "da / nb / en",
            "; ".join(f"{code} = {name}" for code, name in _language_names().items()),
        ],
    ]
    titles = survey_column_titles(columns=columns, language=language)
    for c, title in zip(columns, titles, strict=True):
        q = c.question
        kind = str(q.get_type_display())
        if c.kind == "choice":
            rows.append([c.name, title, kind, "", ""])
            rows += [
                [c.name, "", "", o.code, o.text_in("label", language)] for o in q.options.all()
            ]
        elif c.kind == "flag":
            rows.append([c.name, title, kind, "0/1", _("1 = chosen, 0 = not chosen")])
        elif c.kind in ("item", "number") and q.type in Question.SCALE_TYPES:
            rows.append(
                [
                    c.name,
                    title,
                    kind,
                    f"{q.scale_min}–{q.scale_max}",
                    f"{q.scale_min} = {q.text_in('low_label', language)}; "
                    f"{q.scale_max} = {q.text_in('high_label', language)}",
                ]
            )
        elif q.type == Question.Type.YES_NO:
            rows.append([c.name, title, kind, "0/1", _("1 = yes, 0 = no")])
        elif c.kind == "other":
            rows.append([c.name, title, _("Text"), "", ""])
        else:
            bounds = ""
            if q.type == Question.Type.NUMBER and (
                q.min_value is not None or q.max_value is not None
            ):
                low = "" if q.min_value is None else q.min_value
                high = "" if q.max_value is None else q.max_value
                bounds = f"{low}–{high}"
            rows.append([c.name, title, kind, bounds, ""])
    return header, rows
