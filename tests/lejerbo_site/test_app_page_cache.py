"""Without a proxy the app keeps anonymous pages itself; a change shows at once."""

import pytest

from participation import services
from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_served_again_without_a_query(
    client, small_site, django_assert_num_queries
):
    first = client.get("/om-os/")
    with django_assert_num_queries(0):
        again = client.get("/om-os/")
    assert again.content == first.content


def test_a_published_change_is_shown_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    assert "Om os" in client.get("/nyheder/").content.decode()
    about = small_site["about"]
    about.title = "Om Lejerbo"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    # In the menu of every page, also of a page that did not change itself.
    assert "Om Lejerbo" in client.get("/nyheder/").content.decode()


def test_a_sign_up_changes_only_the_pages_of_its_event(
    client, small_site, purges, django_capture_on_commit_callbacks, django_assert_num_queries
):
    event = EventFactory(project_page=small_site["about"])
    client.get("/nyheder/")
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event, name="Anne", email="anne@example.no", organisation="Bergen kommune",
            organisation_type="municipality", municipality="Bergen", consent=True,
        )  # fmt: skip
    assert purges == {"testserver/om-os/"}
    # Every other page, and the chrome of all of them, is kept.
    with django_assert_num_queries(0):
        client.get("/nyheder/")


def test_a_new_event_reaches_the_home_page_at_once(
    client, small_site, purges, django_capture_on_commit_callbacks
):
    # The home page's "take part now" lists upcoming events: a cached copy must go.
    assert "Seminar om beboerdemokrati" not in client.get("/").content.decode()
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Seminar om beboerdemokrati", is_published=True)
    assert "testserver/" in purges
    assert "Seminar om beboerdemokrati" in client.get("/").content.decode()


def test_a_preview_of_a_draft_never_reaches_visitors(client, small_site):
    client.get("/om-os/")  # the page's fragments kept
    draft = small_site["about"]
    draft.title = "Kladde"
    preview = draft.make_preview_request()
    assert "<title>Kladde" in preview.content.decode()  # not the kept fragment
    client.cookies["sessionid"] = "not-signed-in"  # rendered again, past the page caches
    assert "Kladde" not in client.get("/om-os/").content.decode()
