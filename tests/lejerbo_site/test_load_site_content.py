import json
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from lejerbo_site.models import MissionPage, OrganisationProfile, VisionPage

SEEDS = Path(__file__).resolve().parents[2] / "lejerbo_site" / "content" / "site_content.json"
CONTENT = json.loads(SEEDS.read_text(encoding="utf-8"))

# Every public page of the loaded tree with a sentence from the source it must show.
PAGES = [
    ("/", "Lejerbo"),
    ("/mission/", "Lejerbos mission er at skabe ”rum for liv”"),
    ("/grundlag/", "Lejerbo er en almen administrationsorganisation."),
    ("/grundlag/", "at sikre boliger til alle - svage som stærke grupper."),
    (
        "/visioner-2010-2013/",
        "Energi- og ressourcestyring er en grundpille i driften af Lejerbos boliger.",
    ),
    ("/nyheder/", "Nyheder"),
    ("/nb/", "Lejerbo"),
    ("/nb/nyheter/", "Kunnskap om leieboermedvirkning"),
    (
        "/nb/nyheter/kunnskap-om-leieboermedvirkning/",
        "Leieboerforeningen er en medlems- og interesseorganisasjon for leieboere, stiftet i 1933.",
    ),
    ("/nb/leieboermedvirkning/", "Det er gratis å delta både på digitalt møte"),
    ("/en/", "Lejerbo"),
    ("/en/news/", "News"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "wording"), PAGES)
def test_every_loaded_page_answers_with_its_source_wording(client, site_content, url, wording):
    response = client.get(url)
    assert response.status_code == 200
    assert wording in response.content.decode()


@pytest.mark.django_db
def test_vision_page_shows_all_four_themes_with_their_goals_and_the_adoption(client, site_content):
    html = client.get("/visioner-2010-2013/").content.decode()
    themes = CONTENT["vision"]["themes"]
    assert len(themes) == 4
    for theme in themes:
        assert f"<h2>{theme['title']}</h2>" in html
        for goal in theme["goals"]:
            assert goal.replace("”", "&rdquo;") in html or goal in html
    assert "Vedtaget af hovedbestyrelsen i november 2009" in html


@pytest.mark.django_db
def test_each_page_declares_its_own_language(client, site_content):
    assert '<html lang="da">' in client.get("/mission/").content.decode()
    assert '<html lang="nb">' in client.get("/nb/leieboermedvirkning/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_interface_follows_the_page_language(client, site_content):
    assert "Gå til indhold" in client.get("/mission/").content.decode()
    norwegian = client.get("/nb/nyheter/kunnskap-om-leieboermedvirkning/").content.decode()
    assert "Om Leieboerforeningen" in norwegian and "Søk" in norwegian
    assert "Skip to content" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_loading_twice_changes_nothing(site_content):
    pages = Page.objects.count()
    profiles = OrganisationProfile.objects.count()
    call_command("load_site_content", verbosity=0)
    assert Page.objects.count() == pages
    assert OrganisationProfile.objects.count() == profiles
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_loading_again_keeps_an_editors_changes(site_content):
    mission = MissionPage.objects.get()
    mission.statement = "Ny mission"
    mission.save_revision().publish()
    call_command("load_site_content", verbosity=0)
    assert MissionPage.objects.get().statement == "Ny mission"


@pytest.mark.django_db
def test_the_placeholder_welcome_page_is_replaced_by_the_home_page(client, site_content):
    site = Site.objects.get()
    assert site.root_page.specific.__class__.__name__ == "HomePage"
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


@pytest.mark.django_db
def test_vision_is_structured_so_a_new_period_is_a_new_page(site_content):
    vision = VisionPage.objects.get()
    assert (vision.period_start, vision.period_end) == (2010, 2013)
    assert [block.value["title"] for block in vision.themes] == [
        "De bedste boligområder",
        "Styrket beboerdemokrati",
        "Udvikling - et middel til højere mål",
        "Ledelse i fokus",
    ]


@pytest.mark.django_db
def test_home_page_lists_content_that_exists_only_in_another_language(client, site_content):
    html = client.get("/").content.decode()
    assert "Kompetansehevingsprosjekt om leieboermedvirkning" in html
    assert 'lang="nb"' in html
