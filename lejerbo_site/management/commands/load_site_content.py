"""Build the site from the source texts: `python manage.py load_site_content`.

The content lives in lejerbo_site/content/site_content.json (the two source texts,
wording unchanged). Every object is looked up before it is created, and nothing
that exists is overwritten, so running the command again changes nothing and
never undoes an editor's work.

Seeded pages and profiles carry a fixed translation key (from their key in the
content file), so they are found again after an editor renames them, changes
their slug or moves them. Demo material is never made here: see load_demo_content.

`--hostname`/`--port` set the default Wagtail Site's address (`make run` passes
PORT), so feeds, the sitemap and e-mails link to where the site is served.
"""

import datetime as dt
import json
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.html import escape, format_html
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from lejerbo_site.models import (
    FoundationPage,
    HomePage,
    MissionPage,
    NewsIndexPage,
    NewsPage,
    OrganisationProfile,
    ProjectMilestone,
    ProjectPage,
    ProjectPartner,
    StandardPage,
    VisionPage,
)
from participation.content import load_source_events
from surveys.content import load_source_survey

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "site_content.json"
MEDIA_DIR = CONTENT_FILE.parent / "media"
COURTYARD_TITLE = "Bakgård med nye plantekasser (illustrasjon)"
SURVEY_URL = "/survey/kartlegging-medvirkning/"
KEYS = uuid.UUID("8f1c2b1e-5a0e-4f55-9d7b-6c3f1c0a2d11")


def seed_key(name: str) -> uuid.UUID:
    """The translation key of a seeded object: the same on every machine and every load."""
    return uuid.uuid5(KEYS, name)


def paragraph(text):
    return ("paragraph", RichText(f"<p>{escape(text)}</p>"))


def linked_paragraph(text, phrase, href):
    """A paragraph whose `phrase` becomes a link, the wording otherwise untouched."""
    before, _, after = text.partition(phrase)
    html = format_html('<p>{}<a href="{}">{}</a>{}</p>', before, href, phrase, after)
    return ("paragraph", RichText(html))


