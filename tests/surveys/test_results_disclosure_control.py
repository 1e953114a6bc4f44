"""Statistical disclosure control: no figure about fewer than SURVEY_MIN_GROUP_SIZE
respondents can be read from the results or worked out from them."""

import uuid

import pytest

from surveys import services
from surveys.models import Option, Question
from surveys.selectors import survey_result_groups, survey_results
from tests.surveys.factories import opt, q

pytestmark = pytest.mark.django_db


def submit(
    survey, *, who=1, other="", skill=None, board=None, barriers="", size=None, matrix=None, **more
):
    values = {
        q(survey, "who").pk: {"option": opt(survey, "who", who).pk if who else "", "other": other}
    }
    for key, code in more.items():
        values[q(survey, key).pk] = {"option": opt(survey, key, code).pk, "other": ""}
    if skill is not None:
        values[q(survey, "skill").pk] = skill
    if board is not None:
        values[q(survey, "board").pk] = board
    if barriers:
        values[q(survey, "barriers").pk] = barriers
    if size is not None:
        values[q(survey, "size").pk] = size
    if matrix:
        values[q(survey, "influence").pk] = {
            opt(survey, "influence", code).pk: value for code, value in matrix.items()
        }
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values=values)


def by_key(results, key):
    return next(r for r in results["questions"] if r["key"] == key)


def results(survey, group=None):
    return survey_results(survey=survey, language="da", group_option=group, with_texts=True)


@pytest.mark.parametrize("answered, shown", [(4, False), (5, True)])
def test_a_question_answered_by_fewer_than_the_minimum_is_withheld(
    survey, settings, answered, shown
):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for n in range(10):
        submit(survey, size=100 + n if n < answered else None)

    size = by_key(results(survey), "size")

    assert size["suppressed"] is not shown
    assert (size["base"] == answered) is shown and (size["base"] is None) is not shown
    assert (size["mean"] is not None) is shown


@pytest.mark.parametrize("written, shown", [(4, False), (5, True)])
def test_free_texts_appear_only_when_enough_answered_the_question(survey, settings, written, shown):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for n in range(10):
        submit(survey, barriers=f"Svar {9 - n}" if n < written else "")

    barriers = by_key(results(survey), "barriers")

    if shown:
        # Sorted by content: not in the order they came in.
        assert barriers["texts"] == sorted(f"Svar {9 - n}" for n in range(written))
    else:
        assert barriers["texts"] == [] and barriers["base"] is None


