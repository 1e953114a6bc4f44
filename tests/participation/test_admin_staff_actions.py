"""Staff actions on registrations: permissions, the capacity override and the audit trail."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRecord
from participation.models import Registration
from tests.participation.factories import EventFactory, EventSeriesFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:participation_registration_changelist"


@pytest.fixture
def full_event():
    event = EventFactory(capacity=1, slug="full-seminar")
    RegistrationFactory(event=event)
    return event


@pytest.fixture
def waiting(full_event):
    return RegistrationFactory(event=full_event, status=Registration.Status.WAITING)


def coordinator(*extra):
    user = User.objects.create_user("coordinator", password="x" * 12, is_staff=True)
    codenames = ["view_registration", "change_registration", *extra]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def run(client, action, registrations):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def confirmed(event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def test_promotion_past_capacity_without_the_override_permission_is_refused(
    client, full_event, waiting
):
    client.force_login(coordinator())
    page = run(client, "promote", [waiting])
    assert confirmed(full_event) == 1
    assert "full" in page.content.decode().lower() or "fuld" in page.content.decode().lower()
    # The override is not offered, and posting it anyway does nothing.
    run(client, "promote_past_capacity", [waiting])
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING
    assert confirmed(full_event) == 1


def test_the_override_moves_past_capacity_and_is_recorded_as_such(client, full_event, waiting):
    client.force_login(coordinator("override_capacity_registration"))
    run(client, "promote_past_capacity", [waiting])
    assert confirmed(full_event) == 2
    record = AuditRecord.objects.get()
    assert (record.action, record.row_count, record.subject) == ("promote", 1, "full-seminar")
    assert "override" in record.note


def test_each_action_leaves_one_audit_row_and_a_log_entry_per_registration(client):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(hours=1))
    people = RegistrationFactory.create_batch(3, event=event)
    client.force_login(coordinator())
    run(client, "mark_attended", people)
    assert AuditRecord.objects.count() == 1
    assert LogEntry.objects.count() == 3


def test_a_view_only_member_of_staff_changes_nothing(client, waiting):
    viewer = User.objects.create_user("viewer", password="x" * 12, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(viewer)
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert page.context["action_form"] is None  # no action is offered at all
    for action in ("promote", "promote_past_capacity", "cancel", "erase", "mark_attended"):
        run(client, action, [waiting])
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attended, waiting.anonymised_at) == ("waiting", False, None)
    assert not AuditRecord.objects.exists()
    assert not LogEntry.objects.exists()


def test_an_erasure_is_audited_without_naming_the_person(admin_client):
    person = RegistrationFactory(name="Åse Ærø", email="ase@example.no")
    run(admin_client, "erase", [person])
    person.refresh_from_db()
    assert person.anonymised_at is not None
    record = AuditRecord.objects.get()
    assert (record.action, record.row_count) == ("erase", 1)
    trail = [f"{record.what} {record.subject} {record.note}"]
    trail += list(LogEntry.objects.values_list("object_repr", flat=True))
    assert not any("Åse" in line or "ase@example.no" in line for line in trail)


def test_invitations_need_their_own_permission(client):
    series = EventSeriesFactory()
    user = User.objects.create_user("inviter", password="x" * 12, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_eventseries", "add_invitation"])
    )
    client.force_login(user)
    url = reverse("admin:participation_eventseries_invite", args=[series.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"addresses": "a@example.org"}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="send_invitation"))
    assert client.get(url).status_code == 200


def test_attendance_of_an_event_not_started_is_refused_and_not_audited(client):
    people = RegistrationFactory.create_batch(2, event=EventFactory())
    client.force_login(coordinator())
    for action in ("mark_attended", "mark_not_attended"):
        page = run(client, action, people)
        assert [m.level_tag for m in page.context["messages"]] == ["error"]
    assert not Registration.objects.filter(attended=True).exists()
    assert not AuditRecord.objects.exists()
    assert not LogEntry.objects.exists()
