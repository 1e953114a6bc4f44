"""Reads for pages, views, the admin results and the exports."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.models import (
    LANGUAGE_CODES,
    Answer,
    InvitationCode,
    Option,
    Question,
    SeminarContact,
    Survey,
)


def min_group_size() -> int:
    return getattr(settings, "SURVEY_MIN_GROUP_SIZE", 5)


def survey_list_open() -> QuerySet:
    now = timezone.now()
    return Survey.objects.filter(status=Survey.Status.OPEN, opens_at__lte=now).filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    )


def survey_list_for_page(*, page):
    """Open surveys (status open, inside the opening window) linked to a project page.

    One query, however many surveys there are.
    """
    return list(survey_list_open().filter(project_page=page).order_by("closes_at", "pk"))


def _loaded_key(slug: str) -> str:
    return f"surveys:loaded:{slug}"


def survey_get_with_questions(*, slug: str) -> Survey | None:
    """The survey with its sections, questions and options: read-only for the caller.

    Four queries, or one read of the copy kept in the shared cache until the survey
    changes (survey_loaded_forget); each request unpickles instances of its own.
    """
    survey = cache.get(_loaded_key(slug))
    if survey is None:
        questions = Question.objects.prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("order", "code"))
        ).order_by("order", "pk")
        survey = (
            Survey.objects.filter(slug=slug)
            .prefetch_related("sections", Prefetch("questions", queryset=questions))
            .first()
        )
        if survey is not None:
            cache.set(_loaded_key(slug), survey, timeout=300)
    return survey


def survey_loaded_forget(instance, **kwargs) -> None:
    """A survey, section, question or option changed (signals in apps.py): the kept
    copy goes, now and again after the commit."""
    if isinstance(instance, Survey):
        slugs = [instance.slug]
    elif isinstance(instance, Option):
        slugs = Survey.objects.filter(questions=instance.question_id).values_list("slug", flat=True)
    else:
        slugs = Survey.objects.filter(pk=instance.survey_id).values_list("slug", flat=True)
    keys = [_loaded_key(slug) for slug in slugs]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@dataclass
class Step:
    title: str
    questions: list = field(default_factory=list)


def survey_steps(*, survey: Survey, language: str) -> list[Step]:
    """Sections in order as steps; questions outside any section form a last step.

    Expects the survey from survey_get_with_questions (no further queries).
    """
    questions = list(survey.questions.all())
    sections = list(survey.sections.all())
    if not sections:
        return [Step(title="", questions=questions)] if questions else []
    by_section = defaultdict(list)
    for question in questions:
        by_section[question.section_id].append(question)
    steps = [
        Step(title=section.text_in("title", language), questions=by_section[section.pk])
        for section in sections
        if by_section[section.pk]
    ]
    known = {s.pk for s in sections}
    rest = [q for q in questions if q.section_id not in known]
    if rest:
        steps.append(Step(title="", questions=rest))
    return steps


def seminar_invitation_contacts() -> list[dict]:
    """People who may be invited to the seminars, without anything they answered.

    Invitation recipients whose code was used, then the contacts left on the
    thank-you page, de-duplicated by e-mail (case-insensitive), first one wins.
    """
    contacts = []
    seen = set()
    recipients = (
        InvitationCode.objects.filter(used=True)
        .exclude(email="")
        .order_by("organisation", "email")
        .values_list("organisation", "email")
    )
    for organisation, email in recipients:
        if email.casefold() not in seen:
            seen.add(email.casefold())
            contacts.append({"name": "", "email": email, "organisation": organisation})
    for name, email, organisation in SeminarContact.objects.order_by("name").values_list(
        "name", "email", "organisation"
    ):
        if email.casefold() not in seen:
            seen.add(email.casefold())
            contacts.append({"name": name, "email": email, "organisation": organisation})
    return contacts


def survey_group_questions(*, survey: Survey) -> list[Question]:
    """Single-choice questions whose answer can define respondent groups."""
    return list(
        survey.questions.filter(type=Question.Type.SINGLE)
        .prefetch_related("options")
        .order_by("order", "pk")
    )


# Statistical disclosure control: the one place where results are protected.
#
# Every figure (count, percentage, mean, answer count, group size, free text)
# leaves this module already protected; templates and any other consumer only
# show what they get. The published views are "all respondents" plus the offered
# groups (an answer to a single-choice question), and they are protected
# together, so that no view can be subtracted from another:
#
# - Groups: a group is offered if it has at least k respondents and so has the
#   rest (or the rest is empty); per question, the respondents outside every
#   offered group must again be none or at least k (else the smallest group is
#   withdrawn), and where one offered group lies inside another of a different
#   question, their difference must be none or at least k.
# - Tables (a question's answers; each option of a multiple-choice question and
#   each matrix item is a table of its own): shown in a view only if at least k
#   answered it there, and the same holds for every difference a reader can form
#   (all minus the group, all minus every group of a question, nested groups).
# - Cells: one answer's count is published in every view or in none. It is
#   published only if it is at least k in every view where the table is shown
#   and in every difference (primary suppression, zero included: "nobody in the
#   group" is a statement about the group). If one cell of a table is withheld,
#   the next smallest is withheld too (secondary suppression), so the answer
#   count minus the other cells gives only a sum of two or more. For a
#   multiple-choice option, "chosen" and "not chosen" count as the two cells.
# - Means and percentages come only with their cells (a mean next to one
#   withheld cell would solve for it); free texts only where their table or
#   their "other" cell is shown, sorted by content, never in submission order.
#
# docs/privacy.md explains what this does not cover (intersections of groups
# from two questions are not offered as filters, so they are not audited).


def _sensitive(count: int, members: int, minimum: int) -> bool:
    """A figure about `members` respondents (derived or not) that must not be shown."""
    return members > 0 and count < minimum


@dataclass
class _Views:
    """The views protected together: "all" and the offered groups (option ids)."""

    size: dict  # view -> respondents
    by_question: dict  # group question id -> its offered options' ids
    nested: list  # (outer option id, inner option id)

    @property
    def groups(self) -> list:
        return [g for groups in self.by_question.values() for g in groups]

    def without(self, question_id) -> "_Views":
        """The views for protecting a filter question's own answers: without its groups.

        In the group "answered A" the question's own table is A: 100 %, the rest 0 by
        definition; it says nothing new and is not shown there.
        """
        own = set(self.by_question.get(question_id, []))
        return _Views(
            size=self.size,
            by_question={q: g for q, g in self.by_question.items() if q != question_id},
            nested=[(a, b) for a, b in self.nested if a not in own and b not in own],
        )


def _offered_views(survey: Survey, minimum: int, total: int) -> _Views:
    members = defaultdict(set)
    question_of = {}
    for question_id, option_id, response_id in Answer.objects.filter(
        response__survey=survey, question__type=Question.Type.SINGLE, option__isnull=False
    ).values_list("question", "option", "response"):
        members[option_id].add(response_id)
        question_of[option_id] = question_id
    size = {"all": total, **{o: len(ids) for o, ids in members.items()}}
    offered = {
        o
        for o, n in size.items()
        if o != "all"
        and total >= minimum
        and n >= minimum
        and not _sensitive(total - n, total - n, minimum)
    }
    while True:
        changed = False
        by_question = defaultdict(list)
        for o in sorted(offered):
            by_question[question_of[o]].append(o)
        for groups in by_question.values():
            # Those outside every offered group of the question form a group too.
            while groups:
                left = total - sum(size[g] for g in groups)
                if not _sensitive(left, left, minimum):
                    break
                smallest = min(groups, key=lambda g: (size[g], g))
                groups.remove(smallest)
                offered.discard(smallest)
                changed = True
        nested = []
        for outer in sorted(offered):
            for inner in sorted(offered):
                if question_of[outer] == question_of[inner] or inner not in offered:
                    continue
                if (size[inner], inner) >= (size[outer], outer):
                    continue  # each pair once, the smaller inside the larger
                if members[inner] <= members[outer]:
                    left = size[outer] - size[inner]
                    if _sensitive(left, left, minimum):
                        offered.discard(inner)
                        changed = True
                    else:
                        nested.append((outer, inner))
        if not changed:
            break
    by_question = {
        q: [o for o in sorted(offered) if question_of[o] == q] for q in set(question_of.values())
    }
    by_question = {q: groups for q, groups in by_question.items() if groups}
    return _Views(size=size, by_question=by_question, nested=nested)


def survey_result_groups(*, survey: Survey) -> list[dict]:
    """The respondent groups staff may filter the results by (see the notes above).

    [{"question": Question, "options": [Option, ...]}], only groups that are safe to show.
    """
    total = survey.responses.count()
    views = _offered_views(survey, min_group_size(), total)
    groups = []
    for question in survey_group_questions(survey=survey):
        offered = views.by_question.get(question.pk, [])
        options = [o for o in question.options.all() if o.pk in offered]
        if options:
            groups.append({"question": question, "options": options})
    return groups


@dataclass
class _Counts:
    """Raw figures of one view; never leaves this module."""

    total: int
    bases: dict
    options: dict
    numbers: dict
    texts: dict
    means: dict


def _view_counts(survey: Survey, option_id=None) -> _Counts:
    responses = survey.responses.all()
    if option_id is not None:
        responses = responses.filter(answers__option_id=option_id)
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    return _Counts(
        total=responses.count(),
        bases=dict(
            answers.values("question")
            .annotate(n=Count("response", distinct=True))
            .values_list("question", "n")
        ),
        options={
            (row["question"], row["option"]): row["n"]
            for row in answers.filter(option__isnull=False, number__isnull=True)
            .values("question", "option")
            .annotate(n=Count("id"))
        },
        numbers={
            (row["question"], row["option"], row["number"]): row["n"]
            for row in answers.filter(number__isnull=False)
            .values("question", "option", "number")
            .annotate(n=Count("id"))
        },
        texts=dict(
            answers.exclude(text="")
            .values("question")
            .annotate(n=Count("id"))
            .values_list("question", "n")
        ),
        means={
            (row["question"], row["option"]): row["mean"]
            for row in answers.filter(number__isnull=False)
            .values("question", "option")
            .annotate(mean=Avg("number"))
        },
    )


def _scale(q: Question) -> list[int]:
    if q.type == Question.Type.YES_NO:
        return [1, 0]
    return list(range(q.scale_min, q.scale_max + 1))


def _tables(q: Question, options: list, c: _Counts) -> dict:
    """The tables of one question in one view: key -> (kind, base, {cell: count}, mean)."""
    t = Question.Type
    base = c.bases.get(q.pk, 0)
    tables = {}
    if q.type == t.SINGLE:
        cells = {o.pk: c.options.get((q.pk, o.pk), 0) for o in options}
        if q.allow_other:
            cells["other"] = c.texts.get(q.pk, 0)
        tables["q"] = ("sum", base, cells, None)
    elif q.type == t.MULTIPLE:
        tables["q"] = ("none", base, {}, None)
        chosen = {o.pk: c.options.get((q.pk, o.pk), 0) for o in options}
        if q.allow_other:
            chosen["other"] = c.texts.get(q.pk, 0)
        for key, n in chosen.items():
            tables[key] = ("sum", base, {"chosen": n, "not chosen": base - n}, None)
    elif q.type in (t.LIKERT, t.YES_NO):
        cells = {v: c.numbers.get((q.pk, None, v), 0) for v in _scale(q)}
        tables["q"] = ("sum", base, cells, c.means.get((q.pk, None)))
    elif q.type == t.MATRIX:
        tables["q"] = ("none", base, {}, None)
        for item in options:
            cells = {v: c.numbers.get((q.pk, item.pk, v), 0) for v in _scale(q)}
            tables[item.pk] = ("sum", sum(cells.values()), cells, c.means.get((q.pk, item.pk)))
    elif q.type == t.NUMBER:
        tables["q"] = ("none", base, {}, c.means.get((q.pk, None)))
    else:
        tables["q"] = ("none", base, {}, None)
    return tables


def _protect(views: _Views, tables: dict, minimum: int) -> tuple[set, set]:
    """For one table across all views: the views that show it, and the withheld cells.

    `tables` maps view -> (kind, base, cells, mean) as built by _tables.
    """
    size = views.size
    base = {v: table[1] for v, table in tables.items()}
    shown = set()
    if size["all"] >= minimum and base["all"] >= minimum:
        shown = {
            g
            for g in views.groups
            if base[g] >= minimum
            and not _sensitive(base["all"] - base[g], size["all"] - size[g], minimum)
        }
        changed = True
        while changed:
            changed = False
            for groups in views.by_question.values():
                visible = [g for g in groups if g in shown]
                while visible:
                    left = base["all"] - sum(base[g] for g in visible)
                    if not _sensitive(left, size["all"] - sum(size[g] for g in visible), minimum):
                        break
                    smallest = min(visible, key=lambda g: (base[g], g))
                    visible.remove(smallest)
                    shown.discard(smallest)
                    changed = True
            for outer, inner in views.nested:
                if outer in shown and inner in shown:
                    left = base[outer] - base[inner]
                    if _sensitive(left, size[outer] - size[inner], minimum):
                        shown.discard(inner)
                        changed = True
        shown.add("all")
    cells = tables["all"][2]
    if not shown or not cells:
        return shown, set()

    def count(view, cell):
        return tables[view][2][cell]

    def cell_ok(cell) -> bool:
        if any(count(v, cell) < minimum for v in shown):
            return False
        for g in shown - {"all"}:
            if _sensitive(count("all", cell) - count(g, cell), size["all"] - size[g], minimum):
                return False
        for groups in views.by_question.values():
            visible = [g for g in groups if g in shown]
            if visible:
                left = count("all", cell) - sum(count(g, cell) for g in visible)
                if _sensitive(left, size["all"] - sum(size[g] for g in visible), minimum):
                    return False
        for outer, inner in views.nested:
            if outer in shown and inner in shown:
                left = count(outer, cell) - count(inner, cell)
                if _sensitive(left, size[outer] - size[inner], minimum):
                    return False
        return True

    order = list(cells)
    withheld = {cell for cell in order if not cell_ok(cell)}
    if len(withheld) == 1:
        others = [cell for cell in order if cell not in withheld]
        if not others:
            return set(), set()  # the one cell is the answer count: show neither
        withheld.add(min(others, key=lambda cell: (cells[cell], order.index(cell))))
    return shown, withheld


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def _row(label, count, base, withheld: bool) -> dict:
    if withheld:
        return {"label": label, "count": None, "percent": None, "suppressed": True}
    return {"label": label, "count": count, "percent": _percent(count, base), "suppressed": False}


def survey_results(
    *, survey: Survey, language: str, group_option: Option | None = None, with_texts: bool
) -> dict:
    """Protected counts, percentages, means and (for staff) free texts of one view.

    The view is all respondents, or the group that answered `group_option` if that
    group is offered (survey_result_groups); any other group gives no figures.
    Everything small enough to single someone out is already withheld (None),
    consistently with every other view (see the notes above). Queries: a few per
    offered group, never per question.
    """
    return _survey_results(survey, language, group_option, with_texts, _results_state(survey))


def _results_state(survey: Survey) -> tuple:
    """The raw figures of every published view, and which views are offered."""
    minimum = min_group_size()
    all_counts = _view_counts(survey)
    views = _offered_views(survey, minimum, all_counts.total)
    counts = {"all": all_counts}
    for group in views.groups:
        counts[group] = _view_counts(survey, group)
    return minimum, views, counts


def _survey_results(survey, language, group_option, with_texts, state) -> dict:
    minimum, views, counts = state
    all_counts = counts["all"]
    view = "all"
    available = True
    if group_option is not None:
        view = group_option.pk
        available = view in views.groups
    suppressed = not available or all_counts.total < minimum
    mine = counts[view] if available else None

    texts = defaultdict(list)
    if with_texts and not suppressed:
        answers = Answer.objects.filter(response__survey=survey).exclude(text="")
        if view != "all":
            answers = answers.filter(response__answers__option_id=view)
        for question_id, text in answers.values_list("question", "text"):
            texts[question_id].append(text)
        for found in texts.values():
            # By content: the order of submission must not show.
            found.sort(key=lambda text: (text.casefold(), text))

    questions = Question.objects.filter(survey=survey).prefetch_related("options")
    results = []
    for q in questions.order_by("order", "pk"):
        options = list(q.options.all())
        q_views = views.without(q.pk)
        by_view = {
            v: _tables(q, options, c)
            for v, c in counts.items()
            if v == "all" or v in q_views.groups
        }
        protected = {}
        for key in by_view["all"]:
            protected[key] = _protect(q_views, {v: t[key] for v, t in by_view.items()}, minimum)
        entry = {
            "question": q,
            "key": q.key,
            "text": q.text_in("text", language),
            "type": q.type,
            "base": None,
            "suppressed": True,
            "rows": [],
            "items": [],
            "mean": None,
            "texts": [],
        }
        results.append(entry)
        if q.type == Question.Type.MATRIX:
            entry["low_label"] = q.text_in("low_label", language)
            entry["high_label"] = q.text_in("high_label", language)
        if suppressed or view not in protected["q"][0]:
            continue
        mine_tables = by_view[view]
        kind, base, cells, mean = mine_tables["q"]
        withheld = protected["q"][1]
        entry.update(base=base, suppressed=False)
        if q.type == Question.Type.SINGLE:
            for option in options:
                label = option.text_in("label", language)
                entry["rows"].append(_row(label, cells[option.pk], base, option.pk in withheld))
            if q.allow_other:
                entry["rows"].append(_row(_("Other"), cells["other"], base, "other" in withheld))
                if "other" not in withheld:
                    entry["texts"] = texts.get(q.pk, [])
        elif q.type == Question.Type.MULTIPLE:
            keys = [(o.pk, o.text_in("label", language)) for o in options]
            if q.allow_other:
                keys.append(("other", _("Other")))
            for key, label in keys:
                shown, hidden = protected[key]
                chosen = mine_tables[key][2]["chosen"]
                entry["rows"].append(_row(label, chosen, base, view not in shown or bool(hidden)))
                if key == "other" and view in shown and not hidden:
                    entry["texts"] = texts.get(q.pk, [])
        elif q.type in (Question.Type.LIKERT, Question.Type.YES_NO):
            for value in _scale(q):
                if q.type == Question.Type.YES_NO:
                    label = _("Yes") if value else _("No")
                else:
                    label = str(value)
                    if value == q.scale_min and q.text_in("low_label", language):
                        label = f"{value} – {q.text_in('low_label', language)}"
                    if value == q.scale_max and q.text_in("high_label", language):
                        label = f"{value} – {q.text_in('high_label', language)}"
                entry["rows"].append(_row(label, cells[value], base, value in withheld))
            if q.type == Question.Type.LIKERT and not withheld:
                entry["mean"] = mean
        elif q.type == Question.Type.MATRIX:
            for item in options:
                shown, hidden = protected[item.pk]
                _kind, item_base, item_cells, item_mean = mine_tables[item.pk]
                visible = view in shown
                entry["items"].append(
                    {
                        "label": item.text_in("label", language),
                        "base": item_base if visible else None,
                        "suppressed": not visible,
                        "mean": item_mean if visible and not hidden else None,
                        "rows": [
                            _row(str(v), item_cells[v], item_base, v in hidden or not visible)
                            for v in _scale(q)
                        ],
                    }
                )
        elif q.type == Question.Type.NUMBER:
            entry["mean"] = mean
        else:
            entry["texts"] = texts.get(q.pk, [])
    return {
        "total": None if suppressed else mine.total,
        "minimum": minimum,
        "suppressed": suppressed,
        "available": available,
        "questions": results,
    }


def survey_list_closed(*, limit: int = 5) -> list[Survey]:
    """Surveys that have closed, the latest first (shown with their period)."""
    now = timezone.now()
    closed = Survey.objects.filter(
        Q(status=Survey.Status.CLOSED) | Q(status=Survey.Status.OPEN, closes_at__lte=now)
    )
    return list(closed.order_by("-opens_at", "pk")[:limit])


def survey_display_language(*, survey: Survey, language: str) -> str:
    """The language a visitor of a `language` page reads the survey in."""
    return language if language in survey.languages else survey.main_language


def survey_list_open_search(*, query: str) -> list[Survey]:
    """Open surveys whose title or introduction, in any language, contains every word."""
    surveys = survey_list_open()
    for word in query.split():
        match = Q()
        for code in LANGUAGE_CODES:
            match |= Q(**{f"title_{code}__icontains": word}) | Q(
                **{f"intro_{code}__icontains": word}
            )
        surveys = surveys.filter(match)
    return list(surveys.order_by("closes_at", "pk"))


# Cross-tabulation of two closed questions, through the same disclosure control.
#
# A cross-table counts, over all respondents, every pair of answers to two
# "variables": a single-choice, yes/no or Likert question, one item of a matrix,
# or one option of a multiple-choice question (chosen or not). Each holds one
# answer per respondent; "no answer" is a category of its own, so the table
# covers everyone and its margins are the figures of the results page.
#
# What a reader knows besides the table: every figure of the results page (the
# margins: one question's counts, its answer count, so its "no answer", and the
# number of respondents) and of the offered groups (a row of a group question is
# that group's table of the other question). The table keeps those exactly as
# published there: a margin or a group's cell withheld there is withheld here,
# one shown there is shown here. The other cells are withheld when under k
# (primary suppression, zero included), and then more cells are withheld until no
# withheld cell can be worked out from the visible ones, the row and column sums
# and the fact that no count is negative (secondary suppression, checked exactly:
# see _crosstab_determined). Only a cell that the results pages alone already
# give away is left to them (it stays withheld here, so is never printed).

_NO_ANSWER = "none"
_OTHER = "other"
_CHOSEN, _NOT_CHOSEN = "chosen", "not chosen"


@dataclass
class _Variable:
    key: str
    question: Question
    item: Option | None
    label: str
    categories: list  # [(category key, label)], the no-answer category last


def _crosstab_variables(survey: Survey, language: str) -> list[_Variable]:
    found = []
    questions = Question.objects.filter(survey=survey).prefetch_related("options")
    for q in questions.order_by("order", "pk"):
        text = q.text_in("text", language)
        if q.type == Question.Type.SINGLE:
            categories = [(o.pk, o.text_in("label", language)) for o in q.options.all()]
            if q.allow_other:
                categories.append((_OTHER, _("Other")))
        elif q.type == Question.Type.YES_NO:
            categories = [(1, _("Yes")), (0, _("No"))]
        elif q.type in (Question.Type.LIKERT, Question.Type.MATRIX):
            categories = [(v, str(v)) for v in _scale(q)]
            low, high = q.text_in("low_label", language), q.text_in("high_label", language)
            if low:
                categories[0] = (q.scale_min, f"{q.scale_min} – {low}")
            if high:
                categories[-1] = (q.scale_max, f"{q.scale_max} – {high}")
        elif q.type == Question.Type.MULTIPLE:
            categories = [(_CHOSEN, _("Chosen")), (_NOT_CHOSEN, _("Not chosen"))]
        else:
            continue
        categories.append((_NO_ANSWER, _("No answer")))
        if q.type in (Question.Type.MATRIX, Question.Type.MULTIPLE):
            for item in q.options.all():
                found.append(
                    _Variable(
                        key=f"{q.pk}.{item.pk}",
                        question=q,
                        item=item,
                        label=f"{text} – {item.text_in('label', language)}",
                        categories=list(categories),
                    )
                )
        else:
            found.append(_Variable(f"{q.pk}", q, None, text, categories))
    return found


def survey_crosstab_choices(*, survey: Survey, language: str) -> list[tuple[str, str]]:
    """The questions (and matrix items) that can be cross-tabulated: [(key, text)]."""
    return [(v.key, v.label) for v in _crosstab_variables(survey, language)]


def _crosstab_answers(survey: Survey, variable: _Variable) -> dict:
    """Response id -> category key, for those who answered."""
    answers = Answer.objects.filter(response__survey=survey, question=variable.question)
    if variable.question.type == Question.Type.MULTIPLE:
        found = {}
        for response_id, option_id in answers.values_list("response", "option"):
            if option_id == variable.item.pk:
                found[response_id] = _CHOSEN
            else:
                found.setdefault(response_id, _NOT_CHOSEN)
        return found
    if variable.item is not None:
        answers = answers.filter(option=variable.item)
    found = {}
    for response_id, option_id, number, text in answers.values_list(
        "response", "option", "number", "text"
    ):
        if variable.question.type == Question.Type.SINGLE:
            if option_id is not None:
                found[response_id] = option_id
            elif text:
                found.setdefault(response_id, _OTHER)
        elif number is not None:
            found[response_id] = number
    return found


def _published_table(variable: _Variable, entry: dict, total) -> dict:
    """A variable's figures as a view of the results page shows them: category -> count or None."""
    if entry is None or entry["suppressed"] or total is None:
        return {}
    if variable.question.type == Question.Type.MULTIPLE:
        items = [o.pk for o in variable.question.options.all()]
        chosen = entry["rows"][items.index(variable.item.pk)]["count"]
        base = entry["base"]
        return {
            _CHOSEN: chosen,
            _NOT_CHOSEN: None if chosen is None else base - chosen,
            _NO_ANSWER: total - base,
        }
    if variable.item is not None:
        items = [o.pk for o in variable.question.options.all()]
        item = entry["items"][items.index(variable.item.pk)]
        rows, base = item["rows"], item["base"]
    else:
        rows, base = entry["rows"], entry["base"]
    keys = [key for key, _label in variable.categories[:-1]]
    figures = {key: row["count"] for key, row in zip(keys, rows, strict=False)}
    figures[_NO_ANSWER] = None if base is None else total - base
    return figures


