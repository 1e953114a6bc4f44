"""Participant and invitation e-mails, in the event's language.

Every send goes through `_deliver`, which never raises: a failing mail server is
logged and recorded on the row (`mail_state`), and staff re-send from the admin.
Callers schedule these with `transaction.on_commit`, so a rolled-back sign-up
sends nothing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

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


def _deliver(message, *, model, pk) -> bool:
    try:
        message.send()
    except Exception as exc:  # any transport error: the row must survive it
        logger.exception("Participation e-mail to %s#%s failed", model.__name__, pk)
        model.objects.filter(pk=pk).update(
            mail_state=Registration.MailState.FAILED, mail_error=str(exc)[:500]
        )
        return False
    updates = {"mail_state": Registration.MailState.SENT, "mail_error": ""}
    if model is Registration:
        updates["mail_sent_at"] = timezone.now()
    model.objects.filter(pk=pk).update(**updates)
    return True


def registration_mail_send(*, registration_id: int, kind: str) -> bool:
    """Send one participant e-mail now (call from on_commit or a command)."""
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.anonymised_at:
        return False
    return _deliver(
        registration_message(registration, kind), model=Registration, pk=registration.pk
    )


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


def invitation_mail_send(*, invitation_id: int) -> bool:
    invitation = Invitation.objects.select_related("series").get(pk=invitation_id)
    series = invitation.series
    events = list(series.events.filter(is_published=True, ends_at__gt=timezone.now()))
    return _deliver(
        invitation_message(invitation, series, events), model=Invitation, pk=invitation.pk
    )
