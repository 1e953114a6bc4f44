"""The rules of signing up, cancelling, reminding, inviting and forgetting.

Sign-up follows pretix's locking protocol at small scale: inside one transaction,
lock the event row with SELECT ... FOR UPDATE, count the seats taken, decide, then
insert. Two sign-ups for one event therefore run one after the other, so the
count they see is never stale and the event cannot be overbooked. (SQLite has no
row locks but serialises writers on the whole database, which is equally safe.)
"""

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import emails
from participation.exceptions import RegistrationError
from participation.models import (
    Event,
    EventSeries,
    Invitation,
    Registration,
    event_q_not_over,
    normalise_email,
)
from participation.tokens import cancel_token_read

logger = logging.getLogger(__name__)

Status = Registration.Status

CONFIRMED = "confirmed"
WAITING = "waiting"
ALREADY_REGISTERED = "already_registered"
FULL = "full"


@dataclasses.dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    outcome: str  # CONFIRMED, WAITING or ALREADY_REGISTERED


def _mail_after_commit(registration: Registration, kind: str) -> None:
    emails.registration_mail_queue(registration=registration, kind=kind)


def _kind_for_status(registration: Registration) -> str:
    if registration.status == Status.WAITING:
        return emails.WAITING
    return emails.CONFIRMATION


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def _seat_free(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _check_window(event: Event, now: dt.datetime) -> None:
    if not event.is_published:
        raise RegistrationError(_("This event is not open for sign-up."), code="closed")
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at, event.tz)
        raise RegistrationError(
            _("Registration opens on %(date)s.") % {"date": opens.strftime("%d.%m.%Y %H:%M")},
            code="not_open",
        )
    if now >= event.registration_closes:
        raise RegistrationError(_("Registration for this event has closed."), code="closed")


def _existing_active(event: Event, email: str) -> Registration | None:
    return (
        Registration.objects.filter(event=event, email_normalised=normalise_email(email))
        .exclude(status=Status.CANCELLED)
        .first()
    )


def _already_registered(existing: Registration) -> RegistrationResult:
    # The confirmation goes again to the address on file, and nowhere else: someone
    # typing another person's address learns nothing and sends nothing elsewhere.
    _mail_after_commit(existing, _kind_for_status(existing))
    return RegistrationResult(registration=existing, outcome=ALREADY_REGISTERED)


def _person(*, name, organisation, organisation_type, municipality, role, needs) -> dict:
    return {
        "name": name.strip(),
        "organisation": organisation.strip(),
        "organisation_type": organisation_type,
        "municipality": municipality.strip(),
        "role": role.strip(),
        "needs": needs.strip(),
    }


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str,
    organisation_type: str,
    municipality: str,
    role: str = "",
    needs: str = "",
    consent: bool,
    now: dt.datetime | None = None,
) -> RegistrationResult:
    """Sign someone up: confirmed while seats remain, else on the waiting list.

    Raises RegistrationError when the window is closed, when the event is full and
    keeps no waiting list (code "full"), or without consent. A second sign-up with
    the same address re-sends the confirmation and creates nothing.
    """
    now = now or timezone.now()
    if not consent:
        raise RegistrationError(_("You must accept the privacy notice to sign up."), code="consent")
    person = _person(
        name=name,
        organisation=organisation,
        organisation_type=organisation_type,
        municipality=municipality,
        role=role,
        needs=needs,
    )
    return _sign_up(event=event, email=email, person=person, now=now, check=_check_window)


def _check_not_over(event: Event, now: dt.datetime) -> None:
    if event.over_at <= now:
        raise RegistrationError(_("The event is over: nobody can be added to it."), code="over")


def registration_create_by_staff(
    *,
    event: Event,
    recorded_by,
    name: str,
    email: str,
    organisation: str,
    organisation_type: str,
    municipality: str,
    role: str = "",
    needs: str = "",
    now: dt.datetime | None = None,
) -> RegistrationResult:
    """Staff sign up someone who asked for it by e-mail (the source tells people to
    write to the project lead), with the consent they gave in that e-mail.

    The same seats, waiting list, duplicates and mails as `registration_create`; the
    consent is recorded as given by e-mail to staff, by `recorded_by`, at `now`.
    Unlike the public form, staff may add someone to an unpublished event or after the
    form has closed (a late answer to an invitation), but not once the event is over.
    """
    now = now or timezone.now()
    person = _person(
        name=name,
        organisation=organisation,
        organisation_type=organisation_type,
        municipality=municipality,
        role=role,
        needs=needs,
    )
    person |= {
        "consent_given": Registration.ConsentGiven.EMAIL_TO_STAFF,
        "consent_recorded_by": recorded_by,
        "consent_recorded_at": now,
    }
    return _sign_up(event=event, email=email, person=person, now=now, check=_check_not_over)


