"""Staff add a participant on someone's behalf from the event's admin page."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.models import AuditRecord
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kari Nordmann",
    "email": "kari@example.no",
    "organisation": "Bergen kommune",
    "organisation_type": "municipality",
    "municipality": "Bergen",
    "role": "",
    "needs": "Glutenfritt",
    "consent_by_email": "on",
}


def staff(*codenames):
    user = User.objects.create_user("koordinator", password="x" * 12, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def coordinator(client):
    user = staff("view_event", "view_registration", "add_registration")
    client.force_login(user)
    return user


def url(event):
    return reverse("admin:participation_event_add_participant", args=[event.pk])


def post(client, event, capture, **changes):
    with capture(execute=True):
        return client.post(url(event), {**FORM, **changes})


def admin_text(text: str) -> str:
    """`text` as the admin shows it (in LANGUAGE_CODE)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(text)


def test_the_event_page_links_to_add_participant(client, coordinator):
    event = EventFactory()
    page = client.get(reverse("admin:participation_event_change", args=[event.pk]))
    assert url(event) in page.content.decode()


def test_an_added_participant_is_confirmed_mailed_and_audited_once(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(slug="innspill")
    response = post(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?event__id__exact={event.pk}")
    person = Registration.objects.get()
    assert (person.status, person.needs) == ("confirmed", "Glutenfritt")
    assert person.consent_given == Registration.ConsentGiven.EMAIL_TO_STAFF
    assert person.consent_recorded_by == coordinator
    (message,) = mailoutbox
    assert message.to == ["kari@example.no"]
    assert [a[0] for a in message.attachments] == ["innspill.ics"]
    record = AuditRecord.objects.get()
    assert (record.action, record.subject, record.row_count) == ("change", "innspill", 1)
    assert "e-mail" in record.note


def test_a_full_event_puts_them_on_the_waiting_list_and_says_so(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    response = post(client, event, django_capture_on_commit_callbacks)
    assert Registration.objects.get(email="kari@example.no").status == "waiting"
    page = client.get(response["Location"])
    said = [str(m) for m in page.context["messages"]]
    assert said == [
        admin_text(
            "The event is full: %(name)s is on the waiting list. The e-mail to "
            "%(email)s says so; they move up when a seat becomes free."
        )
        % {"name": "Kari Nordmann", "email": "kari@example.no"}
    ]


def test_bad_input_shows_errors_next_to_fields_and_keeps_what_was_typed(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory()
    response = post(
        client, event, django_capture_on_commit_callbacks, email="not-an-address", municipality=""
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "municipality"}
    html = response.content.decode()
    assert 'value="Kari Nordmann"' in html and 'value="not-an-address"' in html
    assert not Registration.objects.exists() and not AuditRecord.objects.exists()


def test_without_the_consent_given_by_e_mail_nobody_is_added(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory()
    response = post(client, event, django_capture_on_commit_callbacks, consent_by_email="")
    assert "consent_by_email" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_an_address_already_registered_gets_the_services_answer(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    RegistrationFactory(event=event, email="kari@example.no", name="Kari")
    response = post(client, event, django_capture_on_commit_callbacks, email="KARI@example.no")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        admin_text(
            "This e-mail address is already registered for the event. "
            "We have sent the confirmation to it again."
        )
    ]
    assert event.registrations.count() == 1
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    assert AuditRecord.objects.get().action == "mail"


def test_a_full_event_without_waiting_list_refuses_next_to_the_form(
    client, coordinator, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, waiting_list=False)
    RegistrationFactory(event=event)
    response = post(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        admin_text("Sorry, this event is fully booked.")
    ]
    assert event.registrations.count() == 1
    assert not AuditRecord.objects.exists()


def test_staff_without_the_permission_are_refused(client, django_capture_on_commit_callbacks):
    client.force_login(staff("view_event", "view_registration", "change_registration"))
    event = EventFactory()
    assert client.get(url(event)).status_code == 403
    assert post(client, event, django_capture_on_commit_callbacks).status_code == 403
    assert not Registration.objects.exists()
    page = client.get(reverse("admin:participation_event_change", args=[event.pk]))
    assert url(event) not in page.content.decode()
