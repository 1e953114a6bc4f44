"""The rules of surveys: submitting, invitation codes, contacts, copying, locking."""

import datetime as dt
import logging
import random
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core.mail_tasks import mail_enqueue_on_commit, mail_retry_later
from core.urls import absolute_url
from surveys import selectors
from surveys.models import (
    Answer,
    InvitationCode,
    Option,
    PendingCodeUse,
    PendingContact,
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
    primary key however close together the two requests come.

    An invitation code is claimed first, in a transaction of its own
    (invitation_code_claim), and only the pool knows of the claim: the code's
    `used` flag is set later, with at least SURVEY_MIN_GROUP_SIZE others, in
    random order (pool_flush). So no transaction id, storage order or admin
    screen ties the code to this response.
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
    if survey.access == Survey.Access.CODES:
        # A form sent again after its batch was flushed: its code is used by now,
        # but this is the form that used it.
        if SubmissionToken.objects.filter(token=token).exists():
            raise AlreadySubmitted(_("Your answers have already been received. Thank you."))
        invitation_code_claim(survey=survey, code=code, token=token)
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token)
            response = Response.objects.create(
                survey=survey, submitted_on=timezone.localdate(), language=language
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError as error:
        # Only the token can clash: every other key is new and random.
        raise AlreadySubmitted(_("Your answers have already been received. Thank you.")) from error
    if survey.access == Survey.Access.CODES:
        _pool_flush_after_commit(survey=survey)
    return response


def _keyed_hash(purpose: str, value: str) -> str:
    # HMAC with SECRET_KEY: someone with the database but not the key cannot tell
    # which code a pool row stands for.
    return salted_hmac(f"surveys.pool.{purpose}", value, algorithm="sha256").hexdigest()


def _code_hash(survey_id: int, code: str) -> str:
    return _keyed_hash("code", f"{survey_id}:{code.strip().upper()}")


def _code_invalid() -> SurveyError:
    return SurveyError(_("This code is not valid for this survey. Please check it and try again."))


def _code_used() -> SurveyError:
    return SurveyError(_("This code has already been used. Each code can answer once."))


def invitation_code_check(*, survey: Survey, code: str) -> InvitationCode:
    """The code, if it may still answer: not used, and not claimed since the last flush."""
    code = code.strip().upper()
    found = InvitationCode.objects.filter(survey=survey, code=code).first() if code else None
    if found is None:
        raise _code_invalid()
    if found.used or PendingCodeUse.objects.filter(code_hash=_code_hash(survey.pk, code)).exists():
        raise _code_used()
    return found


def invitation_code_claim(*, survey: Survey, code: str, token: uuid.UUID) -> None:
    """Claim a code for one form, in a transaction of its own, before the response.

    The claim is a row in the pool with the code's keyed hash, unique: of any
    number of simultaneous submissions with one code, one claim is inserted (on
    PostgreSQL the others wait on the unique index, then fail). `used` is read
    again after the insert, so a flush that committed in between is seen. The
    form's token hash lets the same form be sent again when the process died
    after the claim and before its response was stored.
    """
    code = code.strip().upper()
    used = (
        InvitationCode.objects.filter(survey=survey, code=code).values_list("used", flat=True)
        if code
        else []
    )
    if not used:
        raise _code_invalid()
    if used[0]:
        raise _code_used()
    code_hash = _code_hash(survey.pk, code)
    token_hash = _keyed_hash("token", str(token))
    try:
        with transaction.atomic():
            PendingCodeUse.objects.create(survey=survey, code_hash=code_hash, token_hash=token_hash)
            if InvitationCode.objects.filter(survey=survey, code=code, used=True).exists():
                raise _code_used()
    except IntegrityError:
        claimed_by = (
            PendingCodeUse.objects.filter(code_hash=code_hash)
            .values_list("token_hash", flat=True)
            .first()
        )
        if claimed_by != token_hash:
            raise _code_used() from None


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
        path = reverse("surveys:answer", kwargs={"slug": survey.slug})
        url = absolute_url(f"{path}?code={code.code}")
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
) -> None:
    """Keep a seminar contact in the pool; it reaches staff with its batch (pool_flush)."""
    contact = SeminarContact(survey=survey, name=name, email=email, organisation=organisation)
    contact.full_clean()
    with transaction.atomic():
        PendingContact.objects.create(
            survey=survey, name=contact.name, email=contact.email, organisation=organisation
        )
    _pool_flush_after_commit(survey=survey)


# The order in which a batch is written. SystemRandom: nothing to seed or predict.
_shuffler = random.SystemRandom()


def _pool_flush_after_commit(*, survey: Survey) -> None:
    def flush():
        try:
            pool_flush(survey=survey)
        except DatabaseError:
            # Nothing is lost: the pool stays in the database for the scheduled
            # `manage.py flush_survey_pool` (e.g. SQLite busy with another writer).
            logger.warning("Survey pool not flushed now; the scheduled job will do it")

    transaction.on_commit(flush)