def _sign_up(
    *, event: Event, email: str, person: dict, now: dt.datetime, check
) -> RegistrationResult:
    with transaction.atomic():
        event = _lock_event(event)
        check(event, now)
        existing = _existing_active(event, email)
        if existing:
            return _already_registered(existing)
        if _seat_free(event):
            status = Status.CONFIRMED
        elif event.waiting_list:
            status = Status.WAITING
        else:
            raise RegistrationError(_("Sorry, this event is fully booked."), code=FULL)
        registration = Registration(
            event=event,
            email=email.strip(),
            consent=True,
            status=status,
            created_at=now,
            **person,
        )
        registration.full_clean(exclude=["email_normalised"])
        try:
            # A savepoint, so that losing a race on the unique constraint leaves the
            # outer transaction usable for reading the winner.
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            existing = _existing_active(event, email)
            if existing is None:
                raise
            return _already_registered(existing)
        _mail_after_commit(registration, _kind_for_status(registration))
    return RegistrationResult(registration=registration, outcome=status)


def _promote(registration: Registration, now: dt.datetime) -> None:
    registration.status = Status.CONFIRMED
    registration.promoted_at = now
    registration.save(update_fields=["status", "promoted_at", "updated_at"])
    _mail_after_commit(registration, emails.PROMOTION)


def event_fill_free_seats(*, event: Event, now: dt.datetime | None = None) -> list[Registration]:
    """Move people from the waiting list, first come first served, into free seats.

    Called after a cancellation and after staff raise the capacity.
    """
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        event = _lock_event(event)
        if event.over_at <= now:
            return promoted
        waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by(
            "created_at", "pk"
        )
        if event.capacity is not None:
            free = max(event.capacity - _confirmed_count(event), 0)
            waiting = waiting[:free]
        for registration in waiting.select_for_update():
            _promote(registration, now)
            promoted.append(registration)
    return promoted


def registration_cancel(*, registration: Registration, now: dt.datetime | None = None) -> bool:
    """Cancel a registration and give its seat to the first person waiting.

    Returns False if it was already cancelled (cancelling twice is harmless).
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return False
        if event.starts_at <= now:
            raise RegistrationError(
                _("The event has started; the registration can no longer be cancelled."),
                code="started",
            )
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        _mail_after_commit(registration, emails.CANCELLED)
        event_fill_free_seats(event=event, now=now)
    return True


def registration_get_by_cancel_token(*, token: str) -> Registration:
    public_id = cancel_token_read(token)
    registration = None
    if public_id:
        registration = (
            Registration.objects.select_related("event")
            .filter(public_id=public_id, anonymised_at__isnull=True)
            .first()
        )
    if registration is None:
        raise RegistrationError(
            _("This cancel link is not valid. Please use the link from your latest e-mail."),
            code="bad_token",
        )
    return registration


def registration_promote(
    *, registration: Registration, override: bool = False, now: dt.datetime | None = None
) -> bool:
    """Staff move someone from the waiting list into a free seat.

    Never past the capacity, unless `override` is set: the explicit decision of a
    staff member holding that permission (e.g. one seat per municipality), which the
    caller records in the audit trail. Raises RegistrationError (code "full") when
    no seat is free. Returns False if the person was not waiting.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.WAITING:
            return False
        if not override and not _seat_free(event):
            raise RegistrationError(
                _("The event is full: nobody can be moved from the waiting list."), code=FULL
            )
        _promote(registration, now)
    return True


def registration_mark_attended(
    *,
    registrations: Iterable[Registration],
    attended: bool = True,
    now: dt.datetime | None = None,
) -> int:
    """Mark who came (or undo it); a cancelled sign-up never counts as attended.

    Refused (code "not_started") for all of them when any of their events has not
    started yet: nobody can have come, and a mark made ahead is a slip (a 2027 event).
    """
    now = now or timezone.now()
    ids = [r.pk for r in registrations]
    ahead = (
        Event.objects.filter(registrations__pk__in=ids, starts_at__gt=now)
        .order_by("starts_at", "pk")
        .first()
    )
    if ahead is not None:
        starts = timezone.localtime(ahead.starts_at, ahead.tz)
        raise RegistrationError(
            _("Attendance can be marked only from the event's start: %(event)s starts %(date)s.")
            % {"event": ahead.title, "date": starts.strftime("%d.%m.%Y %H:%M")},
            code="not_started",
        )
    return (
        Registration.objects.filter(pk__in=ids)
        .exclude(status=Status.CANCELLED)
        .update(attended=attended, updated_at=now)
    )


