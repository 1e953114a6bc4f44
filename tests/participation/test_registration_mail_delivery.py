"""Mail never blocks nor loses a sign-up: it is a task, queued after commit, retried.

With the production backend (the database queue) the request only queues the
mail; the worker (`manage.py db_worker`) sends it, and a failed send is tried
again later. With the immediate backend of development and tests, it arrives at once.
"""

import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participation import emails, services
from participation.models import Invitation, Registration
from tests.participation.factories import EventFactory, EventSeriesFactory, RegistrationFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FORM = {
    "name": "Kari Nordmann",
    "email": "kari@example.no",
    "organisation": "Trondheim kommune",
    "organisation_type": "municipality",
    "municipality": "Trondheim",
    "consent": "on",
}


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, stdout=io.StringIO())


def make_due(tasks):
    tasks.update(run_after=timezone.now() - dt.timedelta(seconds=1))


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.MAIL_RETRY_DELAYS = [60, 300]


@pytest.mark.django_db(transaction=True)
def test_a_slow_mail_server_never_slows_the_sign_up(client, settings, database_queue, mailoutbox):
    settings.EMAIL_BACKEND = "tests.participation.broken_mail.SlowBackend"
    event = EventFactory(language="nb")

    started = time.monotonic()
    response = client.post(reverse("participation:event_detail", kwargs={"slug": event.slug}), FORM)

    assert response.status_code == 302
    assert time.monotonic() - started < 2
    registration = Registration.objects.get()
    assert (registration.status, registration.mail_state) == ("confirmed", "pending")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "participation.emails.registration_mail_task"
    assert queued.args_kwargs["kwargs"] == {
        "registration_id": registration.pk,
        "kind": "confirmation",
    }


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_queued_mail(client, database_queue, mailoutbox):
    event = EventFactory(language="nb")
    client.post(reverse("participation:event_detail", kwargs={"slug": event.slug}), FORM)
    assert mailoutbox == []

    run_worker()

    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    assert Registration.objects.get().mail_state == "sent"


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_retried_later_and_then_arrives(
    client, settings, database_queue, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.participation.broken_mail.BrokenBackend"
    event = EventFactory(language="en")
    client.post(reverse("participation:event_detail", kwargs={"slug": event.slug}), FORM)

    run_worker()

    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert registration.mail_state == "pending"
    assert "connection refused" in registration.mail_error
    retry = DBTaskResult.objects.ready().exclude(status="SUCCESSFUL")
    assert not retry.exists()  # not before its delay
    later = DBTaskResult.objects.filter(status="READY").get()
    assert later.args_kwargs["kwargs"]["attempt"] == 2
    wait = (later.run_after - timezone.now()).total_seconds()
    assert 50 < wait <= 60

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_due(DBTaskResult.objects.filter(pk=later.pk))
    run_worker()

    registration.refresh_from_db()
    assert registration.mail_state == "sent" and registration.mail_error == ""
    assert [m.subject for m in mailoutbox] == ["Registration confirmed: " + event.title]


@pytest.mark.django_db(transaction=True)
def test_after_the_last_retry_the_mail_is_marked_failed_for_staff(
    client, settings, database_queue, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.participation.broken_mail.BrokenBackend"
    event = EventFactory()
    client.post(reverse("participation:event_detail", kwargs={"slug": event.slug}), FORM)

    delays = []
    for _attempt in range(3):
        run_worker()
        waiting = DBTaskResult.objects.filter(status="READY")
        delays += [round((t.run_after - timezone.now()).total_seconds(), -1) for t in waiting]
        make_due(waiting)

    registration = Registration.objects.get()
    assert delays == [60, 300]  # two retries, each later than the one before
    assert DBTaskResult.objects.count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert registration.mail_state == "failed"
    assert registration.status == "confirmed"

    # Staff re-send from the admin once the mail server is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.registration_resend(registration=registration)
    assert Registration.objects.get().mail_state == "pending"
    run_worker()
    assert Registration.objects.get().mail_state == "sent"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_with_the_immediate_backend_the_mail_arrives_at_once(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(language="da")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participation:event_detail", kwargs={"slug": event.slug}), FORM)

    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    assert mailoutbox[0].subject.startswith("Tilmelding bekræftet")
    assert Registration.objects.get().mail_state == "sent"


@pytest.mark.django_db
def test_with_the_immediate_backend_a_broken_server_is_retried_then_marked_failed(
    settings, sign_up, django_capture_on_commit_callbacks, monkeypatch
):
    settings.EMAIL_BACKEND = "tests.participation.broken_mail.BrokenBackend"
    settings.MAIL_RETRY_DELAYS = [1, 1, 1]
    attempts = []
    real_send = emails.registration_mail_send

    def counting(**kwargs):
        attempts.append(kwargs["attempt"])
        return real_send(**kwargs)

    monkeypatch.setattr(emails, "registration_mail_send", counting)
    with django_capture_on_commit_callbacks(execute=True):
        result = sign_up(EventFactory(), email="a@example.no")

    assert attempts == [1, 2, 3, 4]
    assert Registration.objects.get(pk=result.registration.pk).mail_state == "failed"


@pytest.mark.django_db(transaction=True)
def test_reminders_promotions_and_invitations_are_queued_too(settings, database_queue, sign_up):
    event = EventFactory(capacity=1)
    first = sign_up(event, email="a@example.no").registration
    sign_up(event, email="b@example.no")  # waiting list
    services.registration_cancel(registration=first)  # b is promoted
    series = EventSeriesFactory()
    services.invitations_send(series=series, contacts=[{"email": "c@kommune.no"}])
    start = timezone.now() + dt.timedelta(hours=3)
    soon = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    RegistrationFactory(event=soon, email="d@example.no")
    services.reminders_send()

    kinds = sorted(
        t.args_kwargs["kwargs"].get("kind", "invitation") for t in DBTaskResult.objects.all()
    )
    assert kinds == ["cancelled", "confirmation", "invitation", "promotion", "reminder", "waiting"]
    assert Invitation.objects.get().mail_state == "pending"