def pool_flush(*, survey: Survey | None = None, remainder: bool = False) -> int:
    """Move waiting code uses and contacts to where staff see them; returns how many.

    Per survey and per kind, a batch moves only when at least
    SURVEY_MIN_GROUP_SIZE are waiting, or with `remainder` (for a survey that has
    closed, or when staff choose to). Each batch is written in one transaction, in
    random order, and its pool rows are deleted in it: transaction ids and storage
    order then say "one of this batch", never which response.
    """
    minimum = selectors.min_group_size()
    if survey is not None:
        survey_ids = [survey.pk]
    else:
        survey_ids = set(PendingCodeUse.objects.values_list("survey_id", flat=True).distinct())
        survey_ids |= set(PendingContact.objects.values_list("survey_id", flat=True).distinct())
    moved = 0
    for survey_id in survey_ids:
        moved += _flush_code_uses(survey_id=survey_id, minimum=minimum, remainder=remainder)
        moved += _flush_contacts(survey_id=survey_id, minimum=minimum, remainder=remainder)
    return moved


def _pool_rows(model, survey_id, *fields):
    rows = model.objects.filter(survey_id=survey_id)
    if connection.features.has_select_for_update_skip_locked:
        # A concurrent flush takes other rows or none; never the same twice.
        rows = rows.select_for_update(skip_locked=True)
    return list(rows.values_list("pk", *fields))


def _take(model, rows) -> bool:
    """Delete the batch's pool rows; False if another flush took some of them first."""
    deleted, _by_model = model.objects.filter(pk__in=[row[0] for row in rows]).delete()
    return deleted == len(rows)


def _flush_code_uses(*, survey_id, minimum: int, remainder: bool) -> int:
    with transaction.atomic():
        rows = _pool_rows(PendingCodeUse, survey_id, "code_hash")
        if not rows or (len(rows) < minimum and not remainder):
            return 0
        hashes = {code_hash for _pk, code_hash in rows}
        codes = [
            pk
            for pk, code in InvitationCode.objects.filter(survey_id=survey_id, used=False)
            .values_list("pk", "code")
            .iterator(chunk_size=2000)
            if _code_hash(survey_id, code) in hashes
        ]
        if not _take(PendingCodeUse, rows):
            transaction.set_rollback(True)
            return 0
        _shuffler.shuffle(codes)
        # One row at a time, in the shuffled order: new row versions are stored in
        # this order, all with this transaction's id.
        for pk in codes:
            InvitationCode.objects.filter(pk=pk).update(used=True)
    return len(rows)


def _flush_contacts(*, survey_id, minimum: int, remainder: bool) -> int:
    with transaction.atomic():
        rows = _pool_rows(PendingContact, survey_id, "name", "email", "organisation")
        if not rows or (len(rows) < minimum and not remainder):
            return 0
        if not _take(PendingContact, rows):
            transaction.set_rollback(True)
            return 0
        _shuffler.shuffle(rows)
        SeminarContact.objects.bulk_create(
            SeminarContact(survey_id=survey_id, name=name, email=email, organisation=organisation)
            for _pk, name, email, organisation in rows
        )
    return len(rows)


def pool_flush_scheduled() -> int:
    """The scheduled job: full batches everywhere, and what is left of closed surveys."""
    moved = pool_flush()
    waiting = Survey.objects.filter(
        Q(pk__in=PendingCodeUse.objects.values("survey_id"))
        | Q(pk__in=PendingContact.objects.values("survey_id"))
    )
    closed = [s for s in waiting if s.has_closed()]
    for survey in closed:
        moved += pool_flush(survey=survey, remainder=True)
    # Contacts whose survey was deleted: no more can join them.
    moved += _flush_contacts(survey_id=None, minimum=1, remainder=True)
    return moved


def seminar_contacts_purge(*, now=None, days: int | None = None) -> int:
    """Delete the seminar contacts of surveys that closed more than `days` ago.

    A contact has no date of its own (it could be paired with a response's date), so
    its period runs from its survey's closing time; for a survey closed by hand
    without one, from its opening. A contact whose survey was deleted has no period
    left to wait for. Contacts of a survey that is still open are kept.
    """
    now = now or timezone.now()
    days = settings.SURVEY_CONTACT_RETENTION_DAYS if days is None else days
    if days < 0:
        raise ValueError(f"a retention period cannot be negative ({days} days)")
    cutoff = now - dt.timedelta(days=days)
    closed = Survey.Status.CLOSED
    stale = SeminarContact.objects.filter(
        Q(survey__isnull=True)
        | Q(survey__closes_at__lt=cutoff)
        | Q(survey__status=closed, survey__closes_at__isnull=True, survey__opens_at__lt=cutoff)
    )
    deleted, _by_model = stale.delete()
    return deleted


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
    selectors.survey_loaded_forget(instance=survey)  # bulk_create sends no signals
    return survey


def survey_questions_renumber(*, survey: Survey) -> None:
    """Number the questions in the builder's order (sections, then questions in them),
    so the exports' columns follow what staff see; dragging numbers within a section.

    One update for all that moved; bulk_update sends no signals, so the loaded copy
    is forgotten here once."""
    sections = {s.pk: i for i, s in enumerate(survey.sections.order_by("order", "pk"))}
    questions = sorted(
        survey.questions.all(),
        key=lambda q: (sections.get(q.section_id, len(sections)), q.order, q.pk),
    )
    moved = []
    for number, question in enumerate(questions, start=1):
        if question.order != number * 10:
            question.order = number * 10
            moved.append(question)
    if moved:
        Question.objects.bulk_update(moved, ["order"])
        selectors.survey_loaded_forget(instance=survey)


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
