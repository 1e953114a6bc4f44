"""The check-in list of an event: printable, tap to check in (no JavaScript), from the start."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.models import AuditRecord
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def staff(*codenames):
    user = User.objects.create_user("koordinator", password="x" * 12, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def coordinator(client):
    user = staff("view_event", "view_registration", "change_registration")
    client.force_login(user)
    return user


def url(event):
    return reverse("admin:participation_event_checkin", args=[event.pk])


@pytest.fixture
def started():
    now = timezone.now()
    return EventFactory(slug="dorliste", starts_at=now - dt.timedelta(minutes=10))


def test_the_list_shows_confirmed_participants_only_and_writes_one_audit_row(
    client, coordinator, started
):
    RegistrationFactory(event=started, name="Åse Berg", municipality="Bergen", needs="Rullestol")
    RegistrationFactory(event=started, name="Per Ås", attended=True)
    RegistrationFactory(event=started, name="Venter Vente", status="waiting")
    RegistrationFactory(event=started, name="Avlyst Avlysen", status="cancelled")
    page = client.get(url(started))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Åse Berg" in html and "Rullestol" in html and "Per Ås" in html
    assert "Venter" not in html and "Avlyst" not in html
    assert [p.name for p in page.context["participants"]] == ["Per Ås", "Åse Berg"]
    assert page.context["checked_in"] == 1
    assert "@media print" in html and 'class="checkin-box"' in html
    record = AuditRecord.objects.get()
    assert (record.action, record.what, record.subject, record.row_count) == (
        "export",
        "check-in list",
        "dorliste",
        2,
    )


def test_search_by_name_narrows_the_list(client, coordinator, started):
    RegistrationFactory(event=started, name="Åse Berg")
    RegistrationFactory(event=started, name="Per Ås")
    page = client.get(url(started), {"q": "berg"})
    assert [p.name for p in page.context["participants"]] == ["Åse Berg"]


def test_a_tap_checks_the_person_in_with_a_post_and_comes_back_to_the_list(
    client, coordinator, started
):
    person = RegistrationFactory(event=started, name="Åse Berg")
    page = client.get(url(started))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(url(started) + "?q=berg", {"registration": person.pk, "attended": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{url(started)}?q=berg#p-{person.pk}"
    person.refresh_from_db()
    assert person.attended is True
    # One row for the list seen, one for the change (with the person's log entry).
    assert list(AuditRecord.objects.order_by("pk").values_list("action", "what")) == [
        ("export", "check-in list"),
        ("change", "attendance: attended"),
    ]
    client.post(url(started), {"registration": person.pk, "attended": "0"})
    person.refresh_from_db()
    assert person.attended is False


def test_check_in_is_refused_before_the_event_starts(client, coordinator):
    ahead = EventFactory(starts_at=dt.datetime(2027, 5, 1, 8, 0, tzinfo=dt.UTC))
    person = RegistrationFactory(event=ahead)
    page = client.get(url(ahead))
    assert page.context["started"] is False
    assert 'name="attended"' not in page.content.decode()  # printable, no buttons yet
    response = client.post(url(ahead), {"registration": person.pk, "attended": "1"}, follow=True)
    person.refresh_from_db()
    assert person.attended is False
    with translation.override(settings.LANGUAGE_CODE):
        refusal = gettext(
            "Attendance can be marked only from the event's start: %(event)s starts %(date)s."
        )
    start = refusal.split(":")[0]
    assert start != refusal
    assert any(start in str(m) for m in response.context["messages"])
    assert not AuditRecord.objects.filter(action="change").exists()


def test_only_confirmed_people_of_this_event_can_be_checked_in(client, coordinator, started):
    elsewhere = RegistrationFactory(event=EventFactory(starts_at=started.starts_at))
    waiting = RegistrationFactory(event=started, status="waiting")
    for person in (elsewhere, waiting):
        response = client.post(url(started), {"registration": person.pk, "attended": "1"})
        assert response.status_code == 404
        person.refresh_from_db()
        assert person.attended is False
    assert client.post(url(started), {"registration": "x'; --"}).status_code == 302


def test_staff_without_the_attendance_permission_see_no_list(client, started):
    client.force_login(staff("view_event", "view_registration"))
    person = RegistrationFactory(event=started)
    assert client.get(url(started)).status_code == 403
    assert (
        client.post(url(started), {"registration": person.pk, "attended": "1"}).status_code == 403
    )
    person.refresh_from_db()
    assert person.attended is False
    assert not AuditRecord.objects.exists()
    page = client.get(reverse("admin:participation_event_change", args=[started.pk]))
    assert url(started) not in page.content.decode()


def test_the_event_page_links_to_the_check_in_list(client, coordinator, started):
    page = client.get(reverse("admin:participation_event_change", args=[started.pk]))
    assert url(started) in page.content.decode()
