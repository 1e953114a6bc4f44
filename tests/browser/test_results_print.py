"""The staff results page with charts and a cross-table, on screen and as printed.

Printing is emulated (`page.emulate_media(media="print")`): the admin's header,
navigation, forms and buttons are gone, the charts and tables stay, and axe-core
finds no WCAG 2.1 A/AA violation in the print view.
"""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from surveys import services
from tests.browser.helpers import axe_violations, describe_violations
from tests.surveys.factories import build_every_type_survey, opt, q

pytestmark = pytest.mark.browser

PASSWORD = "hemmeligt-ord-3"


def answered_survey():
    """A survey with 16 responses: enough for figures, with a few cells withheld."""
    survey = build_every_type_survey(slug="resultater-print")
    people = [(1, 1, 4)] * 6 + [(2, 1, 5)] * 4 + [(2, 0, 4)] * 5 + [(1, 0, 1)]
    for who, board, skill in people:
        values = {
            q(survey, "who").pk: {"option": opt(survey, "who", who).pk, "other": ""},
            q(survey, "board").pk: board,
            q(survey, "skill").pk: skill,
            q(survey, "influence").pk: {opt(survey, "influence", 1).pk: skill},
        }
        services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values=values)
    return survey


def staff_page(new_context):
    get_user_model().objects.create_superuser("stab", "stab@example.org", PASSWORD)
    page = new_context(javascript=True).new_page()
    page.goto("/django-admin/login/")
    page.locator("input[name=username]").fill("stab")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/django-admin/")
    return page


def test_results_with_a_chart_and_a_crosstab_print_without_axe_violations(new_context):
    survey = answered_survey()
    page = staff_page(new_context)
    page.goto(reverse("admin:surveys_survey_results", kwargs={"pk": survey.pk}))

    # On screen: pick two questions by their text, without any script.
    page.get_by_label("Rækker: svar på").select_option(label="Hvem er I?")
    page.get_by_label("Kolonner: svar på").select_option(label="Har I en beboerbestyrelse?")
    page.get_by_role("button", name="Lav krydstabel").click()
    crosstab = page.locator("table.survey-crosstab-table")
    expect(crosstab).to_be_visible()
    expect(crosstab.locator("tfoot td").last).to_have_text("16")
    expect(page.get_by_role("img", name="Søjlediagram: Hvem er I?", exact=False)).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)

    page.emulate_media(media="print")
    for hidden in ("#header", ".breadcrumbs", "#nav-sidebar", ".survey-results-form"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("svg.survey-chart").first).to_be_visible()
    expect(crosstab).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
