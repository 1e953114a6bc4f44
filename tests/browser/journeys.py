"""The survey and sign-up walks, shared by their journeys and the staff exports journey.

PREPARED before the surveys and participation apps were merged. Lines marked ADJUST are
guesses about wording and names that the lead checks after the merge.
"""

import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.browser.forms import fill_visible_fields
from tests.browser.helpers import open_or_skip

# -- journey 2: the survey --------------------------------------------------------------

SURVEY_URL = "/survey/kartlegging-medvirkning/"
MAX_STEPS = 12
# ADJUST: the buttons that move on and submit, and the thank-you heading, in bokmål.
NEXT_OR_SUBMIT = re.compile(r"^\s*(Neste|Send inn|Send|Fullfør|Lever)\b", re.I)
THANK_YOU = re.compile(r"Takk", re.I)
SURVEY_REQUIRED = "Feltet er påkrevet."  # Django's own bokmål "This field is required."
# ADJUST: how the survey shows progress ("Steg 1 av 4", "Side 1 av 4" or a progress bar).
PROGRESS = re.compile(r"(Steg|Trinn|Side|Del)\s+1\s+(av|/)\s+\d+", re.I)


def survey_form(page):
    return page.get_by_role("main").locator("form").filter(has=page.get_by_role("button"))


def press_next(page):
    survey_form(page).last.get_by_role("button", name=NEXT_OR_SUBMIT).last.click()


def on_thank_you_page(page) -> bool:
    return bool(THANK_YOU.search(page.get_by_role("heading", level=1).inner_text()))


def answer_survey(page, check=lambda page, state: None):
    """The whole walk; `check(page, state)` runs at each state (axe in the JS variant)."""
    open_or_skip(page, SURVEY_URL, "The survey (surveys app)")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("main")).to_contain_text(PROGRESS)  # ADJUST
    check(page, "first-step")

    # The mistake: moving on without answering the required questions.
    press_next(page)
    expect(page.get_by_role("main")).to_contain_text(SURVEY_REQUIRED)
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    check(page, "errors")

    for _ in range(MAX_STEPS):
        fill_visible_fields(survey_form(page).last)
        press_next(page)
        expect(page.get_by_role("main")).not_to_contain_text(SURVEY_REQUIRED)
        if on_thank_you_page(page):
            break
    else:
        raise AssertionError(f"no thank-you page after {MAX_STEPS} steps")
    check(page, "thank-you")


# -- journey 3: signing up for an event ---------------------------------------------------

EVENTS_URL = "/events/"
DEMO_EVENT = re.compile(r"^Prøvearrangement \(demo\):")
# ADJUST: the sign-up button, the cancel confirmation button and the status words.
SIGN_UP = re.compile(r"Meld (meg|mig) på|Tilmeld|Sign up|Påmelding|Register", re.I)
CONFIRM_CANCEL = re.compile(r"Meld (meg|mig) av|Afmeld|Avmeld|Cancel|Bekreft", re.I)
WAITING_LIST = re.compile(r"venteliste|waiting list", re.I)
SIGNUP_REQUIRED = re.compile(
    r"Feltet er påkrevet\.|Dette felt er påkrævet\.|This field is required\."
)
CANCEL_LINK = re.compile(r"https?://\S+/events/\S*(cancel|avmeld|afmeld)\S*", re.I)


def open_demo_event(page):
    open_or_skip(page, EVENTS_URL, "The event list (participation app)")
    link = page.get_by_role("main").get_by_role("link", name=DEMO_EVENT).first
    if link.count() == 0:
        pytest.skip("no 'Prøvearrangement (demo):' event on /events/ yet")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_EVENT)


def sign_up_form(page):
    return (
        page.get_by_role("main")
        .locator("form")
        .filter(has=page.get_by_role("button", name=SIGN_UP))
    )


def sign_up(page, *, name, email):
    open_demo_event(page)
    form = sign_up_form(page)
    # ADJUST: the name field's `name` attribute, if it is not "name".
    fill_visible_fields(form, email=email, values={"name": name})
    form.get_by_role("button", name=SIGN_UP).click()
    expect(page.get_by_role("main")).not_to_contain_text(SIGNUP_REQUIRED)


def demo_event_with_capacity(capacity: int):
    """Give the demo event `capacity` seats (ADJUST: model and field names)."""
    for model in apps.get_app_config("participation").get_models():
        fields = {field.name for field in model._meta.get_fields()}
        if {"title", "capacity"} <= fields:
            event = model.objects.get(title__startswith="Prøvearrangement (demo):")
            event.capacity = capacity
            event.save(update_fields=["capacity"])
            return event
    raise AssertionError("no participation model with a title and a capacity")
