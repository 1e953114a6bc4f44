"""The rules of surveys: submitting, invitation codes, contacts, copying, locking."""

import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core.mail_tasks import mail_enqueue_on_commit, mail_retry_later
from surveys import selectors
from surveys.models import (
    Answer,
    InvitationCode,
    Option,
    Question,
    Response,
    SeminarContact,
    SubmissionToken,
    Survey,
)

logger = logging.getLogger(__name__)


class SurveyError(Exception):
    """A rule of the surveys app was broken; the message is translated and ready to show."""


class AlreadySubmitted(SurveyError):
    """The form with this one-time token was stored before (reload, double click)."""


class SurveyLocked(SurveyError):
    """A change that would alter the meaning of answers already collected.

    `field` names the form field the message belongs next to, or is empty.
    """

    def __init__(self, message, *, field: str = ""):
        super().__init__(message)
        self.field = field


# --- A survey is locked once answered ---------------------------------------------
# Once a survey has responses, the parts that give stored answers their meaning
# (question type, column name, scale, option codes) are locked, and questions and
# options cannot be deleted: otherwise answers already collected would silently
# change meaning or columns. Staff may still fix wording, add optional questions,
# or copy the survey. The admin asks these functions; the rule lives here.

LOCKED_QUESTION_FIELDS = ("type", "key", "scale_min", "scale_max")
LOCKED_OPTION_FIELDS = ("code",)
SURVEY_LOCK_REASON = gettext_lazy(
    "This survey has responses. To keep the answers already collected meaningful, question "
    "types, column names, scales and option codes cannot be changed, and questions and "
    "options cannot be deleted. You may correct wording and add optional questions, or copy "
    "the survey to build a new version."
)


def survey_is_locked(*, survey: Survey | None) -> bool:
    """True once the survey has a response: its structure may then only grow."""
    return bool(survey and survey.pk and survey.responses.exists())


def question_is_locked(*, question: Question | None) -> bool:
    """True once the question has an answer: its type, key, scale and options stay."""
    return bool(question and question.pk and question.answers.exists())


def question_change_check(
    *, survey: Survey, is_new: bool, required: bool, changed_fields: Iterable[str]
) -> None:
    """Refuse a change to a question of a locked survey that would alter its answers.

    Raises SurveyLocked: a new question must be optional (earlier respondents did not
    answer it), and an existing one keeps its type, key and scale.
    """
    if not survey_is_locked(survey=survey):
        return
    if is_new:
        if required:
            raise SurveyLocked(_("New questions must be optional."), field="required")
        return
    if set(changed_fields) & set(LOCKED_QUESTION_FIELDS):
        raise SurveyLocked(SURVEY_LOCK_REASON)


def option_change_check(*, question: Question, is_new: bool, changed_fields: Iterable[str]) -> None:
    """Refuse a new option or a changed option code on a question that has answers."""
    if not question_is_locked(question=question):
        return
    if is_new or set(changed_fields) & set(LOCKED_OPTION_FIELDS):
        raise SurveyLocked(SURVEY_LOCK_REASON)


def _answers_for(question: Question, value: Any, options: Mapping[int, Option]) -> list[Answer]:
    """Answer rows for one question; `value` comes from SurveyStepForm.answer_values()."""

    def option(option_id) -> Option:
        found = options.get(int(option_id))
        if found is None or found.question_id != question.pk:
            raise SurveyError(_("The form no longer matches the survey. Please start again."))
        return found

    rows = []
    t = Question.Type
    if question.type == t.SINGLE:
        if value.get("option"):
            rows.append(Answer(question=question, option=option(value["option"])))
        if value.get("other"):
            rows.append(Answer(question=question, text=value["other"]))
    elif question.type == t.MULTIPLE:
        rows += [Answer(question=question, option=option(o)) for o in value.get("options", [])]
        if value.get("other"):
            rows.append(Answer(question=question, text=value["other"]))
    elif question.type == t.MATRIX:
        rows += [
            Answer(question=question, option=option(item), number=number)
            for item, number in value.items()
            if number is not None
        ]
    elif question.type in (t.LIKERT, t.YES_NO, t.NUMBER):
        if value is not None:
            rows.append(Answer(question=question, number=int(value)))
    elif question.type in Question.TEXT_TYPES:
        if value:
            rows.append(Answer(question=question, text=value))
    return rows


