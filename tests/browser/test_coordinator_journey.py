"""Journey: an event coordinator adds a participant by hand (someone who asked by e-mail,
as the source tells people to), sees them listed, and checks them in at the door from the
check-in list on a phone, without JavaScript; the participant gets the confirmation e-mail.
"""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from playwright.sync_api import expect

from lejerbo_site.roles import role_group, role_groups_set
from participation.models import Registration
from tests.browser.helpers import PHONE
from tests.browser.journeys import demo_event, exactly, tr

pytestmark = pytest.mark.browser

PASSWORD = "koordinator-ord-3"
NAME = "Åse Ærø Østby"
EMAIL = "ase.ostby@example.org"


def log_in(new_context, username, **context_options):
    page = new_context(**context_options).new_page()
    page.goto("/django-admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/django-admin/")
    return page, page.locator("html").get_attribute("lang")


def open_event(page, language, event):
    page.get_by_role("rowheader", name=exactly(capfirst(tr(language, "events")))).get_by_role(
        "link"
    ).click()
    page.get_by_role("link", name=exactly(event.title)).click()
    expect(page.locator("input[name=title]")).to_have_value(event.title)


def test_a_coordinator_adds_a_participant_by_hand_and_checks_them_in_on_a_phone(
    new_context, mailoutbox
):
    role_groups_set()
    user = get_user_model().objects.create_user("koordinator", password=PASSWORD, is_staff=True)
    user.groups.add(role_group("event_coordinator"))
    event = demo_event()

    # At the desk: the event's page, "Add participant", the form, and the list.
    page, language = log_in(new_context, "koordinator")
    open_event(page, language, event)
    page.get_by_role("link", name=exactly(tr(language, "Add participant"))).click()
    form = page.locator("#content form[method=post]")
    form.locator("[name=name]").fill(NAME)
    form.locator("[name=email]").fill(EMAIL)
    form.locator("[name=organisation]").fill("Bergen kommune")
    form.locator("[name=organisation_type]").select_option("municipality")
    form.locator("[name=municipality]").fill("Bergen")
    form.locator("[name=needs]").fill("Rullestol")
    form.locator("[name=consent_by_email]").check()
    form.get_by_role("button", name=exactly(tr(language, "Add participant"))).click()

    page.wait_for_url(re.compile(r"/participation/registration/\?event__id__exact="))
    expect(page.locator(".messagelist")).to_contain_text(NAME)
    expect(page.locator("#result_list")).to_contain_text(NAME)
    person = Registration.objects.get(email=EMAIL)
    assert person.status == Registration.Status.CONFIRMED
    assert person.consent_given == Registration.ConsentGiven.EMAIL_TO_STAFF
    assert person.consent_recorded_by == user
    (confirmation,) = [m for m in mailoutbox if m.to == [EMAIL]]
    assert "/events/cancel/" in confirmation.body
    assert [a[0] for a in confirmation.attachments] == [f"{event.slug}.ics"]

    # At the door, on a phone: the event has begun.
    now = timezone.now()
    event.starts_at, event.ends_at = now - dt.timedelta(minutes=5), now + dt.timedelta(hours=2)
    event.save(update_fields=["starts_at", "ends_at"])
    phone, language = log_in(new_context, "koordinator", viewport=PHONE)
    open_event(phone, language, event)
    phone.get_by_role("link", name=exactly(tr(language, "Check-in list"))).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(event.title)
    row = phone.locator(f"#p-{person.pk}")
    expect(row).to_contain_text("Rullestol")

    button = row.get_by_role("button", name=f"{tr(language, 'Checked in')}: {NAME}")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box  # a thumb finds it
    button.click()

    expect(phone.locator(".messagelist")).to_contain_text(NAME)
    row = phone.locator(f"#p-{person.pk}")
    expect(row.locator(".checkin-done")).to_be_visible()
    expect(row.get_by_role("button", name=f"{tr(language, 'Undo')}: {NAME}")).to_be_visible()
    person.refresh_from_db()
    assert person.attended is True

    # No sideways scrolling on the phone; printed, one line a person with a box to tick.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    phone.emulate_media(media="print")
    expect(row.locator(".checkin-box")).to_be_visible()
    expect(row.locator(".checkin-box")).to_have_text("☑")
    expect(row.get_by_role("button")).to_be_hidden()
    expect(phone.locator(".checkin-search")).to_be_hidden()
