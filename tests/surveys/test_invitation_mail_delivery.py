"""Survey invitations and reminders go out as retried mail tasks, never in the request."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from surveys import services
from surveys.models import InvitationCode, Survey

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAIL_RETRY_DELAYS = [60]


@pytest.fixture
def codes(survey):
    survey.access = Survey.Access.CODES
    survey.save()
    return [
        InvitationCode.objects.create(survey=survey, email="a@kommune.no"),
        InvitationCode.objects.create(survey=survey, email="b@kommune.no", used=True),
    ]


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, stdout=io.StringIO())


def test_invitations_are_queued_and_dated_when_sent(codes, database_queue, mailoutbox):
    assert services.invitation_codes_send(codes=codes) == 2
    assert DBTaskResult.objects.count() == 2
    assert mailoutbox == []
    assert not InvitationCode.objects.filter(invited_on__isnull=False).exists()

    run_worker()

    assert sorted(m.to[0] for m in mailoutbox) == ["a@kommune.no", "b@kommune.no"]
    assert set(InvitationCode.objects.values_list("invited_on", flat=True)) == {
        timezone.localdate()
    }


def test_a_failed_invitation_is_retried_and_stays_undated_until_sent(
    codes, database_queue, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.participation.broken_mail.BrokenBackend"
    services.invitation_codes_send(codes=codes[:1])

    run_worker()

    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert InvitationCode.objects.get(pk=codes[0].pk).invited_on is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(
        run_after=timezone.now() - dt.timedelta(seconds=1)
    )
    run_worker()

    assert [m.to for m in mailoutbox] == [["a@kommune.no"]]
    assert InvitationCode.objects.get(pk=codes[0].pk).invited_on == timezone.localdate()


def test_a_reminder_skips_a_code_used_after_it_was_queued(codes, database_queue, mailoutbox):
    services.invitation_codes_send(codes=codes[:1], reminder=True)
    InvitationCode.objects.filter(pk=codes[0].pk).update(used=True)

    run_worker()

    assert mailoutbox == []
    assert InvitationCode.objects.get(pk=codes[0].pk).reminded_on is None
