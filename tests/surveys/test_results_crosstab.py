"""Cross-tabulation of two closed questions through the results' disclosure control.

The attacker is a statistician holding everything published: the cross-table (cells,
row and column totals, the grand total), the results page for all respondents and
every offered group. They solve the table's equations (every row and column adds
up to its total) for the withheld cells, and use that no count is negative.
"""

import uuid

import numpy as np
import pytest
from django.utils.translation import gettext
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from surveys import services
from surveys.models import Option, Question, Response
from surveys.selectors import (
    survey_crosstab,
    survey_crosstab_choices,
    survey_result_groups,
    survey_results,
)
from tests.surveys.factories import opt, q

pytestmark = pytest.mark.django_db


def add_area_question(survey):
    question = Question.objects.create(
        survey=survey,
        order=50,
        key="area",
        type=Question.Type.SINGLE,
        text_da="Hvor ligger boligerne?",
        required=False,
    )
    for code, label in enumerate(["Nord", "Syd"], start=1):
        Option.objects.create(question=question, order=code, code=code, label_da=label)
    return question


def submit(
    survey, *, who=None, other="", board=None, area=None, skill=None, matrix=None, methods=()
):
    values = {}
    if methods:
        values[q(survey, "methods").pk] = {
            "options": [opt(survey, "methods", code).pk for code in methods],
            "other": "",
        }
    if who or other:
        values[q(survey, "who").pk] = {
            "option": opt(survey, "who", who).pk if who else "",
            "other": other,
        }
    if board is not None:
        values[q(survey, "board").pk] = board
    if area:
        values[q(survey, "area").pk] = {"option": opt(survey, "area", area).pk, "other": ""}
    if skill is not None:
        values[q(survey, "skill").pk] = skill
    if matrix:
        values[q(survey, "influence").pk] = {
            opt(survey, "influence", code).pk: value for code, value in matrix.items()
        }
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values=values)


def key_of(survey, key, item=None) -> str:
    question = q(survey, key)
    return f"{question.pk}.{opt(survey, key, item).pk}" if item else str(question.pk)


def crosstab(survey, row, column):
    return survey_crosstab(
        survey=survey, row=key_of(survey, *row), column=key_of(survey, *column), language="da"
    )


def grid(table):
    """The table as a reader sees it: {(row label, column label): count or None}."""
    found = {}
    for row in table["rows"]:
        for label, cell in zip(table["columns"], row["cells"], strict=True):
            found[(row["label"], label)] = cell["count"]
        found[(row["label"], "total")] = row["total"]["count"]
    for label, cell in zip(table["columns"], table["totals"], strict=True):
        found[("total", label)] = cell["count"]
    found[("total", "total")] = table["total"]["count"]
    return found