def response_submit(
    *,
    survey: Survey,
    language: str,
    token: uuid.UUID,
    values: Mapping[int, Any],
    code: str = "",
) -> Response:
    """Store one response with all its answers, or nothing.

    `values` maps question ids to cleaned values. The one-time `token` is inserted
    in the same transaction, so a second submission of the same form fails on its
    primary key however close together the two requests come. An invitation code
    is locked, checked and marked used in the same transaction, without any link
    to the response.
    """
    if not survey.is_accepting_answers():
        raise SurveyError(_("This survey is closed."))
    if language not in survey.languages:
        language = survey.main_language
    # No query when the survey comes from survey_get_with_questions (as in the view).
    questions = list(survey.questions.all())
    prefetch_related_objects(questions, "options")
    options = {o.pk: o for q in questions for o in q.options.all()}
    questions = {q.pk: q for q in questions}
    answers = []
    for question_id, value in values.items():
        question = questions.get(int(question_id))
        if question is None:
            raise SurveyError(_("The form no longer matches the survey. Please start again."))
        answers += _answers_for(question, value, options)
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token)
            if survey.access == Survey.Access.CODES:
                invitation_code_use(survey=survey, code=code)
            response = Response.objects.create(
                survey=survey, submitted_on=timezone.localdate(), language=language
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError as error:
        # Only the token can clash: every other key is new and random.
        raise AlreadySubmitted(_("Your answers have already been received. Thank you.")) from error
    return response


def invitation_code_check(*, survey: Survey, code: str) -> InvitationCode:
    code = code.strip().upper()
    found = InvitationCode.objects.filter(survey=survey, code=code).first() if code else None
    if found is None:
        raise SurveyError(
            _("This code is not valid for this survey. Please check it and try again.")
        )
    if found.used:
        raise SurveyError(_("This code has already been used. Each code can answer once."))
    return found


def invitation_code_use(*, survey: Survey, code: str) -> None:
    """Mark a code used under a row lock; call inside the response's transaction."""
    found = (
        InvitationCode.objects.select_for_update()
        .filter(survey=survey, code=code.strip().upper())
        .first()
    )
    if found is None:
        raise SurveyError(
            _("This code is not valid for this survey. Please check it and try again.")
        )
    if found.used:
        raise SurveyError(_("This code has already been used. Each code can answer once."))
    # Only the flag: no time, nothing pointing at the response.
    InvitationCode.objects.filter(pk=found.pk).update(used=True)


def invitation_codes_generate(*, survey: Survey, count: int) -> list[InvitationCode]:
    if not 1 <= count <= 10_000:
        raise SurveyError(_("Generate between 1 and 10,000 codes at a time."))
    codes = [InvitationCode(survey=survey) for _i in range(count)]
    return InvitationCode.objects.bulk_create(codes)


def invitation_recipients_import(
    *, survey: Survey, rows: Iterable[Mapping[str, str]]
) -> tuple[int, int]:
    """Create one code per new recipient (organisation, email); returns (created, skipped)."""
    known = {e.lower() for e in survey.codes.exclude(email="").values_list("email", flat=True)}
    new = []
    skipped = 0
    for row in rows:
        email = (row.get("email") or row.get("e-mail") or "").strip()
        organisation = (row.get("organisation") or row.get("organization") or "").strip()
        try:
            validate_email(email)
        except ValidationError:
            skipped += 1
            continue
        if email.lower() in known:
            skipped += 1
            continue
        known.add(email.lower())
        new.append(InvitationCode(survey=survey, email=email, organisation=organisation[:200]))
    InvitationCode.objects.bulk_create(new)
    return len(new), skipped


def _invitation_message(code: InvitationCode, *, reminder: bool) -> tuple[str, str, str, list]:
    survey = code.survey
    with translation.override(survey.main_language):
        url = settings.SITE_URL + reverse("surveys:answer", kwargs={"slug": survey.slug})
        url += f"?code={code.code}"
        title = survey.title
        if reminder:
            subject = _("Reminder: %(title)s") % {"title": title}
            intro = _("We have not yet received your answers to the survey “%(title)s”.")
        else:
            subject = _("Invitation: %(title)s") % {"title": title}
            intro = _("You are invited to answer the survey “%(title)s”.")
        body = "\n\n".join(
            [
                intro % {"title": title},
                _("Answer it here: %(url)s") % {"url": url},
                _("Your code is %(code)s. It can be used once.") % {"code": code.code},
                _(
                    "The survey is anonymous: we can see that your code has been used, "
                    "but not what you answered."
                ),
            ]
        )
    return subject, body, settings.DEFAULT_FROM_EMAIL, [code.email]


def invitation_codes_send(*, codes: Iterable[InvitationCode], reminder: bool = False) -> int:
    """Queue invitations (or reminders to those who have not answered) after commit.

    One mail task per code (core.mail_tasks), retried when it fails. The
    code's `invited_on` / `reminded_on` is set when its mail has actually gone out,
    so an empty date after a failed send shows staff whom to send to again.
    """
    codes = [c for c in codes if c.email and not (reminder and c.used)]
    for code in codes:
        mail_enqueue_on_commit(invitation_code_mail_task, code_id=str(code.pk), reminder=reminder)
    return len(codes)


def invitation_code_mail_send(*, code_id: str, reminder: bool, attempt: int = 1) -> bool:
    """Send one invitation or reminder now (the task's body); retries on failure."""
    code = InvitationCode.objects.select_related("survey").filter(pk=code_id).first()
    if code is None or not code.email or (reminder and code.used):
        return False
    subject, body, sender, recipients = _invitation_message(code, reminder=reminder)
    try:
        send_mail(subject, body, sender, recipients)
    except Exception as error:  # any transport error: try again later, or give up and log it
        failure = error
    else:
        field = "reminded_on" if reminder else "invited_on"
        InvitationCode.objects.filter(pk=code.pk).update(**{field: timezone.localdate()})
        return True
    if not mail_retry_later(
        invitation_code_mail_task, attempt=attempt, code_id=code_id, reminder=reminder
    ):
        logger.error(
            "Survey invitation e-mail for code %s failed after %s attempts",
            code.pk,
            attempt,
            exc_info=failure,
        )
    return False


@task()
def invitation_code_mail_task(*, code_id: str, reminder: bool, attempt: int = 1) -> bool:
    return invitation_code_mail_send(code_id=code_id, reminder=reminder, attempt=attempt)


def seminar_contact_create(
    *, survey: Survey, name: str, email: str, organisation: str = ""
) -> SeminarContact:
    contact = SeminarContact(survey=survey, name=name, email=email, organisation=organisation)
    contact.full_clean()
    contact.save()
    return contact


def survey_copy(*, survey: Survey) -> Survey:
    """A draft copy with the same sections, questions and options and no responses."""
    with transaction.atomic():
        sections = list(survey.sections.all())
        questions = list(survey.questions.prefetch_related("options"))
        base_slug = f"{survey.slug}-copy"[:70]
        slug = base_slug
        n = 1
        while Survey.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base_slug}-{n}"
        survey.pk = None
        survey._state.adding = True
        survey.slug = slug
        survey.status = Survey.Status.DRAFT
        survey.results_published = False
        survey.opens_at = timezone.now()
        survey.closes_at = None
        for code in survey.languages:
            title = getattr(survey, f"title_{code}")
            if title:
                setattr(survey, f"title_{code}", f"{title} ({_('copy')})"[:255])
        survey.save()
        section_map = {}
        for section in sections:
            old_pk = section.pk
            section.pk = None
            section._state.adding = True
            section.survey = survey
            section.save()
            section_map[old_pk] = section
        for question in questions:
            options = list(question.options.all())
            question.pk = None
            question._state.adding = True
            question.survey = survey
            question.section = section_map.get(question.section_id)
            question.save()
            for option in options:
                option.pk = None
                option._state.adding = True
                option.question = question
            Option.objects.bulk_create(options)
    selectors.survey_structure_changed()  # bulk_create sends no signals
    return survey


def question_fill_defaults(*, question: Question) -> None:
    """Give a new question an export column name and an order if staff left them empty."""
    if not question.key:
        taken = set(question.survey.questions.values_list("key", flat=True))
        n = question.survey.questions.count() + 1
        while f"q{n}" in taken:
            n += 1
        question.key = f"q{n}"
    if not question.order:
        last = question.survey.questions.aggregate(m=Max("order"))["m"] or 0
        question.order = last + 10
