"""Reads for pages, views, the admin results and the exports."""

import uuid
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


# Loaded surveys (with sections, questions and options), per worker process, valid
# while the structure version in the shared cache is unchanged. Loading a survey of
# 15 questions costs four queries and ~100 model instances on every survey request;
# a version check is one cache read. Any save or delete of a survey, section,
# question or option bumps the version (signals in apps.py). The version is a
# random token, never a counter, so that a cleared cache cannot bring an old
# version back.
STRUCTURE_VERSION_KEY = "surveys:structure-version"
_LOADED: dict[str, tuple[str, Survey]] = {}
_LOADED_MAX = 64


def survey_structure_version() -> str:
    version = cache.get(STRUCTURE_VERSION_KEY)
    if version is None:
        cache.add(STRUCTURE_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(STRUCTURE_VERSION_KEY)
    return version


def survey_structure_changed(**kwargs) -> None:
    """Retire every loaded survey in every process: now, and again after the commit."""

    def bump():
        cache.set(STRUCTURE_VERSION_KEY, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def _survey_load(slug: str) -> Survey | None:
    questions = Question.objects.prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("order", "code"))
    ).order_by("order", "pk")
    return (
        Survey.objects.filter(slug=slug)
        .prefetch_related("sections", Prefetch("questions", queryset=questions))
        .first()
    )


def survey_get_with_questions(*, slug: str) -> Survey | None:
    """The survey with its sections, questions and options; read-only for the caller.

    From this process's store when the structure has not changed since it was
    loaded (one cache read), else in four queries.
    """
    version = survey_structure_version()
    found = _LOADED.get(slug)
    if found is not None and found[0] == version:
        return found[1]
    survey = _survey_load(slug)
    if survey is not None:
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.clear()
        _LOADED[slug] = (version, survey)
    return survey


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


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def survey_results(
    *, survey: Survey, language: str, group_option: Option | None = None, with_texts: bool
) -> dict:
    """Counts, percentages, means and (for staff) free texts, small groups suppressed.

    Any figure computed from fewer than SURVEY_MIN_GROUP_SIZE responses is replaced
    by `suppressed`: the group as a whole, and each question by the number who
    answered it. A constant number of queries whatever the number of questions.
    """
    minimum = min_group_size()
    responses = survey.responses.all()
    if group_option is not None:
        responses = responses.filter(answers__option=group_option)
    total = responses.count()
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    bases = dict(
        answers.values("question")
        .annotate(n=Count("response", distinct=True))
        .values_list("question", "n")
    )
    option_counts = {
        (row["question"], row["option"]): row["n"]
        for row in answers.filter(option__isnull=False, number__isnull=True)
        .values("question", "option")
        .annotate(n=Count("id"))
    }
    number_counts = {
        (row["question"], row["option"], row["number"]): row["n"]
        for row in answers.filter(number__isnull=False)
        .values("question", "option", "number")
        .annotate(n=Count("id"))
    }
    means = {
        (row["question"], row["option"]): row["mean"]
        for row in answers.filter(number__isnull=False)
        .values("question", "option")
        .annotate(mean=Avg("number"))
    }
    text_counts = dict(
        answers.exclude(text="")
        .values("question")
        .annotate(n=Count("id"))
        .values_list("question", "n")
    )
    texts = defaultdict(list)
    if with_texts and total >= minimum:
        for question_id, text in answers.exclude(text="").values_list("question", "text"):
            texts[question_id].append(text)

    questions = Question.objects.filter(survey=survey).prefetch_related("options")
    results = []
    for q in questions.order_by("order", "pk"):
        base = bases.get(q.pk, 0)
        entry = {
            "question": q,
            "key": q.key,
            "text": q.text_in("text", language),
            "type": q.type,
            "base": base,
            "suppressed": total < minimum or base < minimum,
            "rows": [],
            "items": [],
            "mean": None,
            "texts": texts.get(q.pk, []) if base >= minimum else [],
        }
        options = list(q.options.all())
        if q.type in Question.CHOICE_TYPES:
            for option in options:
                n = option_counts.get((q.pk, option.pk), 0)
                label = option.text_in("label", language)
                entry["rows"].append({"label": label, "count": n, "percent": _percent(n, base)})
            if q.allow_other:
                n = text_counts.get(q.pk, 0)
                entry["rows"].append(
                    {"label": _("Other"), "count": n, "percent": _percent(n, base)}
                )
        elif q.type in (Question.Type.LIKERT, Question.Type.YES_NO):
            values = (
                [(1, _("Yes")), (0, _("No"))]
                if q.type == Question.Type.YES_NO
                else [(v, str(v)) for v in range(q.scale_min, q.scale_max + 1)]
            )
            for value, label in values:
                if q.type == Question.Type.LIKERT:
                    if value == q.scale_min and q.text_in("low_label", language):
                        label = f"{value} – {q.text_in('low_label', language)}"
                    if value == q.scale_max and q.text_in("high_label", language):
                        label = f"{value} – {q.text_in('high_label', language)}"
                n = number_counts.get((q.pk, None, value), 0)
                entry["rows"].append({"label": label, "count": n, "percent": _percent(n, base)})
            if q.type == Question.Type.LIKERT:
                entry["mean"] = means.get((q.pk, None))
        elif q.type == Question.Type.MATRIX:
            for item in options:
                item_base = sum(
                    number_counts.get((q.pk, item.pk, v), 0)
                    for v in range(q.scale_min, q.scale_max + 1)
                )
                entry["items"].append(
                    {
                        "label": item.text_in("label", language),
                        "base": item_base,
                        "suppressed": item_base < minimum,
                        "mean": means.get((q.pk, item.pk)),
                        "rows": [
                            {
                                "label": str(v),
                                "count": number_counts.get((q.pk, item.pk, v), 0),
                                "percent": _percent(
                                    number_counts.get((q.pk, item.pk, v), 0), item_base
                                ),
                            }
                            for v in range(q.scale_min, q.scale_max + 1)
                        ],
                    }
                )
            entry["low_label"] = q.text_in("low_label", language)
            entry["high_label"] = q.text_in("high_label", language)
        elif q.type == Question.Type.NUMBER:
            entry["mean"] = means.get((q.pk, None))
        results.append(entry)
    return {
        "total": total,
        "minimum": minimum,
        "suppressed": total < minimum,
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
