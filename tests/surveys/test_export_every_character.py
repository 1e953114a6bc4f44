"""A response holding every kind of character still exports to files Excel opens."""

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook

from surveys.models import Answer, Response, SeminarContact
from tests.characters import every_character_class
from tests.surveys.factories import make_responses, q

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(survey):
    """Stored straight in the database, as older answers (before the form cleaned) are."""
    text = every_character_class()
    (response,) = make_responses(survey, 1)
    Answer.objects.create(response=response, question=q(survey, "barriers"), text=text)
    Answer.objects.create(response=response, question=q(survey, "name_of_area"), text="=" + text)
    SeminarContact.objects.create(
        id=uuid.uuid4(), survey=survey, name=text, email="a@example.org", organisation=text
    )
    return survey


def _download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_survey_xlsx_opens_with_every_character(exporter_client, stored):
    data = _download(exporter_client, f"/django-admin/surveys/survey/{stored.pk}/export/xlsx/")
    sheet = load_workbook(io.BytesIO(data)).active
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert any("Æble, øl og å" in v and "\U0001f642" in v for v in values)
    assert not any("\ufffe" in v or "\uffff" in v for v in values)
    assert Response.objects.count() == 1


@pytest.mark.parametrize("file_format,delimiter", [("csv", ","), ("csv-semicolon", ";")])
def test_survey_csv_keeps_every_character_excel_can_show(
    exporter_client, stored, file_format, delimiter
):
    data = _download(
        exporter_client, f"/django-admin/surveys/survey/{stored.pk}/export/{file_format}/"
    )
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    cells = [cell for cell in rows[1] if "Æble" in cell]
    assert len(cells) == 2 and any(cell.startswith("'=") for cell in cells)
    assert "\ufffe" not in text and "\x01" not in text


def test_contacts_csv_keeps_every_character_excel_can_show(exporter_client, stored):
    text = _download(exporter_client, "/django-admin/surveys/seminarcontact/export/csv/").decode()
    assert "Æble, øl og å" in text and "\uffff" not in text
