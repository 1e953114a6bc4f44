import pytest
from django.urls import reverse

from participation import services
from participation.models import Invitation
from tests.participation.factories import EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db


def test_nobody_is_invited_twice(mailoutbox, django_capture_on_commit_callbacks):
    series = EventSeriesFactory(language="nb")
    EventFactory(series=series)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.invitations_send(
            series=series,
            contacts=[{"email": "a@kommune.no", "name": "A"}, {"email": "A@Kommune.no"}],
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = services.invitations_send(
            series=series, contacts=[{"email": "a@kommune.no"}, {"email": "b@kommune.no"}]
        )
    assert first.invited == ["a@kommune.no"]
    assert second.invited == ["b@kommune.no"] and second.skipped == ["a@kommune.no"]
    assert sorted(m.to[0] for m in mailoutbox) == ["a@kommune.no", "b@kommune.no"]
    assert mailoutbox[0].subject.startswith("Invitasjon")
    assert Invitation.objects.count() == 2


def test_admin_invites_survey_contacts_and_pasted_addresses(
    client, admin_user, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        "participation.admin.seminar_invitation_contacts",
        lambda: [{"name": "Ola", "email": "ola@bergen.kommune.no", "organisation": "Bergen"}],
    )
    series = EventSeriesFactory()
    client.force_login(admin_user)
    url = reverse("admin:participation_eventseries_invite", args=[series.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "include_survey_contacts": "on",
                "addresses": "x@oslo.kommune.no\nola@bergen.kommune.no",
            },
        )
    assert response.status_code == 302
    invited = Invitation.objects.filter(series=series)
    assert sorted(invited.values_list("email", flat=True)) == [
        "ola@bergen.kommune.no",
        "x@oslo.kommune.no",
    ]
    assert invited.get(email="ola@bergen.kommune.no").organisation == "Bergen"
    assert invited.first().invited_by == admin_user
    assert len(mailoutbox) == 2


def test_each_contact_is_invited_once_with_name_and_organisation(
    mailoutbox, django_capture_on_commit_callbacks
):
    series = EventSeriesFactory(language="nb")
    contacts = [
        {"name": "Uden adresse"},
        {"email": "", "name": "Tom"},
        {"email": "ola@bergen.kommune.no", "name": "Ola " + "N" * 300, "organisation": "B" * 300},
        {"email": "OLA@bergen.kommune.no", "name": "Ola igen"},
        {"email": "kari@oslo.kommune.no"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = services.invitations_send(series=series, contacts=contacts)

    assert (result.invited, result.skipped) == (
        ["ola@bergen.kommune.no", "kari@oslo.kommune.no"],
        [],
    )
    ola = Invitation.objects.get(email="ola@bergen.kommune.no")
    assert (ola.name, ola.organisation) == (("Ola " + "N" * 300)[:200], "B" * 200)
    kari = Invitation.objects.get(email="kari@oslo.kommune.no")
    assert (kari.name, kari.organisation) == ("", "")
    assert sorted(m.to[0] for m in mailoutbox) == ["kari@oslo.kommune.no", "ola@bergen.kommune.no"]
