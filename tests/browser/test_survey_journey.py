"""Journey 2: a respondent answers the Norwegian survey step by step, without JavaScript.

Makes a mistake, sees the message next to the question, corrects it, submits, sees the
thank-you page and leaves a contact for the seminar invitations. A second respondent
switches the survey to English first.
"""

import pytest
from playwright.sync_api import expect

from surveys import services
from surveys.models import Answer, SeminarContact, Survey
from tests.browser.forms import TEXT_ANSWER
from tests.browser.helpers import save_screenshot
from tests.browser.journeys import (
    BAD_EMAIL,
    SURVEY_SLUG,
    SURVEY_URL,
    answer_survey,
    contact_form,
    expect_error_next_to_field,
    expect_language,
    leave_contact,
    tr,
)

pytestmark = pytest.mark.browser

SENT = "Thank you. We will send you an invitation to the seminars."


def test_respondent_corrects_a_mistake_submits_and_leaves_a_contact_kept_apart_from_the_answers(
    page,
):
    survey = Survey.objects.get(slug=SURVEY_SLUG)
    answer_survey(page, language="nb", mistake=True)

    response = survey.responses.get()
    assert response.language == "nb"
    assert response.answers.filter(text=TEXT_ANSWER).exists(), "free text kept with æøå"

    # A typing mistake in the contact form first: the address has no domain ending.
    leave_contact(page, name="Åse Ærø Østby", email="ase@example", organisation="Bærum kommune")
    expect_error_next_to_field(page, tr("nb", BAD_EMAIL))
    expect_language(page, "nb")
    contact_form(page).get_by_label(tr("nb", "E-mail")).fill("ase@example.org")
    contact_form(page).get_by_role("button").click()
    expect(page.get_by_role("status")).to_have_text(tr("nb", SENT))
    expect_language(page, "nb")

    # The contact waits in the pool until a batch of SURVEY_MIN_GROUP_SIZE is flushed
    # (docs/privacy.md); the scheduled job flushes the rest of a closed survey.
    assert not SeminarContact.objects.exists()
    services.pool_flush(survey=survey, remainder=True)
    contact = SeminarContact.objects.get()
    assert (contact.survey, contact.name, contact.email, contact.organisation) == (
        survey,
        "Åse Ærø Østby",
        "ase@example.org",
        "Bærum kommune",
    )
    # Nothing ties the contact to the response: its only link is to the survey, and
    # nothing of the contact ended up among the answers.
    links = {
        field.related_model for field in SeminarContact._meta.get_fields() if field.is_relation
    }
    assert links == {Survey}
    assert not Answer.objects.filter(text__icontains="Østby").exists()
    assert survey.responses.count() == 1


def test_respondent_who_switches_to_english_answers_in_english(page):
    page.goto(SURVEY_URL)
    expect_language(page, "nb")
    page.get_by_role("navigation", name=tr("nb", "Language of the survey")).get_by_role(
        "link", name="English"
    ).click()

    answer_survey(page, language="en", url=None, mistake=False)
    expect(page.get_by_role("main")).to_contain_text(
        tr("en", "I want an invitation to the seminars")
    )
    assert Survey.objects.get(slug=SURVEY_SLUG).responses.get().language == "en"
    save_screenshot(page, "en-survey-thank-you")