def registration_resend(*, registration: Registration) -> None:
    """Re-send the mail matching the current status (staff action after a failure)."""
    if registration.status == Status.CANCELLED or registration.anonymised_at:
        return
    _mail_after_commit(registration, _kind_for_status(registration))


ANONYMISED = "—"


def _anonymise(queryset, now: dt.datetime) -> int:
    # Status, attendance, organisation type and dates stay, so the counts and the
    # statistics by type of organisation survive; everything naming a person goes.
    return queryset.filter(anonymised_at__isnull=True).update(
        name=ANONYMISED,
        email="",
        email_normalised="",
        organisation="",
        municipality="",
        role="",
        needs="",
        mail_error="",
        anonymised_at=now,
        updated_at=now,
    )


def registration_erase(*, registration: Registration, now: dt.datetime | None = None) -> None:
    """Forget one person on request (right to erasure). An active seat is freed first."""
    now = now or timezone.now()
    if registration.is_active and registration.event.starts_at > now:
        registration_cancel(registration=registration, now=now)
    with transaction.atomic():
        _anonymise(Registration.objects.filter(pk=registration.pk), now)


def registrations_purge(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Anonymise the registrations of events over more than `days` ago (an event
    without an end time is over at the end of the day it starts on)."""
    now = now or timezone.now()
    days = settings.PARTICIPATION_RETENTION_DAYS if days is None else days
    cutoff = now - _retention(days)
    with transaction.atomic():
        over = Registration.objects.exclude(event_q_not_over(cutoff, prefix="event__"))
        return _anonymise(over, now)


def _retention(days: int) -> dt.timedelta:
    # A negative period would reach into the future: the sign-ups of coming events.
    if days < 0:
        raise ValueError(f"a retention period cannot be negative ({days} days)")
    return dt.timedelta(days=days)


def invitations_purge(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Delete the invitations of series whose last event ended more than `days` ago.

    An invitation only serves to invite nobody twice while the series runs. A series
    without events keeps its invitations for `days` after they were sent.
    """
    now = now or timezone.now()
    days = settings.PARTICIPATION_INVITATION_RETENTION_DAYS if days is None else days
    cutoff = now - _retention(days)
    series_over = (
        EventSeries.objects.annotate(last_end=Max("events__ends_at"))
        .filter(last_end__lt=cutoff)
        .values("pk")
    )
    stale = Invitation.objects.filter(
        Q(series__in=series_over) | Q(series__events__isnull=True, invited_at__lt=cutoff)
    )
    deleted, _by_model = Invitation.objects.filter(pk__in=stale.values("pk")).delete()
    return deleted


def reminders_send(*, now: dt.datetime | None = None, hours: int | None = None) -> int:
    """Remind confirmed participants of events starting within `hours`; once each."""
    from participation.selectors import registration_list_due_reminder

    now = now or timezone.now()
    hours = settings.PARTICIPATION_REMINDER_HOURS if hours is None else hours
    sent = 0
    for registration_id in registration_list_due_reminder(now=now, hours=hours).values_list(
        "pk", flat=True
    ):
        # Claim the row first: a second run (or a parallel one) finds it taken.
        claimed = Registration.objects.filter(
            pk=registration_id, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now)
        if claimed:
            emails.registration_mail_task.enqueue(
                registration_id=registration_id, kind=emails.REMINDER
            )
            sent += 1
    return sent


@dataclasses.dataclass(frozen=True)
class InvitationResult:
    invited: list[str]
    skipped: list[str]


def invitations_send(
    *, series: EventSeries, contacts: Iterable[dict], invited_by=None
) -> InvitationResult:
    """Invite each contact ({"email", "name"?, "organisation"?}) once per series.

    An address already invited to the series (in any spelling of its case) is
    skipped, so sending again after adding people reaches only the new ones.
    """
    invited, skipped = [], []
    seen = set()
    for contact in contacts:
        email = normalise_email(contact.get("email", ""))
        if not email or email in seen:
            continue
        seen.add(email)
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    series=series,
                    email=email,
                    name=(contact.get("name") or "")[:200],
                    organisation=(contact.get("organisation") or "")[:200],
                    invited_by=invited_by,
                )
                emails.invitation_mail_queue(invitation=invitation)
        except IntegrityError:
            skipped.append(email)
            continue
        invited.append(email)
    return InvitationResult(invited=invited, skipped=skipped)
