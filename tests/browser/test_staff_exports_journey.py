"""Journey 5: staff read the survey results in Django's admin and download the exports,
and the files open with the expected rows and æøå intact.

Downloads go through Playwright's download API, as a browser saves them; CSV files are
parsed with the csv module (UTF-8 with a BOM, for Excel), xlsx files with openpyxl. A
staff member without the export permission sees the results but cannot export them.
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.text import capfirst
from openpyxl import load_workbook
from playwright.sync_api import expect

from surveys.models import Survey
from tests.browser.forms import TEXT_ANSWER
from tests.browser.journeys import (
    SURVEY_SLUG,
    answer_survey,
    exactly,
    open_demo_event,
    sign_up,
    tr,
)

pytestmark = pytest.mark.browser

PASSWORD = "hemmeligt-ord-2"
# The free-text question of the source survey; its column carries the typed æøå.
FREE_TEXT_COLUMN = "hindringer"


def log_in(new_context, username) -> tuple:
    """A staff member's page on the admin index, and the admin's language."""
    page = new_context().new_page()
    page.goto("/django-admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/django-admin/")
    return page, page.locator("html").get_attribute("lang")


def open_model_list(page, name_plural):
    """From the admin index to a model's list (the app's own heading links elsewhere)."""
    page.get_by_role("rowheader", name=exactly(capfirst(name_plural))).get_by_role("link").click()


def open_survey_results(page, language):
    open_model_list(page, tr(language, "surveys"))
    page.get_by_role("link", name=exactly(Survey.objects.get(slug=SURVEY_SLUG).title)).click()
    page.get_by_role("link", name=exactly(tr(language, "Results"))).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        Survey.objects.get(slug=SURVEY_SLUG).title
    )


def download(page, click) -> bytes:
    with page.expect_download() as info:
        click()
    return info.value.path().read_bytes()


def read_csv(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so Excel shows æøå"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))
    assert len(rows[0]) > 5 and all(len(row) == len(rows[0]) for row in rows), rows
    return rows


def test_staff_download_survey_results_that_open_with_every_response_and_aeoeaa(new_context):
    for _ in range(2):  # two respondents, answering every question
        answer_survey(new_context().new_page(), mistake=False)
    get_user_model().objects.create_superuser("stab", "stab@example.org", PASSWORD)
    page, language = log_in(new_context, "stab")
    open_survey_results(page, language)

    # One "Export" link leads to the page with every variant and format.
    page.get_by_role("link", name=exactly(tr(language, "Export"))).click()

    def variant(title):
        heading = page.get_by_role("heading", name=exactly(tr(language, title)))
        return page.locator(".module").filter(has=heading)

    coded = variant("Coded")
    for label, delimiter in (
        ("CSV, comma", ","),
        ("CSV, semicolon (Excel in Danish or Norwegian)", ";"),
    ):
        link = coded.get_by_role("link", name=exactly(tr(language, label)))
        header, *rows = read_csv(download(page, link.click), delimiter)
        assert len(rows) == 2, label
        assert [row[header.index(FREE_TEXT_COLUMN)] for row in rows] == [TEXT_ANSWER] * 2

    link = coded.get_by_role("link", name=exactly(tr(language, "Excel")))
    workbook = load_workbook(io.BytesIO(download(page, link.click)), read_only=True)
    responses, codebook = workbook.worksheets
    header, *rows = responses.iter_rows(values_only=True)
    assert len(rows) == 2
    assert [row[header.index(FREE_TEXT_COLUMN)] for row in rows] == [TEXT_ANSWER] * 2
    codebook_cells = {cell for row in codebook.iter_rows(values_only=True) for cell in row}
    assert "Færre enn 100" in codebook_cells, "the option labels keep their æøå"
    workbook.close()

    link = variant("Labels").get_by_role("link", name=exactly(tr(language, "CSV, comma")))
    header, *rows = read_csv(download(page, link.click), ",")
    assert FREE_TEXT_COLUMN not in header and len(rows) == 2  # question texts as headings
    assert all(TEXT_ANSWER in row for row in rows), "the free text, æøå intact"


def test_staff_without_the_export_permission_see_results_but_cannot_export(new_context):
    user = get_user_model().objects.create_user("les", "les@example.org", PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_survey"))
    page, language = log_in(new_context, "les")
    open_survey_results(page, language)

    exports = page.get_by_role("link", name=exactly(tr(language, "Export")))
    expect(exports).to_have_count(0)
    survey = Survey.objects.get(slug=SURVEY_SLUG)
    for file_format in ("csv", "csv-semicolon", "xlsx"):
        url = reverse(
            "admin:surveys_survey_export", kwargs={"pk": survey.pk, "file_format": file_format}
        )
        assert page.goto(url).status == 403, file_format
    url = reverse("admin:surveys_survey_export_page", kwargs={"pk": survey.pk})
    assert page.goto(url).status == 403


def test_staff_download_the_participant_list_with_names_intact(new_context):
    people = {"ase@example.org": "Åse Ærø Østby", "bjorn@example.org": "Bjørn Hågensen"}
    for email, name in people.items():
        participant = new_context().new_page()
        open_demo_event(participant)
        sign_up(participant, name=name, email=email)
    get_user_model().objects.create_superuser("stab", "stab@example.org", PASSWORD)
    page, language = log_in(new_context, "stab")
    open_model_list(page, tr(language, "events"))

    def export(action):
        row = page.locator("#result_list tr").filter(has_text="Prøvearrangement (demo)")
        row.locator("input.action-select").check()
        page.locator("select[name=action]").select_option(label=tr(language, action))
        return lambda: page.get_by_role("button", name=exactly(tr(language, "Go"))).click()

    for action, delimiter in (
        ("Export participants (CSV, comma)", ","),
        ("Export participants (CSV, semicolon)", ";"),
    ):
        header, *rows = read_csv(download(page, export(action)), delimiter)
        found = {row[header.index(tr(language, "E-mail"))]: row for row in rows}
        assert found.keys() == people.keys(), action
        for email, name in people.items():
            assert found[email][header.index(tr(language, "Name"))] == name

    data = download(page, export("Export participants (Excel)"))
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    header, *rows = workbook.worksheets[0].iter_rows(values_only=True)
    names = {row[header.index(tr(language, "Name"))] for row in rows}
    assert names == set(people.values())
    workbook.close()
