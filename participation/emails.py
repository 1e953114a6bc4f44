"""Participant and invitation e-mails, in the event's language.

Every mail is a task (`registration_mail_task`, `invitation_mail_task`) queued
after commit through Django's task framework (core.mail_tasks): a
rolled-back sign-up sends nothing, and no request waits for the mail server.
A failed send is retried a few times with growing delays; the row's `mail_state`
says where it stands ("pending" until sent or given up, then "sent" or
"failed"), and staff re-send from the admin.
"""

import functools
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from core.mail_tasks import (
    mail_enqueue_on_commit,
    mail_is_last_attempt,
    mail_retry_later,
)
from participation.ical import calendar_bytes, event_url
from participation.models import EventSeries, Invitation, Registration
from participation.tokens import cancel_token_make

logger = logging.getLogger(__name__)

CONFIRMATION = "confirmation"
WAITING = "waiting"
PROMOTION = "promotion"
REMINDER = "reminder"
CANCELLED = "cancelled"


def cancel_url(registration: Registration) -> str:
    token = cancel_token_make(registration=registration)
    return settings.SITE_URL + reverse("participation:cancel", kwargs={"token": token})


def _message(*, template: str, context: dict, to: str, reply_to: str = "", language: str):
    with translation.override(language):
        subject = render_to_string(f"participation/email/{template}_subject.txt", context)
        text = render_to_string(f"participation/email/{template}.txt", context)
        html = render_to_string(f"participation/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    return message


def registration_message(registration: Registration, kind: str):
    """The e-mail of the given kind; the kind follows the registration's status."""
    event = registration.event
    confirmed = registration.status == Registration.Status.CONFIRMED
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "confirmed": confirmed,
        # The meeting link is the seat: only confirmed participants get it.
        "meeting_url": event.meeting_url if confirmed else "",
        "event_url": event_url(event),
        "cancel_url": cancel_url(registration),
        "privacy_url": settings.SITE_URL + reverse("participation:privacy"),
    }
    message = _message(
        template="registration",
        context=context,
        to=registration.email,
        reply_to=event.contact_email,
        language=event.language,
    )
    if confirmed and kind in (CONFIRMATION, PROMOTION, REMINDER):
        message.attach(
            f"{event.slug}.ics",
            calendar_bytes([event], meeting_url=event.meeting_url),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
    return message


def _deliver(message, *, model, pk, attempt: int, retry) -> bool:
    """Send `message` for row `pk`; never raises: a failure is recorded on the row.

    Until the last attempt fails the row stays "pending", with the last error for
    staff to read, and `retry()` queues the next attempt; then it is "failed".
    """
    try:
        message.send()
    except Exception as exc:  # any transport error: the row must survive it
        error = exc
    else:
        updates = {"mail_state": Registration.MailState.SENT, "mail_error": ""}
        if model is Registration:
            updates["mail_sent_at"] = timezone.now()
        model.objects.filter(pk=pk).update(**updates)
        return True
    last = mail_is_last_attempt(attempt)
    model.objects.filter(pk=pk).update(
        mail_state=Registration.MailState.FAILED if last else Registration.MailState.PENDING,
        mail_error=str(error)[:500],
    )
    if last:
        logger.error(
            "Participation e-mail to %s#%s failed after %s attempts",
            model.__name__,
            pk,
            attempt,
            exc_info=error,
        )
    else:
        retry()
    return False


def registration_mail_send(*, registration_id: int, kind: str, attempt: int = 1) -> bool:
    """Send one participant e-mail now (the task's body); retries on failure."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.anonymised_at:
        return False
    return _deliver(
        registration_message(registration, kind),
        model=Registration,
        pk=registration.pk,
        attempt=attempt,
        retry=functools.partial(
            mail_retry_later,
            registration_mail_task,
            attempt=attempt,
            registration_id=registration_id,
            kind=kind,
        ),
    )


@task()
def registration_mail_task(*, registration_id: int, kind: str, attempt: int = 1) -> bool:
    return registration_mail_send(registration_id=registration_id, kind=kind, attempt=attempt)


def registration_mail_queue(*, registration: Registration, kind: str) -> None:
    """Queue the e-mail of `kind` for `registration` once the transaction commits."""
    if registration.mail_state != Registration.MailState.PENDING:
        # A re-send: "pending" again until this one is sent or given up.
        Registration.objects.filter(pk=registration.pk).update(
            mail_state=Registration.MailState.PENDING
        )
    mail_enqueue_on_commit(registration_mail_task, registration_id=registration.pk, kind=kind)


def invitation_message(invitation: Invitation, series: EventSeries, events):
    context = {
        "invitation": invitation,
        "series": series,
        "events": events,
        "events_url": settings.SITE_URL + reverse("participation:event_list"),
        "series_url": settings.SITE_URL
        + reverse("participation:series_detail", kwargs={"slug": series.slug}),
    }
    return _message(
        template="invitation",
        context=context,
        to=invitation.email,
        reply_to=series.contact_email,
        language=series.language,
    )


def invitation_mail_send(*, invitation_id: int, attempt: int = 1) -> bool:
    """Send one series invitation now (the task's body); retries on failure."""
    invitation = Invitation.objects.select_related("series").filter(pk=invitation_id).first()
    if invitation is None:
        return False
    series = invitation.series
    now = timezone.now()
    events = list(
        series.events.filter(is_published=True).filter(
            Q(ends_at__gt=now) | Q(ends_at__isnull=True, starts_at__gt=now)
        )
    )
    return _deliver(
        invitation_message(invitation, series, events),
        model=Invitation,
        pk=invitation.pk,
        attempt=attempt,
        retry=functools.partial(
            mail_retry_later, invitation_mail_task, attempt=attempt, invitation_id=invitation_id
        ),
    )


@task()
def invitation_mail_task(*, invitation_id: int, attempt: int = 1) -> bool:
    return invitation_mail_send(invitation_id=invitation_id, attempt=attempt)


def invitation_mail_queue(*, invitation: Invitation) -> None:
    """Queue the invitation e-mail once the transaction commits."""
    mail_enqueue_on_commit(invitation_mail_task, invitation_id=invitation.pk)
