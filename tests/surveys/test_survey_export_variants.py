"""Survey exports researchers open directly: labels, coded, codebook, SPSS, Stata.

Each variant is read back the way its user would (csv with the BOM, openpyxl,
pyreadstat) and compared with the others; every file is named
`<survey>-<variant>-<date>.<ext>` and every download writes one audit row.
"""

import csv
import io
import uuid

import pyreadstat
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from core.models import AuditRecord
from surveys import services
from tests.surveys.factories import opt, q
from tests.surveys.test_survey_export import close_file

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil")'


@pytest.fixture
def answered(survey):
    services.response_submit(
        survey=survey,
        language="nb",
        token=uuid.uuid4(),
        values={
            q(survey, "who").pk: {"option": None, "other": FORMULA},
            q(survey, "methods").pk: {
                "options": [opt(survey, "methods", 1).pk, opt(survey, "methods", 3).pk],
                "other": "",
            },
            q(survey, "size").pk: 250,
            q(survey, "board").pk: 0,
            q(survey, "skill").pk: 4,
            q(survey, "influence").pk: {opt(survey, "influence", 1).pk: 5},
            q(survey, "barriers").pk: "Økonomi, tid og @SUM(A1)",
        },
    )
    services.response_submit(
        survey=survey,
        language="da",
        token=uuid.uuid4(),
        values={
            q(survey, "who").pk: {"option": opt(survey, "who", 2).pk, "other": ""},
            q(survey, "board").pk: 1,
            q(survey, "name_of_area").pk: "Æblegården, Ørestad og Århus",
        },
    )
    return survey


def download(client, survey, variant, file_format):
    url = reverse(
        "admin:surveys_survey_export_variant",
        kwargs={"pk": survey.pk, "variant": variant, "file_format": file_format},
    )
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    data = b"".join(response.streaming_content)
    close_file(response)
    return response, data


def csv_rows(data, delimiter=","):
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def as_dicts(rows):
    """(the Norwegian response, the Danish one): both were sent on one day, so their
    order in the file is the random order of their keys."""
    dicts = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return sorted(dicts, key=lambda d: d[rows[0][1]] in ("da", "Dansk", "Danish"))


def test_labels_csv_has_question_texts_and_option_labels(exporter_client, answered):
    rows = csv_rows(download(exporter_client, answered, "labels", "csv")[1])

    assert rows[0][:5] == [
        "Dato for indsendelse",
        "Sprog",
        "Hvem er I?",
        "Hvem er I? – Andet, angiv venligst",
        "Metoder? – Møder",
    ]
    assert "Indflydelse på … – vedligehold" in rows[0]
    nb, da = as_dicts(rows)
    assert nb["Sprog"] == "Norsk bokmål" and da["Sprog"] == "Dansk"
    assert da["Hvem er I?"] == "Udlejer"  # the option's label, not its code 2
    assert (nb["Metoder? – Møder"], nb["Metoder? – Spørgeskemaer"]) == ("valgt", "ikke valgt")
    assert da["Metoder? – Møder"] == ""  # not answered: neither chosen nor not chosen
    assert (nb["Har I en beboerbestyrelse?"], da["Har I en beboerbestyrelse?"]) == ("nej", "ja")
    assert nb["Kompetence?"] == "4"  # a scale value stays a number Excel can average
    assert nb["Antal boliger?"] == "250"
    assert da["Område?"] == "Æblegården, Ørestad og Århus"


def test_labels_csv_neutralises_formulas(exporter_client, answered):
    nb, _ = as_dicts(csv_rows(download(exporter_client, answered, "labels", "csv")[1]))
    assert nb["Hvem er I? – Andet, angiv venligst"] == "'" + FORMULA
    assert nb["Barrierer?"] == "Økonomi, tid og @SUM(A1)"  # only a leading sign is risky


def test_labels_semicolon_csv_for_excel(exporter_client, answered):
    response, data = download(exporter_client, answered, "labels", "csv-semicolon")
    rows = csv_rows(data, delimiter=";")
    assert rows[0][2] == "Hvem er I?" and len(rows) == 3


