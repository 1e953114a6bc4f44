"""Exports: one row per response, one column per question, safe in Excel, permission and log."""

import csv
import io
import uuid

import pytest
from django.core import signals
from django.db import close_old_connections
from openpyxl import load_workbook

from core.models import AuditRecord
from surveys import services
from tests.surveys.factories import opt, q

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(survey):
    values = {
        q(survey, "who").pk: {"option": None, "other": '=HYPERLINK("http://evil")'},
        q(survey, "methods").pk: {
            "options": [opt(survey, "methods", 1).pk, opt(survey, "methods", 3).pk],
            "other": "",
        },
        q(survey, "size").pk: 250,
        q(survey, "board").pk: 0,
        q(survey, "skill").pk: 4,
        q(survey, "influence").pk: {opt(survey, "influence", 1).pk: 5},
        q(survey, "barriers").pk: "Økonomi, tid og @SUM(A1)",
    }
    services.response_submit(survey=survey, language="nb", token=uuid.uuid4(), values=values)
    return survey


def close_file(response):
    """Close the temporary file without request_finished closing the test's DB connection.

    (The test client does the same around the responses it closes itself.)
    """
    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


def read_csv(response):
    return b"".join(response.streaming_content).decode("utf-8")


def export(client, survey, file_format):
    return client.get(f"/django-admin/surveys/survey/{survey.pk}/export/{file_format}/")


def test_csv_has_one_column_per_question_option_and_item(exporter_client, answered):
    text = read_csv(export(exporter_client, answered, "csv"))

    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == [
        "submitted_on",
        "language",
        "who",
        "who_other",
        "methods_1",
        "methods_2",
        "methods_3",
        "methods_other",
        "size",
        "board",
        "skill",
        "influence_1",
        "influence_2",
        "name_of_area",
        "barriers",
    ]
    assert (row["methods_1"], row["methods_2"], row["methods_3"]) == ("1", "0", "1")
    assert (row["size"], row["board"], row["skill"], row["influence_1"]) == ("250", "0", "4", "5")
    assert row["influence_2"] == "" and row["who"] == ""
    assert row["language"] == "nb"
    assert row["barriers"] == "Økonomi, tid og @SUM(A1)"


def test_csv_neutralises_formulas(exporter_client, answered):
    text = read_csv(export(exporter_client, answered, "csv"))
    assert "'=HYPERLINK" in text


def test_semicolon_csv_for_danish_and_norwegian_excel(exporter_client, answered):
    text = read_csv(export(exporter_client, answered, "csv-semicolon"))
    assert text.lstrip("\ufeff").startswith("submitted_on;language;who;")


def test_xlsx_keeps_numbers_as_numbers_and_formulas_as_text(exporter_client, answered):
    response = export(exporter_client, answered, "xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    close_file(response)

    assert book.sheetnames == ["Svar", "Kodebog"]  # the admin speaks Danish
    sheet = book["Svar"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, list(sheet[2]), strict=True))
    assert row["size"].value == 250 and row["size"].data_type == "n"
    assert row["who_other"].value == '=HYPERLINK("http://evil")'
    assert row["who_other"].data_type == "s"
    codebook = [[c.value for c in r] for r in book["Kodebog"].iter_rows()]
    assert ["who", None, None, 1, "Kommune"] in codebook


def test_export_has_no_identifying_columns(exporter_client, answered):
    header = read_csv(export(exporter_client, answered, "csv")).splitlines()[0].lower()
    for word in ("id", "ip", "agent", "user", "session", "time", "email", "code"):
        assert word not in header.lstrip("\ufeff").split(",")


def test_staff_without_the_export_permission_cannot_export(staff_client, answered):
    assert export(staff_client, answered, "csv").status_code == 403
    assert export(staff_client, answered, "xlsx").status_code == 403  # before any file
    assert not AuditRecord.objects.exists()


def test_every_export_is_recorded(exporter_client, exporter, answered):
    close_file(export(exporter_client, answered, "xlsx"))
    log = AuditRecord.objects.get()
    assert (log.user, log.subject, log.file_format, log.row_count) == (
        exporter,
        answered.slug,
        "xlsx",
        1,
    )


CONTACTS_URL = "/django-admin/surveys/seminarcontact/export/csv/"


def test_invitation_contacts_export_needs_the_permission(staff_client, survey):
    services.seminar_contact_create(survey=survey, name="Kari", email="kari@example.no")
    assert staff_client.get(CONTACTS_URL).status_code == 403


def test_invitation_contacts_export_is_recorded(exporter_client, survey):
    services.seminar_contact_create(survey=survey, name="Kari", email="kari@example.no")
    services.pool_flush(survey=survey, remainder=True)
    text = read_csv(exporter_client.get(CONTACTS_URL))
    assert "kari@example.no" in text
    assert AuditRecord.objects.get().what == "seminar contacts"


def test_a_response_without_answers_is_still_one_row(exporter_client, answered):
    services.response_submit(survey=answered, language="en", token=uuid.uuid4(), values={})
    rows = list(
        csv.DictReader(
            io.StringIO(read_csv(export(exporter_client, answered, "csv")).lstrip("\ufeff"))
        )
    )
    assert sorted(r["language"] for r in rows) == ["en", "nb"]
    empty = next(r for r in rows if r["language"] == "en")
    assert empty["methods_1"] == "" and empty["size"] == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_abandoned_download_stops_reading_and_frees_the_connection(requires_postgres, survey):
    from django.db import connection
    from django.utils import timezone

    from surveys.exports import survey_export_columns, survey_export_rows
    from surveys.models import Response

    Response.objects.bulk_create(
        Response(survey=survey, submitted_on=timezone.localdate(), language="da")
        for _ in range(5000)
    )
    columns = survey_export_columns(survey=survey)
    rows = survey_export_rows(survey=survey, columns=columns)
    assert len(next(rows)) == len(columns) + 2
    rows.close()  # the visitor went away after the first rows
    assert not connection.in_atomic_block
    assert survey.responses.count() == 5000
