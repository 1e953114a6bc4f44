"""load_site_content seeds once: a second load keeps what staff changed and adds nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from lejerbo_site.models import NewsIndexPage, OrganisationProfile, ProjectPage
from participation.content import INPUT_MEETING_SLUG, SERIES_SLUG
from participation.models import Event, EventSeries

pytestmark = pytest.mark.django_db


def load():
    call_command("load_site_content", verbosity=0)


def test_an_edited_event_keeps_its_edit(site_content):
    Event.objects.filter(slug=INPUT_MEETING_SLUG).update(title="Innspillsmøte (flyttet)")
    load()
    assert Event.objects.get(slug=INPUT_MEETING_SLUG).title == "Innspillsmøte (flyttet)"
    assert Event.objects.count() == 1


def test_an_edited_series_keeps_its_edit(site_content):
    EventSeries.objects.filter(slug=SERIES_SLUG).update(description="Ny tekst fra redaksjonen.")
    load()
    assert EventSeries.objects.get(slug=SERIES_SLUG).description == "Ny tekst fra redaksjonen."


def test_a_renamed_organisation_profile_is_not_loaded_again(site_content):
    profile = OrganisationProfile.objects.get(name="VID")
    profile.name = "VID vitenskapelige høgskole"
    profile.save()
    count = OrganisationProfile.objects.count()
    load()
    assert OrganisationProfile.objects.count() == count
    assert not OrganisationProfile.objects.filter(name="VID").exists()


def test_a_renamed_page_is_neither_loaded_again_nor_a_crash(site_content):
    news = NewsIndexPage.objects.get(locale__language_code="da")
    news.title, news.slug = "Nyt", "nyt"
    news.save_revision().publish()
    project = ProjectPage.objects.get()
    project.slug = "prosjekt"
    project.save_revision().publish()
    pages = Page.objects.count()
    load()
    assert Page.objects.count() == pages
    assert NewsIndexPage.objects.get(locale__language_code="da").slug == "nyt"
    assert ProjectPage.objects.get().slug == "prosjekt"
