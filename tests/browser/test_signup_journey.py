"""Journey 3: participants sign up for the demo event without JavaScript, get the
e-mail, cancel with the link in it, and the one on the waiting list is promoted.

Mails are read from the locmem outbox: the live server runs in this process and the
mails go out on commit, before the browser gets its answer.
"""

import pytest
from playwright.sync_api import expect

from participation.models import Registration
from tests.browser.helpers import save_screenshot
from tests.browser.journeys import (
    demo_event,
    demo_event_with_capacity,
    expect_language,
    open_demo_event,
    path_of,
    sign_up,
    sign_up_with_mistakes,
    tr,
)

pytestmark = pytest.mark.browser

CANCEL_PATH = r"/events/cancel/[^/\s]+/"


def mails_to(outbox, address):
    return [message for message in outbox if address in message.to]


def test_participant_cancels_by_the_mail_link_and_the_one_waiting_gets_the_seat(
    new_context, mailoutbox
):
    event = demo_event_with_capacity(1)
    title = event.title

    first = new_context().new_page()
    open_demo_event(first)
    sign_up_with_mistakes(first)
    assert not mailoutbox and not Registration.objects.exists()
    sign_up(first, name="Åse Ærø Østby", email="ase@example.org")
    expect(first.get_by_role("status")).to_contain_text(tr("nb", "You are registered"))
    # The receipt repeats where to be and offers the calendar file and the way out.
    expect(first.get_by_role("main")).to_contain_text(event.place)
    expect(first.get_by_role("link", name=tr("nb", "Add to your calendar (.ics)"))).to_be_visible()
    expect(first.get_by_role("link", name=tr("nb", "Cancel registration"))).to_be_visible()

    (confirmation,) = mails_to(mailoutbox, "ase@example.org")
    assert confirmation.subject == tr("nb", "Registration confirmed: %(title)s", title=title)
    assert any(name.endswith(".ics") for name, _content, _type in confirmation.attachments)
    cancel_path = path_of(CANCEL_PATH, confirmation.body)

    second = new_context().new_page()
    open_demo_event(second)
    # Full: the form offers the waiting list, not a seat.
    expect(second.get_by_role("heading", name=tr("nb", "Join the waiting list"))).to_be_visible()
    sign_up(second, name="Bjørn Hågensen", email="bjorn@example.org", label="Join the waiting list")
    expect(second.get_by_role("status")).to_contain_text(tr("nb", "You are on the waiting list"))
    expect(second.get_by_role("link", name=tr("nb", "Leave the waiting list"))).to_be_visible()
    (waiting,) = mails_to(mailoutbox, "bjorn@example.org")
    assert waiting.subject == tr("nb", "Waiting list: %(title)s", title=title)
    # Nobody without a seat is asked to give it to someone else.
    assert tr("nb", "Cannot come? Please cancel so that someone else can have the seat:") not in (
        waiting.body
    )

    # The link in the mail only asks; a mail scanner following it cancels nothing.
    cancelling = new_context().new_page()
    cancelling.goto(cancel_path)
    expect_language(cancelling, "nb")
    expect(cancelling.get_by_role("main")).to_contain_text("Åse Ærø Østby")
    assert Registration.objects.get(email="ase@example.org").status == "confirmed"
    cancelling.get_by_role("button", name=tr("nb", "Yes, cancel my registration")).click()
    expect(cancelling.get_by_role("status")).to_have_text(
        tr("nb", "Your registration is cancelled. Thank you for letting us know.")
    )

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"ase@example.org": "cancelled", "bjorn@example.org": "confirmed"}
    promotion = mails_to(mailoutbox, "bjorn@example.org")[-1]
    assert promotion.subject == tr("nb", "A seat is yours: %(title)s", title=title)
    assert any(name.endswith(".ics") for name, _content, _type in promotion.attachments)

    # The event page now shows the seat as taken again, by the promoted participant.
    open_demo_event(second)
    expect(second.get_by_role("main")).to_contain_text(tr("nb", "Fully booked"))
    save_screenshot(second, "nb-event-fully-booked")


def test_second_sign_up_with_the_same_address_is_told_it_is_already_registered(new_context):
    page = new_context().new_page()
    for _ in range(2):
        open_demo_event(page)
        sign_up(page, name="Åse Ærø Østby", email="ase@example.org")
    expect(page.get_by_role("status")).to_contain_text(tr("nb", "You are already registered"))
    assert demo_event().registrations.count() == 1
