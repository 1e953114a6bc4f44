"""axe-core (WCAG 2.1 A and AA) finds nothing on any state of the survey and sign-up
forms, in every language each offers, nor on the pages that refuse a visitor.

Survey: first step empty, with errors, last step, thank-you with the contact form,
contact form with errors, contact sent; in nb and en (the source survey) and da (a
survey made here). Events: the list, the event page with the sign-up form empty and with
errors, every result page, the cancel confirmation and cancelled pages, the privacy
notice. Also the 429 page (in each language, after real posts over the limit) and the
closed and unknown survey pages.
"""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from participation.models import Registration
from surveys.forms import thanks_key_new
from surveys.models import Survey
from tests.browser.helpers import AxeLog
from tests.browser.journeys import (
    BAD_EMAIL,
    EVENTS_URL,
    SURVEY_SLUG,
    SURVEY_URL,
    answer_survey,
    contact_form,
    demo_event_with_capacity,
    expect_error_next_to_field,
    expect_language,
    leave_contact,
    open_demo_event,
    path_of,
    sign_up,
    sign_up_form,
    sign_up_with_mistakes,
    tr,
)
from tests.surveys.factories import build_every_type_survey

pytestmark = pytest.mark.browser

LANGUAGES = ["da", "nb", "en"]


@pytest.fixture
def axe_page(new_context):
    return new_context(javascript=True).new_page()  # axe-core runs as a script


def too_many_requests_page(page, language, axe, label):
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Please wait a moment"))
    expect_language(page, language)
    axe.check(page, label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_survey_state_has_no_wcag_violations(axe_page, language):
    page, axe = axe_page, AxeLog()
    if language == "da":  # the source survey is nb + en; this one has every question type
        survey = build_every_type_survey(slug="medvirkning-da", offer_seminar_invitation=True)
        url = f"/survey/{survey.slug}/"
    else:
        url = f"{SURVEY_URL}?lang={language}"

    answer_survey(
        page, language=language, url=url, check=lambda p, state: axe.check(p, f"survey {state}")
    )
    leave_contact(
        page, language=language, name="Åse Ærø Østby", email="ase@example", organisation=""
    )
    expect_error_next_to_field(page, tr(language, BAD_EMAIL))
    axe.check(page, "contact form with errors")
    contact_form(page).get_by_label(tr(language, "E-mail")).fill("ase@example.org")
    contact_form(page).get_by_role("button").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect_language(page, language)
    axe.check(page, "contact sent")
    axe.assert_clean()
    assert len(axe.checked) == 6


def test_pages_that_turn_a_respondent_away_have_no_wcag_violations(axe_page, settings):
    page, axe = axe_page, AxeLog()
    # One post a day per form, so the second post is refused whatever the clock says.
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "event-signup": "1/d", "seminar-contact": "1/d"}

    open_demo_event(page)
    sign_up(page, name="Åse Ærø Østby", email="ase@example.org")
    open_demo_event(page)
    sign_up_form(page).get_by_role("button").click()
    too_many_requests_page(page, "nb", axe, "429 page after a second sign-up (nb)")

    da_survey = build_every_type_survey(slug="medvirkning-da")
    for slug, language in ((da_survey.slug, "da"), (SURVEY_SLUG, "en")):
        key = urlencode({"lang": language, "k": thanks_key_new(slug)})
        for _ in range(2):
            page.goto(f"/survey/{slug}/thanks/?{key}")
            leave_contact(page, language=language, name="Å", email="a@example", organisation="")
        too_many_requests_page(page, language, axe, f"429 page after contact forms ({language})")

    assert page.goto("/survey/findes-ikke/").status == 404
    axe.check(page, "unknown survey")

    Survey.objects.filter(slug=SURVEY_SLUG).update(status=Survey.Status.CLOSED)
    for language in ("nb", "en"):
        assert page.goto(f"{SURVEY_URL}?lang={language}").status == 410
        expect_language(page, language)
        expect(page.get_by_role("main")).to_contain_text(
            tr(language, "This survey is closed. Thank you for your interest.")
        )
        axe.check(page, f"closed survey ({language})")
    axe.assert_clean()


def test_every_sign_up_state_has_no_wcag_violations(new_context, axe_page, mailoutbox):
    page, axe = axe_page, AxeLog()
    for language in LANGUAGES:  # the list and the privacy notice offer every language
        page.goto(f"{EVENTS_URL}?lang={language}")
        expect_language(page, language)
        axe.check(page, f"event list ({language})")
        page.goto(f"{EVENTS_URL}privacy/?lang={language}")
        expect_language(page, language)
        axe.check(page, f"privacy notice ({language})")

    demo_event_with_capacity(1)
    open_demo_event(page)  # the demo event is in Norwegian
    axe.check(page, "event page, sign-up form empty")
    sign_up_with_mistakes(page)
    axe.check(page, "event page, sign-up form with errors")
    sign_up(page, name="Åse Ærø Østby", email="ase@example.org")
    axe.check(page, "result: confirmed")
    open_demo_event(page)
    sign_up(page, name="Åse Ærø Østby", email="ase@example.org", label="Join the waiting list")
    axe.check(page, "result: already registered")
    open_demo_event(page)
    axe.check(page, "event page, fully booked with a waiting list")
    sign_up(page, name="Bjørn Hågensen", email="bjorn@example.org", label="Join the waiting list")
    axe.check(page, "result: waiting list")

    page.goto(path_of(r"/events/cancel/[^/\s]+/", mailoutbox[0].body))
    axe.check(page, "cancel confirmation")
    page.get_by_role("button", name=tr("nb", "Yes, cancel my registration")).click()
    expect(page.get_by_role("status")).to_be_visible()
    assert Registration.objects.get(email="ase@example.org").status == "cancelled"
    axe.check(page, "cancelled")
    assert page.goto("/events/cancel/not-a-token/").status == 404
    axe.check(page, "cancel link not valid")
    axe.assert_clean()
