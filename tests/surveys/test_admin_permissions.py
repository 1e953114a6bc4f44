"""Survey admin: exports need their own permission, formats are checked, actions are audited."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from core.models import AuditRecord
from surveys import services
from surveys.models import InvitationCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(survey):
    made = services.invitation_codes_generate(survey=survey, count=3)
    for n, code in enumerate(made):
        code.email = f"person{n}@example.org"
        code.save()
    return made


def staff_with(*codenames):
    user = User.objects.create_user("member", password="x" * 12, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)


def test_staff_without_the_export_permission_are_refused_the_invitation_code_export(
    client, survey, codes
):
    # Everything about invitation codes, surveys included, except taking the addresses out.
    client.force_login(
        staff_with(
            "view_survey",
            "change_survey",
            "export_responses",
            "view_invitationcode",
            "add_invitationcode",
            "change_invitationcode",
            "send_invitationcode",
        )
    )
    url = reverse("admin:surveys_survey_codes", args=[survey.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="export"' not in page.content.decode()
    refused = client.post(url, {"export": "1"})
    assert refused.status_code == 403
    assert b"person0@example.org" not in refused.content
    assert not AuditRecord.objects.exists()


def test_staff_with_the_export_permission_get_the_invitation_codes(client, survey, codes):
    client.force_login(staff_with("view_invitationcode", "export_invitationcode"))
    response = client.post(reverse("admin:surveys_survey_codes", args=[survey.pk]), {"export": "1"})
    assert "person0@example.org" in b"".join(response.streaming_content).decode("utf-8")
    record = AuditRecord.objects.get()
    assert (record.what, record.row_count, record.file_format) == ("invitation codes", 3, "csv")


def test_the_seminar_contact_export_needs_the_view_permission_too(client, survey):
    services.seminar_contact_create(survey=survey, name="Kari", email="kari@example.no")
    client.force_login(staff_with("export_seminarcontact"))
    url = reverse("admin:surveys_seminarcontact_export", args=["csv"])
    assert client.get(url).status_code == 403
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize("file_format", ["pdf", "csv;", "x" * 40, "CSV"])
def test_an_unknown_survey_export_format_is_a_400(exporter_client, survey, file_format):
    url = reverse("admin:surveys_survey_export", args=[survey.pk, file_format])
    response = exporter_client.get(url)
    assert response.status_code == 400
    assert "xlsx" in response.content.decode()
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize("file_format", ["pdf", "x" * 40])
def test_an_unknown_contact_export_format_is_a_400(exporter_client, survey, file_format):
    services.seminar_contact_create(survey=survey, name="Kari", email="kari@example.no")
    url = reverse("admin:surveys_seminarcontact_export", args=[file_format])
    assert exporter_client.get(url).status_code == 400
    assert not AuditRecord.objects.exists()


def test_erasing_code_contacts_is_audited_once_and_names_nobody(admin_client, survey, codes):
    admin_client.post(
        reverse("admin:surveys_invitationcode_changelist"),
        {"action": "erase_contact_details", "_selected_action": [c.pk for c in codes]},
    )
    assert not InvitationCode.objects.exclude(email="").exists()
    record = AuditRecord.objects.get()
    assert (record.action, record.row_count) == ("erase", 3)
    assert "example.org" not in f"{record.what} {record.subject} {record.note}"


def test_sending_invitations_is_one_audit_row_for_the_whole_mailing(
    admin_client, survey, codes, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:surveys_invitationcode_changelist"),
            {"action": "send_invitations", "_selected_action": [c.pk for c in codes]},
        )
    assert len(mailoutbox) == 3
    record = AuditRecord.objects.get()
    assert (record.action, record.what, record.row_count) == ("mail", "survey invitations", 3)