def _crosstab_determined(cells: dict, hidden: set, corner) -> set:
    """The withheld cells a reader can work out exactly from the rest.

    `cells` maps (row, column) to its count, the margins included (row or column
    index "total"); `hidden` are the withheld ones. The table is a flow on the
    bipartite graph rows × columns (the margins with a minus sign): another table
    with the same visible figures and no negative count differs from this one by
    steps of one around cycles of withheld cells, each step lowering only cells
    that are at least 1 (the constraint matrix is totally unimodular). So a
    withheld cell is undetermined exactly when such a cycle runs through it.
    """
    arcs = defaultdict(set)
    edge_arcs = {}
    for row, column in hidden:
        if (row, column) == corner:
            continue
        count = cells[(row, column)]
        margin = row == "total" or column == "total"
        r, c = ("r", row), ("c", column)
        mine = []
        # Along row -> column an inner cell grows and a margin shrinks; back the other way.
        if not margin or count >= 1:
            mine.append((r, c))
        if margin or count >= 1:
            mine.append((c, r))
        for a, b in mine:
            arcs[a].add(b)
        edge_arcs[(row, column)] = mine

    def reaches(start, goal, banned) -> bool:
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for nxt in arcs[node]:
                if nxt not in seen and {node, nxt} != banned:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    determined = set()
    for (row, column), mine in edge_arcs.items():
        r, c = ("r", row), ("c", column)
        banned = {r, c}
        if not any(reaches(b, a, banned) for a, b in mine):
            determined.add((row, column))
    return determined


