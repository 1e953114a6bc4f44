"""The seminar-contact export opens in a Danish Excel: semicolons, BOM, header, æøå."""

import csv
import io

import pytest
from django.urls import reverse

from surveys.models import SeminarContact

pytestmark = pytest.mark.django_db


def _export(client, file_format):
    url = reverse("admin:surveys_seminarcontact_export", kwargs={"file_format": file_format})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


@pytest.fixture
def contacts(survey):
    SeminarContact.objects.create(
        survey=survey, name="Åse Ødegård", email="ase@example.no", organisation="Ærø; Bolig"
    )
    SeminarContact.objects.create(
        survey=survey, name="=Bjørn", email="bjorn@example.dk", organisation="Æblegården"
    )


def test_semicolon_export_is_what_a_danish_excel_opens(exporter_client, contacts):
    content = _export(exporter_client, "csv-semicolon")

    # UTF-8 BOM first; the headings in the admin's language (Danish here)
    assert content.startswith(b"\xef\xbb\xbfNavn;E-mail;Organisation\r\n")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [
        ["Navn", "E-mail", "Organisation"],
        ["'=Bjørn", "bjorn@example.dk", "Æblegården"],  # never a formula
        ["Åse Ødegård", "ase@example.no", "Ærø; Bolig"],  # the semicolon kept inside quotes
    ]
    assert b'"\xc3\x86r\xc3\xb8; Bolig"' in content


def test_comma_export_uses_commas(exporter_client, contacts):
    content = _export(exporter_client, "csv")

    assert content.startswith(b"\xef\xbb\xbfNavn,E-mail,Organisation\r\n")
    assert "Åse Ødegård,ase@example.no,Ærø; Bolig\r\n" in content.decode("utf-8")