def test_labels_xlsx_round_trips_letters_and_keeps_formulas_as_text(exporter_client, answered):
    _, data = download(exporter_client, answered, "labels", "xlsx")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Svar", "Kodebog"]
    sheet = book["Svar"]
    header = [c.value for c in sheet[1]]
    nb, da = sorted(
        (dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)),
        key=lambda d: d["Sprog"].value == "Dansk",
    )
    other = nb["Hvem er I? – Andet, angiv venligst"]
    assert other.value == FORMULA and other.data_type == "s"
    assert da["Område?"].value == "Æblegården, Ørestad og Århus"
    assert da["Hvem er I?"].value == "Udlejer"
    assert nb["Antal boliger?"].value == 250 and nb["Antal boliger?"].data_type == "n"


def test_headings_follow_the_staff_members_admin_language(exporter_client, answered, settings):
    # The Django admin's language is the request's active one (LANGUAGE_CODE there).
    settings.LANGUAGE_CODE = "en"
    rows = csv_rows(download(exporter_client, answered, "labels", "csv")[1])
    assert rows[0][:4] == [
        "Date submitted",
        "Language",
        "Who are you?",
        "Who are you? – Other, please state",
    ]
    assert as_dicts(rows)[1]["Who are you?"] == "Udlejer"  # the option's "English" label


def test_headings_follow_the_language_the_staff_member_chose(exporter_client, exporter, answered):
    """The preference from the Wagtail admin (Account, Preferences) holds in the Django
    admin too: the site's language stays Danish, this analyst reads English."""
    profile = UserProfile.get_for_user(exporter)
    profile.preferred_language = "en"
    profile.save()
    rows = csv_rows(download(exporter_client, answered, "labels", "csv")[1])
    assert rows[0][:3] == ["Date submitted", "Language", "Who are you?"]
    index = exporter_client.get(reverse("admin:index"))
    assert "Site administration" in index.content.decode()


def test_a_survey_without_the_admin_language_keeps_one_language(
    exporter_client, answered, settings
):
    settings.LANGUAGE_CODE = "en"
    answered.extra_languages = ""
    answered.save()
    rows = csv_rows(download(exporter_client, answered, "labels", "csv")[1])
    # Danish questions, so Danish headings too: never a mix in one file.
    assert rows[0][:3] == ["Dato for indsendelse", "Sprog", "Hvem er I?"]


def test_codebook_is_its_own_download(exporter_client, answered):
    response, data = download(exporter_client, answered, "codebook", "csv")
    rows = csv_rows(data)
    assert rows[0] == ["Kolonne", "Spørgsmål", "Type", "Værdier", "Etiket"]
    assert ["who", "", "", "2", "Udlejer"] in rows
    assert [
        "methods_1",
        "Metoder? – Møder",
        "Flere valg",
        "0/1",
        "1 = valgt, 0 = ikke valgt",
    ] in rows
    skill = next(r for r in rows if r[0] == "skill")
    assert skill[3:] == ["1–5", "1 = Meget lav; 5 = Meget høj"]
    _, data = download(exporter_client, answered, "codebook", "xlsx")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Kodebog"]
    assert ["who", None, None, 2, "Udlejer"] in [
        [c.value for c in r] for r in book["Kodebog"].iter_rows()
    ]


def test_every_file_has_its_own_dated_name(exporter_client, answered):
    today = timezone.localdate().isoformat()
    slug = answered.slug
    expected = {
        ("coded", "csv"): f"{slug}-coded-{today}.csv",
        ("coded", "csv-semicolon"): f"{slug}-coded-semicolon-{today}.csv",
        ("coded", "xlsx"): f"{slug}-coded-{today}.xlsx",
        ("coded", "sav"): f"{slug}-coded-{today}.sav",
        ("coded", "dta"): f"{slug}-coded-{today}.dta",
        ("labels", "csv"): f"{slug}-labels-{today}.csv",
        ("labels", "csv-semicolon"): f"{slug}-labels-semicolon-{today}.csv",
        ("labels", "xlsx"): f"{slug}-labels-{today}.xlsx",
        ("codebook", "csv"): f"{slug}-codebook-{today}.csv",
        ("codebook", "csv-semicolon"): f"{slug}-codebook-semicolon-{today}.csv",
        ("codebook", "xlsx"): f"{slug}-codebook-{today}.xlsx",
    }
    for (variant, file_format), name in expected.items():
        response, _ = download(exporter_client, answered, variant, file_format)
        assert response["Content-Disposition"] == (
            f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
        )
    assert AuditRecord.objects.count() == len(expected)  # one row per download