class Command(BaseCommand):
    help = (
        "Load the organisation's content (pages, profiles, survey, events) from the source texts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", help="The site's host name, e.g. 127.0.0.1.")
        parser.add_argument("--port", type=int, help="The site's port, e.g. 8000.")

    def handle(self, *args, **options):
        data = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        self.created = 0
        with transaction.atomic():
            self.load(data)
            if options["hostname"] or options["port"]:
                self.site_address(hostname=options["hostname"], port=options["port"])
        # Rebuild the search index so a fresh site's search finds the loaded pages.
        call_command("update_index", verbosity=0)
        self.stdout.write(f"Site content loaded ({self.created} objects created).")

    # -- helpers ---------------------------------------------------------------

    def publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def site_address(self, *, hostname, port):
        site = Site.objects.get(is_default_site=True)
        site.hostname = hostname or site.hostname
        site.port = port or site.port
        site.save()

    def existing(self, parent, model, key, slug):
        """The seeded page: by its fixed key wherever it is now, else (a site loaded
        before keys were fixed) by its slug under `parent`."""
        found = model.objects.filter(translation_key=seed_key(key), locale=parent.locale).first()
        if found is None:
            found = model.objects.child_of(parent).filter(slug=slug).first()
        return found

    def child(self, parent, model, slug, key=None, **fields):
        """The seeded child of `parent`, created (and published) when missing."""
        key = key or slug
        existing = self.existing(parent, model, key, slug)
        if existing is not None:
            return existing
        page = model(
            slug=slug,
            locale=parent.locale,
            translation_key=seed_key(key),
            show_in_menus=parent.depth == 2,
            **fields,
        )
        return self.publish(parent, page)

    def translation(self, source, locale, model, **fields):
        """`source`'s translation in `locale` (a sibling tree), created when missing."""
        existing = source.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        parent = source.get_parent()
        if parent.depth > 1:
            parent = parent.get_translation(locale)
        page = model(
            locale=locale,
            translation_key=source.translation_key,
            show_in_menus=source.show_in_menus,
            **fields,
        )
        return self.publish(parent, page)

    # -- the tree --------------------------------------------------------------

    def load(self, data):
        locales = {
            code: Locale.objects.get_or_create(language_code=code)[0] for code in ("da", "nb", "en")
        }
        # Wagtail's migrations make the tree root; a flushed database may lack it.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locales["da"])
        )
        home_da = self.home(root, locales["da"], data["home"]["da"])
        homes = {"da": home_da}
        for code in ("nb", "en"):
            homes[code] = self.translation(home_da, locales[code], HomePage, **data["home"][code])

        mission = data["mission"]
        self.child(
            home_da,
            MissionPage,
            mission["slug"],
            title=mission["title"],
            statement=mission["statement"],
        )
        foundation = data["foundation"]
        self.child(
            home_da,
            FoundationPage,
            foundation["slug"],
            title=foundation["title"],
            organisation_kind=foundation["organisation_kind"],
            tasks_intro=foundation["tasks_intro"],
            core_tasks=[("task", task) for task in foundation["core_tasks"]],
        )
        vision = data["vision"]
        self.child(
            home_da,
            VisionPage,
            vision["slug"],
            title=vision["title"],
            period_start=vision["period_start"],
            period_end=vision["period_end"],
            adopted_by=vision["adopted_by"],
            adopted_on=dt.date.fromisoformat(vision["adopted_on"]),
            themes=[("theme", theme) for theme in vision["themes"]],
        )

        news_da = self.child(home_da, NewsIndexPage, **data["news_index"]["da"])
        news = {"da": news_da}
        for code in ("nb", "en"):
            news[code] = self.translation(
                news_da, locales[code], NewsIndexPage, **data["news_index"][code]
            )

        self.accessibility(homes, data["accessibility"])

        profiles = {p["key"]: self.profile(locales[p["locale"]], p) for p in data["profiles"]}
        project = self.project(homes["nb"], data["project"], profiles)
        self.article(news["nb"], data["article"], profiles, project)
        load_source_survey(project_page=project)
        load_source_events(project_page=project)

    def accessibility(self, homes, data):
        """The accessibility statement, one page per language, linked from the footer."""
        for code, home in homes.items():
            fields = data[code]
            if self.existing(home, StandardPage, "accessibility", fields["slug"]) is not None:
                continue
            page = StandardPage(
                title=fields["title"],
                slug=fields["slug"],
                locale=home.locale,
                translation_key=seed_key("accessibility"),
                show_in_menus=False,
                intro=fields["intro"],
                body=[paragraph(text) for text in fields["paragraphs"]],
            )
            self.publish(home, page)

    def home(self, root, locale, fields):
        home = HomePage.objects.filter(depth=2, locale=locale).first()
        if home is None:
            home = root.add_child(instance=HomePage(locale=locale, **fields))
            home.save_revision().publish()
            self.created += 1
        # Wagtail's own placeholder ("Welcome to your new Wagtail site!") gives way to ours.
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Lejerbo",
            )
        elif site.root_page.specific_class is Page:
            placeholder = site.root_page
            site.root_page = home
            site.site_name = site.site_name or "Lejerbo"
            site.save()
            if not placeholder.get_children().exists():
                placeholder.delete()
        return home

    def profile(self, locale, data):
        key = seed_key(f"profile:{data['key']}")
        found = (
            OrganisationProfile.objects.filter(translation_key=key, locale=locale).first()
            or OrganisationProfile.objects.filter(locale=locale, name=data["name"]).first()
        )
        if found is not None:
            return found
        self.created += 1
        return OrganisationProfile.objects.create(
            locale=locale,
            translation_key=key,
            name=data["name"],
            description=data["description"],
            website=data["website"],
        )

    def project(self, home, data, profiles):
        existing = self.existing(home, ProjectPage, "project", data["slug"])
        if existing is not None:
            return existing
        body = [
            *(paragraph(text) for text in data["paragraphs"]),
            ("quote", {"text": data["anonymity"], "attribution": ""}),
        ]
        project = ProjectPage(
            show_in_menus=True,
            translation_key=seed_key("project"),
            title=data["title"],
            slug=data["slug"],
            locale=home.locale,
            intro=data["intro"],
            body=body,
            contact_name=data["contact_name"],
            contact_role=data["contact_role"],
            contact_email=data["contact_email"],
        )
        project.partners = [ProjectPartner(profile=profiles[key]) for key in data["partners"]]
        project.milestones = [
            ProjectMilestone(
                title=m["title"],
                date=dt.date.fromisoformat(m["date"]),
                time=dt.time.fromisoformat(m["time"]) if m["time"] else None,
                when=m["when"],
                description=m["description"],
            )
            for m in data["milestones"]
        ]
        return self.publish(home, project)

    def courtyard(self):
        """The article's picture: the source has a photo of a courtyard we do not have,
        so the site shows the team's own drawing of one (content/media/courtyard.svg,
        drawn as PNG because SVG uploads are refused) with the source's description."""
        image = Image.objects.filter(title=COURTYARD_TITLE).first()
        if image is None:
            png = (MEDIA_DIR / "courtyard.png").read_bytes()
            # Wagtail's migrations make the root collection; a flushed database may lack it.
            collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
            image = Image(
                title=COURTYARD_TITLE,
                file=ContentFile(png, name="courtyard.png"),
                collection=collection,
            )
            image.save()
            self.created += 1
        return image

    def article(self, index, data, profiles, project):
        if self.existing(index, NewsPage, "article", data["slug"]) is not None:
            return
        body = [
            (
                "image",
                {"image": self.courtyard(), "decorative": False, "alt_text": data["image_alt"]},
            ),
            ("heading", {"text": data["heading"], "level": "h2"}),
            paragraph(data["lead"]),
            *(paragraph(text) for text in data["paragraphs"]),
            linked_paragraph(data["survey_link_sentence"], "lenke til undersøkelsen", SURVEY_URL),
            linked_paragraph(data["meeting_sentence"], "ara@lbf.no", "mailto:ara@lbf.no"),
            ("call_to_action", {"text": "", "label": project.title, "page": project, "url": ""}),
            ("profile", profiles["leieboerforeningen"]),
            ("profile", profiles["vid"]),
            paragraph(data["closing"]),
        ]
        self.publish(
            index,
            NewsPage(
                title=data["title"],
                slug=data["slug"],
                locale=index.locale,
                translation_key=seed_key("article"),
                # The source's "Publisert:" line carries no date: none is shown.
                date=None,
                intro=data["intro"],
                body=body,
            ),
        )