def test_other_texts_of_a_choice_question_follow_their_count(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for _ in range(9):
        submit(survey, who=1)
    submit(survey, who=None, other="Hans' boligforening")

    who = by_key(results(survey), "who")

    assert not who["suppressed"]
    assert who["rows"][-1]["count"] is None  # "Other": one respondent
    assert "Hans' boligforening" not in who["texts"]


def test_one_small_cell_takes_the_next_smallest_with_it(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for n in range(10):
        submit(survey, board=0 if n == 0 else 1)

    board = by_key(results(survey), "board")

    assert board["base"] == 10
    # "No: 1" is withheld, and so is "Yes: 9", or 10 - 9 would give it away.
    assert [r["count"] for r in board["rows"]] == [None, None]
    assert [r["percent"] for r in board["rows"]] == [None, None]


def test_a_mean_is_withheld_with_any_cell_it_could_reveal(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for n in range(12):
        submit(survey, skill=1 if n == 0 else (4 if n < 6 else 5))

    skill = by_key(results(survey), "skill")

    assert [r["count"] for r in skill["rows"]] == [None, None, None, 5, 6]
    assert skill["mean"] is None


def test_matrix_items_are_protected_one_by_one(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    for n in range(10):
        # Item 1: everyone, 5 × "3" and 5 × "4". Item 2: four answers only.
        submit(survey, matrix={1: 3 if n < 5 else 4, **({2: 5} if n < 4 else {})})
    submit(survey, matrix={1: 1})

    influence = by_key(results(survey), "influence")
    first, second = influence["items"]

    assert not first["suppressed"] and first["base"] == 11
    assert [r["count"] for r in first["rows"]] == [None, None, 5, 5, None]
    assert first["mean"] is None  # "1" is withheld, and the mean would solve for it
    assert second["suppressed"] and second["base"] is None and second["mean"] is None
    assert all(r["count"] is None for r in second["rows"])


def test_filters_offer_only_groups_that_are_large_enough_with_their_rest(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    for _ in range(3):
        submit(survey, who=1)
    for _ in range(2):
        submit(survey, who=2)
    assert survey_result_groups(survey=survey) == []  # 3 against 2: the rest is too small

    submit(survey, who=2)
    groups = survey_result_groups(survey=survey)
    assert [o.code for o in groups[0]["options"]] == [1, 2]

    submit(survey, who=None, other="Boligselskab")  # one outside both groups
    groups = survey_result_groups(survey=survey)
    # All minus both groups would be that one person: one group is withdrawn.
    assert len(groups[0]["options"]) == 1


def _add_single_question(survey, key, labels):
    question = Question.objects.create(
        survey=survey, order=50, key=key, type=Question.Type.SINGLE, text_da=key, required=False
    )
    for code, label in enumerate(labels, start=1):
        Option.objects.create(question=question, order=code, code=code, label_da=label)
    return question


def _published(view):
    """Every figure a reader sees in one view: {(question, table, cell): number}."""
    figures = {}
    if view["total"] is not None:
        figures[("total", "", "")] = view["total"]
    for question in view["questions"]:
        key = question["key"]
        if question["base"] is not None:
            figures[(key, "", "base")] = question["base"]
        for row in question["rows"]:
            if row["count"] is not None:
                figures[(key, "", row["label"])] = row["count"]
        for item in question["items"]:
            if item["base"] is not None:
                figures[(key, item["label"], "base")] = item["base"]
            for row in item["rows"]:
                if row["count"] is not None:
                    figures[(key, item["label"], row["label"])] = row["count"]
        if question["texts"]:
            figures[(key, "", "texts")] = len(question["texts"])
    return figures


def test_subtracting_views_recovers_no_small_figure(survey, settings):
    """The attacker holds every view (all respondents and every group offered) and
    subtracts them every way the tables allow: a group from the whole, all groups of
    a question from the whole, and the shown cells of a table from its answer count."""
    k = settings.SURVEY_MIN_GROUP_SIZE = 3
    _add_single_question(survey, "area", ["Nord", "Syd"])
    respondents = (
        [{"who": 1, "skill": 4, "board": 1, "barriers": "Mangler tid", "area": 1}] * 4
        + [{"who": 1, "skill": 5, "board": 1, "area": 1}] * 2
        + [{"who": 2, "skill": 4, "board": 0, "area": 2}] * 4
        + [{"who": 2, "skill": 2, "board": 1, "area": 1}]
        + [{"who": None, "other": "Hans", "skill": 1, "board": 0, "barriers": "Kun mig", "area": 2}]
        + [{"who": None, "other": "Grete", "skill": 1, "board": 0, "area": 2}]
    )
    for answers in respondents:
        submit(survey, **answers)

    whole = _published(results(survey))
    groups = survey_result_groups(survey=survey)
    assert groups, "the attack needs filters to work with"
    by_question = {
        g["question"].key: {o.pk: _published(results(survey, o)) for o in g["options"]}
        for g in groups
    }
    views = [whole, *[v for views in by_question.values() for v in views.values()]]

    # 1. Nothing small is printed anywhere.
    for view in views:
        small = {key: n for key, n in view.items() if n < k and key[2] != "texts"}
        assert small == {}

    # 2. Nothing small is left after taking a group, or all groups of a question, away.
    derived = []
    for views_of_question in by_question.values():
        for view in views_of_question.values():
            derived.append([view])
        derived.append(list(views_of_question.values()))
    for parts in derived:
        rest_size = whole[("total", "", "")] - sum(v[("total", "", "")] for v in parts)
        if rest_size == 0:
            continue  # nobody is left: nothing to learn about anybody
        for key, n in whole.items():
            if all(key in v for v in parts):
                left = n - sum(v[key] for v in parts)
                assert not 0 <= left < k, (key, left, [len(parts)])

    # 3. No withheld cell is the only one of its table: the answer count minus the
    # cells shown is then a sum of two or more unknowns.
    for view_results in [results(survey)] + [
        results(survey, o) for g in groups for o in g["options"]
    ]:
        for question in view_results["questions"]:
            tables = [question["rows"]] if question["type"] != "multiple" else []
            tables += [item["rows"] for item in question["items"] if not item["suppressed"]]
            for rows in tables:
                if not question["suppressed"] and rows:
                    assert sum(r["count"] is None for r in rows) != 1, question["key"]


def test_no_group_is_offered_that_sits_inside_another_with_a_small_difference(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    _add_single_question(survey, "area", ["Nord", "Syd"])
    # Nord = Kommune + one Udlejer: Kommune lies inside Nord, one apart.
    for answers in (
        [{"who": 1, "area": 1}] * 4 + [{"who": 2, "area": 1}] + [{"who": 2, "area": 2}] * 4
    ):
        submit(survey, **answers)

    offered = {
        (g["question"].key, o.code)
        for g in survey_result_groups(survey=survey)
        for o in g["options"]
    }

    assert not {("who", 1), ("area", 1)} <= offered


def test_a_filter_question_keeps_its_own_figures_in_the_unfiltered_view(survey, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    _add_single_question(survey, "area", ["Nord", "Syd"])
    for code in [1] * 4 + [2] * 4:
        submit(survey, area=code)

    offered = survey_result_groups(survey=survey)
    area = by_key(results(survey), "area")
    in_nord = by_key(results(survey, opt(survey, "area", 1)), "area")

    assert [o.code for g in offered if g["question"].key == "area" for o in g["options"]] == [1, 2]
    # "Syd: 0" inside the group Nord is true by definition and withholds nothing.
    assert [r["count"] for r in area["rows"]] == [4, 4]
    assert in_nord["suppressed"]


def test_all_minus_every_group_of_a_question_gives_away_no_small_cell(survey, settings):
    """Nord and Syd each have 3 yes and 3 no; four others answered no area, one yes."""
    k = settings.SURVEY_MIN_GROUP_SIZE = 3
    _add_single_question(survey, "area", ["Nord", "Syd"])
    for area in (1, 2):
        for board in [1] * 3 + [0] * 3:
            submit(survey, board=board, area=area)
    for board in [1] + [0] * 3:
        submit(survey, board=board)

    nord, syd = (opt(survey, "area", code) for code in (1, 2))
    assert {o.pk for g in survey_result_groups(survey=survey) for o in g["options"]} >= {
        nord.pk,
        syd.pk,
    }
    yes = [
        by_key(results(survey, group), "board")["rows"][0]["count"] for group in (None, nord, syd)
    ]

    # 7 - 3 - 3 would be the one "yes" of the four without an area.
    assert None in yes or not 0 < yes[0] - yes[1] - yes[2] < k