def test_unknown_variant_or_format_is_a_clear_400(exporter_client, answered):
    for variant, file_format in [("labels", "sav"), ("codebook", "dta"), ("raw", "csv")]:
        url = reverse(
            "admin:surveys_survey_export_variant",
            kwargs={"pk": answered.pk, "variant": variant, "file_format": file_format},
        )
        response = exporter_client.get(url)
        assert response.status_code == 400
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("variant", "file_format"),
    [
        ("labels", "csv"),
        ("labels", "xlsx"),
        ("codebook", "csv"),
        ("coded", "sav"),
        ("coded", "dta"),
    ],
)
def test_every_variant_needs_the_export_permission(staff_client, answered, variant, file_format):
    url = reverse(
        "admin:surveys_survey_export_variant",
        kwargs={"pk": answered.pk, "variant": variant, "file_format": file_format},
    )
    assert staff_client.get(url).status_code == 403
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("variant", "file_format", "what"),
    [
        ("labels", "csv-semicolon", "survey responses"),
        ("coded", "sav", "survey responses"),
        ("coded", "dta", "survey responses"),
        ("codebook", "xlsx", "survey codebook"),
    ],
)
def test_every_variant_writes_one_audit_row(
    exporter_client, exporter, answered, variant, file_format, what
):
    download(exporter_client, answered, variant, file_format)
    log = AuditRecord.objects.get()
    assert (log.user, log.what, log.subject, log.file_format, log.note) == (
        exporter,
        what,
        answered.slug,
        file_format,
        variant,
    )
    if variant != "codebook":
        assert log.row_count == 2


def _read_statistics(data, file_format, tmp_path):
    path = tmp_path / f"export.{file_format}"
    path.write_bytes(data)
    read = pyreadstat.read_sav if file_format == "sav" else pyreadstat.read_dta
    return read(str(path), output_format="dict")


@pytest.mark.parametrize("file_format", ["sav", "dta"])
def test_spss_and_stata_files_hold_the_csv_values_and_labels(
    exporter_client, answered, file_format, tmp_path
):
    coded = csv_rows(download(exporter_client, answered, "coded", "csv")[1])
    labels = csv_rows(download(exporter_client, answered, "labels", "csv")[1])
    _, data = download(exporter_client, answered, "coded", file_format)
    values, meta = _read_statistics(data, file_format, tmp_path)

    assert meta.column_names == coded[0]  # the keys are valid names already
    assert meta.column_labels[2:] == labels[0][2:]  # the questions, as in the labels export
    assert meta.number_rows == 2
    for n, name in enumerate(coded[0]):
        for row, cell in enumerate(r[n] for r in coded[1:]):
            value = values[name][row]
            if name == "submitted_on":
                assert value.isoformat() == cell
            elif value is None:  # a missing number
                assert cell == "", name
            elif isinstance(value, float):
                assert value == float(cell), name
            else:
                # Text as typed: the CSV's quote before a formula is the only difference.
                assert value in (cell, cell.removeprefix("'")), name
    # Value labels are the labels export's values.
    for n, name in enumerate(coded[0]):
        labels_of = meta.variable_value_labels.get(name)
        if not labels_of or name.startswith(("skill", "influence")):
            continue
        for row in range(2):
            code = coded[row + 1][n]
            if code:
                assert labels_of[float(code)] == labels[row + 1][n], name
    assert meta.variable_value_labels["skill"] == {1: "Meget lav", 5: "Meget høj"}
    assert "Æblegården, Ørestad og Århus" in values["name_of_area"]
    assert FORMULA in values["who_other"]


@pytest.mark.parametrize("file_format", ["sav", "dta"])
def test_statistics_files_take_keys_no_program_accepts_and_long_texts(
    exporter_client, answered, file_format, tmp_path
):
    q(answered, "size").__class__.objects.filter(pk=q(answered, "size").pk).update(key="to")
    q(answered, "barriers").__class__.objects.filter(pk=q(answered, "barriers").pk).update(
        key="1-barriers", text_da="Hvad står i vejen? " + "æøå " * 100
    )
    _, data = download(exporter_client, answered, "coded", file_format)
    values, meta = _read_statistics(data, file_format, tmp_path)
    assert "v_to" in meta.column_names and "v_1_barriers" in meta.column_names
    assert sorted(values["v_to"], key=str) == [250, None]
    label = meta.column_names_to_labels["v_1_barriers"]
    assert label.startswith("Hvad står i vejen? æøå") and "\ufffd" not in label


