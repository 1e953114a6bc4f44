"""The survey and sign-up walks, shared by their journeys, the axe checks, the keyboard
checks and the staff exports journey.

Words on buttons and in messages come from the apps' own catalogues (`tr`), so the walks
also prove that each page speaks the language it claims in `<html lang>`.
"""

import re

from django.utils import translation
from playwright.sync_api import expect

from participation.content import DEMO_SLUG
from participation.models import Event
from surveys.content import DEMO_SLUG as SURVEY_SLUG
from tests.browser.forms import fill_visible_fields

SURVEY_URL = f"/survey/{SURVEY_SLUG}/"
# More than any survey here has; a walk that needs more is stuck on a step.
MAX_STEPS = 8
REQUIRED = "This field is required."
BAD_EMAIL = "Enter a valid email address."


def tr(language: str, message: str, **params) -> str:
    """`message` as the site shows it in `language`."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


def exactly(*texts: str) -> re.Pattern:
    return re.compile("^(" + "|".join(re.escape(text) for text in texts) + ")$")


def expect_language(page, language: str):
    expect(page.locator("html")).to_have_attribute("lang", language)


def expect_error_next_to_field(page, message: str):
    """`message` is shown inside the first invalid field's own group and is tied to the
    field (or its fieldset) with aria-describedby, so a screen reader reads it out."""
    described = page.locator(
        "main :is(input, select, textarea, fieldset)[aria-describedby]"
        ":is([aria-invalid=true], :has([aria-invalid=true]))"
    ).first
    expect(described).to_be_visible()
    ids = described.get_attribute("aria-describedby").split()
    errors = page.locator(", ".join(f"[id='{i}']" for i in ids))
    expect(errors.filter(has_text=message)).to_have_count(1)
    group = described.locator("xpath=ancestor-or-self::*[starts-with(@id, 'div_id_')][1]")
    expect(group).to_contain_text(message)


# -- journey 2: the survey --------------------------------------------------------------


def survey_form(page):
    return page.locator("main form[method=post]")


def survey_buttons(language: str) -> re.Pattern:
    return exactly(tr(language, "Next"), tr(language, "Submit answers"))


def press_next(page, language: str):
    survey_form(page).get_by_role("button", name=survey_buttons(language)).click()


def on_last_step(page, language: str) -> bool:
    submit = page.get_by_role("button", name=exactly(tr(language, "Submit answers")))
    return submit.count() == 1


def on_thank_you_page(page, language: str) -> bool:
    heading = page.get_by_role("heading", level=1)
    return heading.inner_text().strip() == tr(language, "Thank you for your answers")


def answer_survey(
    page, *, language="nb", url=SURVEY_URL, mistake=True, check=lambda page, state: None
):
    """Answer every step; `check(page, state)` runs at each state (axe, screenshots).

    With `mistake`, the first step is sent unanswered first and must come back with
    the message next to the required questions.
    """
    if url is not None:
        page.goto(url)
    expect_language(page, language)
    steps = page.locator("main progress")
    if steps.count():
        count = int(steps.get_attribute("max"))
        progress = tr(language, "Step %(number)s of %(count)s", number=1, count=count)
        expect(page.get_by_role("main")).to_contain_text(progress)
    check(page, "first step, empty")

    if mistake:
        press_next(page, language)
        expect(page.get_by_role("alert")).to_be_visible()
        expect_error_next_to_field(page, tr(language, REQUIRED))
        expect_language(page, language)
        check(page, "first step, with errors")

    for _ in range(MAX_STEPS):
        fill_visible_fields(survey_form(page))
        if on_last_step(page, language):
            check(page, "last step")
        press_next(page, language)
        expect(page.get_by_role("main")).not_to_contain_text(tr(language, REQUIRED))
        if on_thank_you_page(page, language):
            break
    else:
        raise AssertionError(f"no thank-you page after {MAX_STEPS} steps")
    expect_language(page, language)
    check(page, "thank-you, with the contact form")


def contact_form(page):
    return page.locator("main section form[method=post]")


def leave_contact(page, *, language="nb", name, email, organisation):
    form = contact_form(page)
    form.get_by_label(tr(language, "Name")).fill(name)
    form.get_by_label(tr(language, "E-mail")).fill(email)
    form.get_by_label(tr(language, "Organisation")).fill(organisation)
    form.get_by_role("button", name=tr(language, "Send me an invitation")).click()


# -- journey 3: signing up for an event ---------------------------------------------------

EVENTS_URL = "/events/"
DEMO_EVENT = re.compile(r"^Prøvearrangement \(demo\):")


def demo_event() -> Event:
    return Event.objects.get(slug=DEMO_SLUG)


def demo_event_with_capacity(capacity: int) -> Event:
    event = demo_event()
    event.capacity = capacity
    event.save(update_fields=["capacity"])
    return event


def open_demo_event(page, *, language="nb"):
    """From the event list (in the event's language) to the demo event's page."""
    page.goto(f"{EVENTS_URL}?lang={language}")
    expect_language(page, language)
    page.get_by_role("main").get_by_role("link", name=DEMO_EVENT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_EVENT)
    expect_language(page, demo_event().language)


def sign_up_form(page):
    return page.locator("main form[method=post]")


def sign_up_button(page, language="nb", label="Sign up"):
    return sign_up_form(page).get_by_role("button", name=exactly(tr(language, label)))


def sign_up(page, *, name, email, language="nb", label="Sign up"):
    """Fill in the sign-up form on the event page and send it; lands on the result page.

    On a full event the button says "Join the waiting list" (pass it as `label`)."""
    form = sign_up_form(page)
    # By name: after a mistake the form comes back with what was typed still in it.
    form.locator("[name=name]").fill(name)
    form.locator("[name=email]").fill(email)
    fill_visible_fields(form)
    sign_up_button(page, language, label).click()
    page.wait_for_url(re.compile(r"/result/"))
    expect_language(page, language)


def sign_up_with_mistakes(page, *, language="nb"):
    """What the browser's own checks let through but the site refuses: a name of only
    spaces and an address without a domain ending. Comes back with the messages."""
    form = sign_up_form(page)
    fill_visible_fields(form, email="ase@example", values={"name": "   "})
    sign_up_button(page, language).click()
    expect(page.get_by_role("alert")).to_have_text(
        tr(language, "Your sign-up was not sent. Please see the messages by the fields below.")
    )
    expect_error_next_to_field(page, tr(language, REQUIRED))
    expect(page.get_by_role("main")).to_contain_text(tr(language, BAD_EMAIL))


def path_of(url_pattern: str, text: str) -> str:
    found = re.search(url_pattern, text)
    assert found, f"no {url_pattern!r} in:\n{text}"
    return found.group(0)