def survey_crosstab(*, survey: Survey, row: str, column: str, language: str) -> dict | None:
    """Protected counts of every pair of answers to two variables (see the notes above).

    `row` and `column` are keys from survey_crosstab_choices; None if either is not
    one, or both are the same. Withheld cells are None.
    """
    variables = {v.key: v for v in _crosstab_variables(survey, language)}
    if row not in variables or column not in variables or row == column:
        return None
    minimum = min_group_size()
    rv, cv = variables[row], variables[column]
    result = {
        "row_label": rv.label,
        "column_label": cv.label,
        "minimum": minimum,
        "suppressed": True,
        "columns": [],
        "rows": [],
        "totals": [],
        "total": None,
    }
    # Every view once: the results pages' figures, and which groups are offered.
    state = _results_state(survey)
    everyone = _survey_results(survey, language, None, False, state)
    if everyone["suppressed"]:
        return result
    total = everyone["total"]
    by_question = {entry["question"].pk: entry for entry in everyone["questions"]}

    # The true counts.
    row_of = _crosstab_answers(survey, rv)
    column_of = _crosstab_answers(survey, cv)
    cells = defaultdict(int)
    for response_id in survey.responses.values_list("pk", flat=True):
        r = row_of.get(response_id, _NO_ANSWER)
        c = column_of.get(response_id, _NO_ANSWER)
        for key in ((r, c), (r, "total"), ("total", c), ("total", "total")):
            cells[key] += 1

    # What the results pages publish.
    known = {("total", "total"): total}
    for key, count in _published_table(rv, by_question[rv.question.pk], total).items():
        known[(key, "total")] = count
    for key, count in _published_table(cv, by_question[cv.question.pk], total).items():
        known[("total", key)] = count
    offered = set(state[1].groups)
    group_lines = set()
    for variable, other, flip in ((rv, cv, False), (cv, rv, True)):
        if variable.item is not None or variable.question.type != Question.Type.SINGLE:
            continue
        for group, _label in variable.categories:
            if group not in offered:
                continue
            view = _survey_results(survey, language, Option(pk=group), False, state)
            entry = next(e for e in view["questions"] if e["question"].pk == other.question.pk)
            known[(group, "total") if not flip else ("total", group)] = view["total"]
            group_lines.add((flip, group))
            for key, count in _published_table(other, entry, view["total"]).items():
                known[(group, key) if not flip else (key, group)] = count

    # A no-answer line the results page shows to be empty says nothing: leave it out.
    # (Only when shown to be empty: an unknown one may hold anyone.)
    row_keys = [k for k, _l in rv.categories if k != _NO_ANSWER or known.get((k, "total")) != 0]
    column_keys = [k for k, _l in cv.categories if k != _NO_ANSWER or known.get(("total", k)) != 0]
    everything = [(r, c) for r in [*row_keys, "total"] for c in [*column_keys, "total"]]
    # Withheld there, withheld here; shown there, shown here; the rest is free.
    forced = set()
    for r, c in everything:
        margin = r == "total" or c == "total"
        in_group = (False, r) in group_lines or (True, c) in group_lines
        if known.get((r, c), 0) is None or ((r, c) not in known and (margin or in_group)):
            forced.add((r, c))
    free = [cell for cell in everything if cell not in known and cell not in forced]
    hidden = forced | {cell for cell in free if cells[cell] < minimum}
    # Cells the results pages alone give away are theirs to answer for.
    public_only = _crosstab_determined(
        cells, {cell for cell in everything if known.get(cell) is None}, ("total", "total")
    )
    while True:
        exposed = _crosstab_determined(cells, hidden, ("total", "total")) - public_only
        if not exposed:
            break
        r, c = min(exposed, key=lambda cell: (cells[cell], everything.index(cell)))
        candidates = [cell for cell in free if cell not in hidden]
        near = [cell for cell in candidates if cell[0] == r or cell[1] == c] or candidates
        hidden.add(
            min(near, key=lambda cell: (cells[cell] < 1, cells[cell], everything.index(cell)))
        )

    def figure(cell):
        # A small figure the results pages give away (their "no answer") is not printed
        # here either.
        withheld = cell in hidden or cells[cell] < minimum
        return {"count": None if withheld else cells[cell], "suppressed": withheld}

    row_labels = dict(rv.categories)
    column_labels = dict(cv.categories)
    result.update(
        suppressed=False,
        columns=[column_labels[c] for c in column_keys],
        rows=[
            {
                "label": row_labels[r],
                "cells": [figure((r, c)) for c in column_keys],
                "total": figure((r, "total")),
            }
            for r in row_keys
        ],
        totals=[figure(("total", c)) for c in column_keys],
        total=figure(("total", "total")),
    )
    return result