def test_a_survey_without_responses_still_exports(exporter_client, survey, tmp_path):
    for file_format in ("sav", "dta"):
        _, data = download(exporter_client, survey, "coded", file_format)
        values, meta = _read_statistics(data, file_format, tmp_path)
        assert meta.number_rows in (0, None)


def test_export_page_needs_the_export_permission(staff_client, answered):
    url = reverse("admin:surveys_survey_export_page", kwargs={"pk": answered.pk})
    assert staff_client.get(url).status_code == 403
    for url in (
        reverse("admin:surveys_survey_change", args=[answered.pk]),
        reverse("admin:surveys_survey_results", kwargs={"pk": answered.pk}),
    ):
        assert "/export/" not in staff_client.get(url).content.decode()


def test_export_page_lists_every_variant(exporter_client, answered):
    url = reverse("admin:surveys_survey_export_page", kwargs={"pk": answered.pk})
    page = exporter_client.get(url).content.decode()
    for variant, file_format in [
        ("labels", "csv"),
        ("labels", "csv-semicolon"),
        ("labels", "xlsx"),
        ("coded", "xlsx"),
        ("coded", "sav"),
        ("coded", "dta"),
        ("codebook", "csv"),
    ]:
        assert f"/export/{variant}/{file_format}/" in page
    assert "Etiketter" in page and "Kodebog" in page
    assert not AuditRecord.objects.exists()  # the page itself exports nothing


def test_survey_page_and_results_have_one_export_link(exporter_client, answered):
    export_page = reverse("admin:surveys_survey_export_page", kwargs={"pk": answered.pk})
    for url in (
        reverse("admin:surveys_survey_change", args=[answered.pk]),
        reverse("admin:surveys_survey_results", kwargs={"pk": answered.pk}),
    ):
        page = exporter_client.get(url).content.decode()
        assert page.count(f'href="{export_page}"') == 1
        assert "/export/csv/" not in page and "/export/xlsx/" not in page


@pytest.mark.parametrize("sign", ["=", "+", "-", "@", "\t", "\r", "|", "%"])
def test_labels_guard_formulas_in_question_texts_and_option_labels(exporter_client, answered, sign):
    # Staff write the texts that become headings and values of the labels export.
    q(answered, "who").__class__.objects.filter(pk=q(answered, "who").pk).update(
        text_da=sign + "Hvem"
    )
    label = opt(answered, "who", 2)
    label.label_da = sign + "Udlejer"
    label.save()

    rows = csv_rows(download(exporter_client, answered, "labels", "csv")[1])
    assert rows[0][2].startswith("'") and rows[0][2].endswith("Hvem")
    da = as_dicts(rows)[1]
    assert da[rows[0][2]].startswith("'") and da[rows[0][2]].endswith("Udlejer")

    _, data = download(exporter_client, answered, "labels", "xlsx")
    sheet = load_workbook(io.BytesIO(data))["Svar"]
    header = sheet.cell(row=1, column=3)
    assert header.value == sign + "Hvem" and header.data_type == "s"
    cells = [sheet.cell(row=r, column=3) for r in (2, 3)]
    assert sign + "Udlejer" in [c.value for c in cells]
    assert all(c.data_type == "s" for c in cells if c.value)


def test_labels_stay_in_the_exports_language_while_the_file_streams(exporter_client, answered):
    url = reverse(
        "admin:surveys_survey_export_variant",
        kwargs={"pk": answered.pk, "variant": "labels", "file_format": "csv"},
    )
    response = exporter_client.get(url)
    # The rows are read after the view returned, maybe in another thread and language.
    with translation.override("en"):
        rows = csv_rows(b"".join(response.streaming_content))
    nb, _ = as_dicts(rows)
    assert (nb["Metoder? – Møder"], nb["Sprog"]) == ("valgt", "Norsk bokmål")
