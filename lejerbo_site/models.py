"""Wagtail pages, snippets and settings for the organisation's content."""

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page, Site, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BodyStreamBlock, CoreTaskStreamBlock, ThemeStreamBlock

NEWS_PAGE_SIZE = 10


class BasePage(Page):
    """Fields every content page shares: a short introduction and a free body."""

    intro = models.TextField(
        blank=True,
        verbose_name=_("introduction"),
        help_text=_("One or two sentences shown under the title and in listings. Plain text."),
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("The page's content, built from blocks."),
    )

    # Autocomplete fields match word prefixes, so "leieboer" finds "leieboermedvirkning"
    # and "seminar" finds "seminarrekke": Danish and Norwegian write compounds as one word.
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.AutocompleteField("intro"),
        index.AutocompleteField("body"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        abstract = True

    @property
    def summary(self):
        """The sentence shown for this page in listings and cards."""
        return self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # How long base.html keeps this page's fragments ({% cache %}): never a preview.
        context["cache_seconds"] = 0 if getattr(request, "is_preview", False) else 60
        return context


class HomePage(BasePage):
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the views module imports this one.
        from participation.selectors import event_list_upcoming

        from .views import open_survey_items

        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        if site and site.root_page.translation_key == self.translation_key:
            language = translation.get_language()
            # Read when home_page.html's {% cache %} fragment is built again.
            context["lists"] = SimpleLazyObject(
                lambda: {
                    **self._lists(request),
                    "latest_news": news_list_latest(limit=3, request=request),
                    "open_surveys": open_survey_items(language=language),
                    "upcoming_events": event_list_upcoming(limit=3),
                }
            )
        return context

    def _lists(self, request):
        """The sections (pages in the menu), and top-level pages that exist only in
        another language (the Norwegian project on the Danish home page, say)."""
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        names = dict(settings.LANGUAGES)
        homes = {home.path for home in self.get_translations(inclusive=True)}
        here = set(self.get_children().values_list("translation_key", flat=True))
        tops = Page.objects.live().public().in_menu().filter(depth=3).order_by("path")
        tops = [page for page in tops.specific() if page.path[: -Page.steplen] in homes]

        def item(page, **extra):
            url = page.get_url(request)
            return {"pk": page.pk, "path": page.path, "title": page.title, "url": url, **extra}

        others = [
            p for p in tops if p.locale_id != self.locale_id and p.translation_key not in here
        ]
        others.sort(key=lambda p: (codes[p.locale_id], p.path))
        return {
            "sections": [item(p, summary=p.summary) for p in tops if p.path.startswith(self.path)],
            "other_languages": [
                item(
                    p, language_code=codes[p.locale_id], language_name=names.get(codes[p.locale_id])
                )
                for p in others
            ],
        }


class StandardPage(BasePage):
    """A general content page: any text the other page types do not cover."""

    class Meta:
        verbose_name = _("content page")


class MissionPage(BasePage):
    statement = models.CharField(
        max_length=200,
        verbose_name=_("mission statement"),
        help_text=_("The mission in one sentence, shown prominently. At most 200 characters."),
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("statement"),
        index.AutocompleteField("statement"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("statement"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("mission page")

    @property
    def summary(self):
        return self.statement


class FoundationPage(BasePage):
    organisation_kind = models.TextField(
        verbose_name=_("kind of organisation"),
        help_text=_("What kind of organisation this is, in a sentence."),
    )
    tasks_intro = models.TextField(
        blank=True,
        verbose_name=_("lead-in to the core tasks"),
        help_text=_("The sentence that introduces the list of core tasks."),
    )
    core_tasks = StreamField(
        CoreTaskStreamBlock(),
        verbose_name=_("core tasks"),
        help_text=_("The organisation's core tasks, one per item, in order."),
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("organisation_kind"),
        index.SearchField("core_tasks"),
        index.AutocompleteField("organisation_kind"),
        index.AutocompleteField("core_tasks"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation_kind"),
        FieldPanel("tasks_intro"),
        FieldPanel("core_tasks"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("foundation page")

    @property
    def summary(self):
        return self.organisation_kind


class VisionPage(BasePage):
    """One vision period. A later period is a new page of this type."""

    period_start = models.PositiveSmallIntegerField(verbose_name=_("first year"))
    period_end = models.PositiveSmallIntegerField(verbose_name=_("last year"))
    adopted_by = models.CharField(
        max_length=120,
        verbose_name=_("adopted by"),
        help_text=_(
            "The body that adopted the vision, as it reads in a sentence (hovedbestyrelsen)."
        ),
    )
    adopted_on = models.DateField(
        verbose_name=_("adopted in"),
        help_text=_("Only the month and year are shown."),
    )
    themes = StreamField(
        ThemeStreamBlock(),
        verbose_name=_("themes"),
        help_text=_("Each theme with its goals."),
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("themes"),
        index.AutocompleteField("themes"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Period")),
        FieldPanel("intro"),
        FieldPanel("themes"),
        FieldRowPanel([FieldPanel("adopted_by"), FieldPanel("adopted_on")], heading=_("Adoption")),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("vision page")

    @property
    def summary(self):
        return self.intro or ", ".join(theme.value["title"] for theme in self.themes)


def _midnight(date):
    if date is None:
        return None
    return timezone.make_aware(dt.datetime.combine(date, dt.time()))


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page, request):
        super().__init__()
        self.index_page = index_page
        self.request = request

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_full_url(self.request)

    def subtitle(self):
        return self.index_page.intro

    def items(self):
        return self.index_page.articles()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    # The article's own date, never when it happened to be loaded or republished; an
    # article whose date is not known carries none.
    def item_pubdate(self, item):
        return _midnight(item.date)

    def item_updateddate(self, item):
        return _midnight(item.date)


class NewsIndexPage(RoutablePageMixin, BasePage):
    subpage_types = ["lejerbo_site.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def get_cached_paths(self):
        # Every page of the listing and the feed show the articles (purged with it).
        pages = Paginator(self.articles(), NEWS_PAGE_SIZE).num_pages
        return ["/", "/feed/", *(f"/?page={number}" for number in range(1, pages + 1))]

    def articles(self):
        return (
            NewsPage.objects.live()
            .public()
            .child_of(self)
            .order_by(models.F("date").desc(nulls_last=True), "-pk")
        )

    @path("")
    def index_route(self, request):
        paginator = Paginator(self.articles(), NEWS_PAGE_SIZE)
        try:
            articles = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            articles = paginator.page(1)
        except EmptyPage:
            articles = paginator.page(paginator.num_pages)
        # News only in another language (the Norwegian project article on the Danish
        # list) is listed too, marked with its language, so no visitor misses it.
        others = (
            NewsPage.objects.live()
            .public()
            .exclude(locale_id=self.locale_id)
            .exclude(translation_key__in=self.articles().values("translation_key"))
            .select_related("locale")
            .order_by(models.F("date").desc(nulls_last=True), "-first_published_at")[:10]
        )
        return self.render(
            request,
            context_overrides={"articles": articles, "other_language_articles": list(others)},
        )

    @path("feed/")
    def feed_route(self, request):
        return NewsFeed(self, request)(request)


def news_list_latest(*, limit, request=None):
    """The latest articles across every language (the organisation's news), dated first."""
    articles = (
        NewsPage.objects.live()
        .public()
        .select_related("locale")
        .order_by(models.F("date").desc(nulls_last=True), "-first_published_at")[:limit]
    )
    return [
        {
            "title": article.title,
            "url": article.get_url(request),
            "date": article.date,
            "intro": article.intro,
            "language": article.locale.language_code,
        }
        for article in articles
    ]


class NewsPage(BasePage):
    date = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("publication date"),
        help_text=_(
            "Shown on the article and used to order the news. Leave empty when the date is "
            "not known: nothing is shown then."
        ),
    )

    parent_page_types = ["lejerbo_site.NewsIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("news article")


class ProjectPage(BasePage):
    """A project. Surveys and event series point to the page they belong to."""

    contact_name = models.CharField(max_length=120, blank=True, verbose_name=_("contact name"))
    contact_role = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("contact role"),
        help_text=_("E.g. project lead."),
    )
    contact_email = models.EmailField(blank=True, verbose_name=_("contact e-mail"))

    content_panels = [
        *BasePage.content_panels,
        InlinePanel("partners", heading=_("Partners"), label=_("Partner")),
        InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("project page")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the apps depend on the site app, not the other way round.
        from participation.selectors import series_list_for_page
        from surveys.selectors import survey_list_for_page

        context = super().get_context(request, *args, **kwargs)
        context["surveys"] = survey_list_for_page(page=self)
        context["event_series"] = series_list_for_page(page=self)
        return context


@register_snippet
class OrganisationProfile(TranslatableMixin, index.Indexed, models.Model):
    """An "About …" section, reused on every page that names the organisation."""

    name = models.CharField(max_length=120, verbose_name=_("name"))
    description = models.TextField(
        verbose_name=_("description"), help_text=_("A short profile of the organisation.")
    )
    website = models.URLField(blank=True, verbose_name=_("website"))

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profiles")

    def __str__(self):
        return self.name


class ProjectPartner(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")
    profile = models.ForeignKey(
        OrganisationProfile,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )

    panels = [FieldPanel("profile")]


class ProjectMilestone(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200, verbose_name=_("title"))
    date = models.DateField(
        verbose_name=_("date"), help_text=_("The day, or the first day of the period.")
    )
    time = models.TimeField(null=True, blank=True, verbose_name=_("time"))
    when = models.CharField(
        max_length=60,
        blank=True,
        verbose_name=_("period"),
        help_text=_("Shown instead of the date when only a season is known, e.g. 'Høsten 2022'."),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("time"), FieldPanel("when")]),
        FieldPanel("description"),
    ]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        max_length=120, default="Lejerbo", verbose_name=_("organisation name")
    )
    contact_email = models.EmailField(blank=True, verbose_name=_("contact e-mail"))

    panels = [FieldPanel("organisation_name"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("site settings")