def test_cells_count_every_pair_of_answers_and_margins_match_the_results_page(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 2
    for who, board in [(1, 1)] * 3 + [(1, 0)] * 2 + [(2, 1)] * 2 + [(2, 0)] * 4:
        submit(survey, who=who, board=board)

    table = crosstab(survey, ("who",), ("board",))

    assert (
        table["row_label"] == "Hvem er I?" and table["column_label"] == "Har I en beboerbestyrelse?"
    )
    assert table["columns"] == ["Ja", "Nej"]
    cells = grid(table)
    assert cells[("Kommune", "Ja")] == 3 and cells[("Udlejer", "Nej")] == 4
    assert cells[("Kommune", "total")] == 5 and cells[("total", "Nej")] == 6
    assert cells[("total", "total")] == 11
    # Nobody chose "Other": a zero is a small figure and is withheld.
    assert cells[("Andet", "Ja")] is None and cells[("Andet", "total")] is None


def test_one_small_cell_takes_others_in_its_row_and_column_with_it(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    add_area_question(survey)
    # Nord: 5 yes, 1 no; Syd: 4 yes, 4 no; no-one without an area.
    for area, board in [(1, 1)] * 5 + [(1, 0)] + [(2, 1)] * 4 + [(2, 0)] * 4:
        submit(survey, area=area, board=board)

    cells = grid(crosstab(survey, ("area",), ("board",)))

    assert cells[("Nord", "Nej")] is None
    # Else 6 - 5 (row) or 5 - 4 (column) would give the one "no" of Nord away.
    assert sum(cells[("Nord", c)] is None for c in ("Ja", "Nej")) >= 2
    assert sum(cells[(r, "Nej")] is None for r in ("Nord", "Syd")) >= 2


def test_crosstab_choices_name_questions_and_matrix_items_by_their_text(survey):
    labels = [label for _key, label in survey_crosstab_choices(survey=survey, language="en")]

    assert "Who are you?" in labels and "Influence on … – regler" in labels
    # Multiple choice: one option at a time, chosen or not.
    assert "Methods? – Besøg" in labels and "Methods?" not in labels
    assert "Number of homes?" not in labels and "Barriers?" not in labels


def test_the_same_question_twice_or_an_unknown_one_gives_no_table(survey):
    who = key_of(survey, "who")
    assert survey_crosstab(survey=survey, row=who, column=who, language="da") is None
    assert survey_crosstab(survey=survey, row=who, column="0", language="da") is None


# -- the statistician ---------------------------------------------------------------


def results_pages(survey) -> dict:
    """Every results page a reader can open: all respondents (None) and each offered group."""
    pages = {None: survey_results(survey=survey, language="da", with_texts=False)}
    for group in survey_result_groups(survey=survey):
        for option in group["options"]:
            pages[option] = survey_results(
                survey=survey, language="da", group_option=option, with_texts=False
            )
    return pages


def published_knowledge(pages, table, row, column, *, with_crosstab=True) -> dict:
    """Every figure of the table's shape a reader holds: {(row label, column label): n}.

    From the cross-table itself (unless `with_crosstab` is false) and from the results
    pages: all respondents (the margins; "no answer" is respondents minus answers) and
    every offered group of either question (a row or column of the table).
    """
    everyone = pages[None]
    known = {("total", "total"): everyone["total"]}
    if with_crosstab:
        known.update({cell: n for cell, n in grid(table).items() if n is not None})

    def table_of(entry, total, variable):
        if entry["suppressed"] or total is None:
            return {}
        if len(variable) == 1:
            figures = {r["label"]: r["count"] for r in entry["rows"] if r["count"] is not None}
        else:  # one option of a multiple-choice question: its row is "chosen"
            chosen = entry["rows"][variable[1] - 1]["count"]
            figures = {}
            if chosen is not None:
                figures[gettext("Chosen")] = chosen
                figures[gettext("Not chosen")] = entry["base"] - chosen
        figures[gettext("No answer")] = total - entry["base"]
        return figures

    def entry_of(view, variable):
        return next(e for e in view["questions"] if e["key"] == variable[0])

    for label, n in table_of(entry_of(everyone, row), everyone["total"], row).items():
        known[(label, "total")] = n
    for label, n in table_of(entry_of(everyone, column), everyone["total"], column).items():
        known[("total", label)] = n
    for option, view in pages.items():
        if option is None or (option.question.key,) not in (row, column):
            continue
        is_row = (option.question.key,) == row
        other = column if is_row else row
        line = option.label_da
        known[(line, "total") if is_row else ("total", line)] = view["total"]
        for label, n in table_of(entry_of(view, other), view["total"], other).items():
            known[(line, label) if is_row else (label, line)] = n
    return known


def worked_out(table, known) -> set:
    """The cells of the table a reader can solve for from `known`.

    Over and over until nothing new comes out: by linear algebra (is the cell a
    combination of the row and column equations?), then by the sign of counts
    (unknowns of one line that must add up to 0 are all 0).
    """
    rows = [r["label"] for r in table["rows"]] + ["total"]
    columns = list(table["columns"]) + ["total"]
    lines = [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]
    known = dict(known)
    found = set()
    while True:
        unknown = [(r, c) for r in rows for c in columns if (r, c) not in known]
        index = {cell: i for i, cell in enumerate(unknown)}
        equations = []  # (coefficients over the unknowns, right-hand side)
        for line in lines:
            coefficients = np.zeros(len(unknown))
            rhs = 0
            for cell in line:
                side = -1 if cell == line[-1] else 1  # the line's total on the other side
                if cell in index:
                    coefficients[index[cell]] += side
                else:
                    rhs -= side * known[cell]
            equations.append((coefficients, rhs))
        if not unknown:
            return found
        matrix = np.array([e[0] for e in equations])
        rhs = np.array([e[1] for e in equations], dtype=float)
        solution = np.linalg.lstsq(matrix, rhs, rcond=None)[0]
        rank = np.linalg.matrix_rank(matrix)
        new = {}
        for cell, i in index.items():
            probe = np.zeros(len(unknown))
            probe[i] = 1
            if np.linalg.matrix_rank(np.vstack([matrix, probe])) == rank:
                new[cell] = round(solution[i])
        for coefficients, line_rhs in equations:
            involved = np.nonzero(coefficients)[0]
            if len(involved) and len(set(np.sign(coefficients[involved]))) == 1 and line_rhs == 0:
                new.update({unknown[i]: 0 for i in involved})
        if not new:
            return found
        found.update(new)
        known.update(new)


respondent = st.fixed_dictionaries(
    {
        "who": st.sampled_from([1, 2, None]),
        "other": st.sampled_from(["", "Boligselskab"]),
        "board": st.sampled_from([1, 0, None]),
        "area": st.sampled_from([1, 2, None]),
        "methods": st.sampled_from([(), (1,), (2,), (1, 2)]),
    }
)


# Each example answers a survey and reads every results page: half the profile's examples.
@hypothesis_settings(max_examples=max(10, hypothesis_settings().max_examples // 2))
@given(people=st.lists(respondent, min_size=6, max_size=14))
# Found by the thorough profile: zeros that the results pages alone give away.
@example(
    people=[{"who": 1, "other": "", "board": 1, "area": 1, "methods": ()}] * 4
    + [{"who": None, "other": "", "board": 1, "area": 1, "methods": ()}]
    + [{"who": 1, "other": "", "board": 1, "area": None, "methods": ()}] * 3
)
def test_no_withheld_cell_can_be_worked_out_from_everything_published(survey, settings, people):
    k = settings.SURVEY_MIN_GROUP_SIZE = 3
    if not Question.objects.filter(survey=survey, key="area").exists():
        add_area_question(survey)
    Response.objects.filter(survey=survey).delete()
    for person in people:
        if person["who"]:
            person["other"] = ""
        submit(survey, **person)

    pages = results_pages(survey)
    for row, column in [
        (("who",), ("board",)),
        (("who",), ("area",)),
        (("area",), ("board",)),
        (("methods", 1), ("area",)),
    ]:
        table = crosstab(survey, row, column)
        if table["suppressed"]:
            continue
        shown = {cell: n for cell, n in grid(table).items() if n is not None}
        # 1. No small figure is printed.
        assert all(n >= k for n in shown.values()), shown
        # 2. No withheld cell can be solved for, beyond what the results pages alone give.
        knowledge = published_knowledge(pages, table, row, column)
        public = published_knowledge(pages, table, row, column, with_crosstab=False)
        withheld = {cell for cell, n in grid(table).items() if n is None}
        leaked = (worked_out(table, knowledge) - worked_out(table, public)) & withheld
        assert not leaked, (row, column, leaked, grid(table))
