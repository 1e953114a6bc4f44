"""Seminar contacts and invitation codes: named files, the admin's headings, one audit row."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRecord
from surveys import services
from surveys.models import InvitationCode, SeminarContact
from tests.surveys.test_survey_export import close_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(survey):
    SeminarContact.objects.create(
        survey=survey, name="Åse Ødegård", email="ase@example.no", organisation="|Ærø bolig"
    )


def contacts_export(client, file_format):
    url = reverse("admin:surveys_seminarcontact_export", kwargs={"file_format": file_format})
    response = client.get(url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    close_file(response)
    return response, data


def test_contacts_come_in_comma_semicolon_and_excel_with_own_names(exporter_client, contacts):
    today = timezone.localdate().isoformat()
    expected = {
        "csv": f"seminar-contacts-{today}.csv",
        "csv-semicolon": f"seminar-contacts-semicolon-{today}.csv",
        "xlsx": f"seminar-contacts-{today}.xlsx",
    }
    for file_format, name in expected.items():
        response, data = contacts_export(exporter_client, file_format)
        assert response["Content-Disposition"] == (
            f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
        )
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [
        ("Navn", "E-mail", "Organisation"),
        ("Åse Ødegård", "ase@example.no", "|Ærø bolig"),
    ]
    assert [r.file_format for r in AuditRecord.objects.order_by("pk")] == list(expected)


def test_contact_headings_follow_the_admin_language(exporter_client, contacts, settings):
    settings.LANGUAGE_CODE = "en"
    _, data = contacts_export(exporter_client, "csv-semicolon")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [
        ["Name", "E-mail", "Organisation"],
        ["Åse Ødegård", "ase@example.no", "'\\|Ærø bolig"],
    ]


def test_contacts_need_the_export_permission(staff_client, contacts):
    for file_format in ("csv", "csv-semicolon", "xlsx"):
        url = reverse("admin:surveys_seminarcontact_export", kwargs={"file_format": file_format})
        assert staff_client.get(url).status_code == 403
    assert not AuditRecord.objects.exists()


def test_code_export_is_named_translated_and_recorded_once(exporter_client, exporter, survey):
    InvitationCode.objects.create(
        survey=survey, code="ABCD2345", organisation="=Ærø", email="a@b.dk"
    )
    url = reverse("admin:surveys_survey_codes", kwargs={"pk": survey.pk})
    response = exporter_client.post(url, {"export": "1"})
    data = b"".join(response.streaming_content)
    name = f"{survey.slug}-codes-{timezone.localdate().isoformat()}.csv"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Kode", "Link", "Organisation", "E-mail", "Brugt (1 = ja)"]
    assert rows[1][0] == "ABCD2345" and rows[1][2] == "'=Ærø"
    log = AuditRecord.objects.get()
    assert (log.user, log.what, log.row_count) == (exporter, "invitation codes", 1)


def test_code_export_needs_its_permission(staff_client, survey):
    services.invitation_codes_generate(survey=survey, count=1)
    url = reverse("admin:surveys_survey_codes", kwargs={"pk": survey.pk})
    assert staff_client.post(url, {"export": "1"}).status_code == 403
    assert not AuditRecord.objects.exists()
