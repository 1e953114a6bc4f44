"""Whole-page caching of Wagtail pages for anonymous visitors.

A cached page is served without touching the database. Every content change
(a page published, unpublished, moved or deleted; a snippet, setting or site
changed; an event or survey that a page lists changed) bumps one version
number, which retires every cached page at once: simple, and always correct.

A second version belongs to the page tree: what the chrome of every page is
built from (menus, listings, language links; see navigation.py) and what each
process keeps for rendering. Only a change to the tree itself replaces it (a
page published, unpublished, moved or deleted, privacy, a site, locale or the
site settings), and the process that made the change builds the new navigation
before announcing it. A sign-up or a changed event retires the cached pages but
leaves the tree's data as it is.

Only Wagtail page views are cached, only for anonymous GET requests without
cookies that could personalise the page, and never a response that sets a
cookie or uses the CSRF token, so no visitor is ever served another's token.
Survey and sign-up forms are plain Django views and are never cached.

Three pieces share the work:

- `PageCacheMiddleware`, after authentication, decides: it marks a Wagtail page
  response for an anonymous visitor as cacheable (public Cache-Control) and a
  signed-in editor's as private.
- `PageCacheHitMiddleware`, first in the stack but for the request log, stores
  the marked responses with their final headers (security headers, CSP, ETag),
  and answers cached pages when the request did not come through the WSGI layer
  below (the test client, a server configured with Django's own handler).
- `PageCacheApplication` wraps the WSGI application (wsgi.py) and answers a
  cached GET before Django builds a request at all: one cache read, then the
  stored bytes. On a miss it hands over what it read, so the middleware does
  not read the cache again.

Both decide and key from the raw WSGI environ with the same functions, so a
page stored by one is found by the other.
"""

import hashlib
import time
import uuid
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import parse_etags
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from core.request_log import log_request

VERSION_KEY = "pagecache:version"
TREE_KEY = "pagecache:tree"
# The sites (wagtailcore.Site): which site, and which root page, a host name is served by.
SITES_KEY = "pagecache:sites"
# Read with every page lookup, together with the page itself.
VERSION_KEYS = (VERSION_KEY, TREE_KEY, SITES_KEY)
# Cookies that mean the page may differ for this visitor.
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
ALLOWED_QUERY_PARAMETERS = {"page"}
# Headers a cached response must not repeat: set per response, or per visitor.
UNCACHED_HEADERS = {"set-cookie", "date", "x-page-cache", "content-length"}
# What a 304 repeats of the full answer (as django.utils.cache does).
NOT_MODIFIED_HEADERS = {
    "cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary",
    "x-page-cache",
}  # fmt: skip
# Paths that are never Wagtail pages: not looked up in the cache at all (a cache
# read is a network round trip with Redis).
NOT_PAGE_PREFIXES = getattr(
    settings,
    "PAGE_CACHE_SKIP_PREFIXES",
    ("/survey/", "/events/", "/admin/", "/django-admin/", "/static/", "/media/", "/healthz"),
)
# How long a cached page, and anything kept for rendering pages, lives at most.
PAGE_SECONDS = getattr(settings, "PAGE_CACHE_SECONDS", 600)
# Set in the environ by PageCacheApplication after a miss: (key, version read).
LOOKED_UP = "lejerbo.page_cache.looked_up"


def _version(key):
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def page_cache_invalidate(**kwargs):
    """Retire every cached page (connected to the content signals in apps.py).

    The version is a random token, never a counter, so that a restarted or
    cleared cache cannot bring back a version that a process still remembers.
    It changes now and again after the commit: a page rendered in between, from
    the data before the commit, is never kept under the new version.
    """

    def bump():
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def page_tree_changed(**kwargs):
    """Retire every cached page and everything kept from the page tree (apps.py).

    Both versions change now, and again after the commit; the second time, the
    navigation of every site is built for the new tree version first, so the
    next visitor finds it ready (a process that finds none builds it itself).
    """
    cache.set_many({VERSION_KEY: uuid.uuid4().hex, TREE_KEY: uuid.uuid4().hex}, timeout=None)
    transaction.on_commit(_publish_tree)


def sites_changed(**kwargs):
    """A site added, changed or deleted: what each process knows of the sites goes too."""
    cache.set(SITES_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(SITES_KEY, uuid.uuid4().hex, timeout=None))
    page_tree_changed()


def _publish_tree():
    from .navigation import navigation_build_all

    tree = uuid.uuid4().hex
    try:
        navigation_build_all(tree)
    finally:
        # Whatever happened above, the change is committed: announce it.
        cache.set_many({VERSION_KEY: uuid.uuid4().hex, TREE_KEY: tree}, timeout=None)


def _cacheable_environ(environ):
    """An anonymous, cookie-less (but for CSRF and language) GET of a plain page URL.

    Without a session cookie there is no signed-in user: this is decided before
    the session and authentication middleware run.
    """
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if environ.get("PATH_INFO", "/").startswith(NOT_PAGE_PREFIXES):
        return False
    cookies = environ.get("HTTP_COOKIE")
    # Parsed as Django parses it, and only when a name appears at all.
    if cookies and any(name in cookies for name in PERSONAL_COOKIES):
        if PERSONAL_COOKIES & set(parse_cookie(cookies)):
            return False
    query = environ.get("QUERY_STRING")
    if query:
        names = {name for name, _value in parse_qsl(query, keep_blank_values=True)}
        if names - ALLOWED_QUERY_PARAMETERS:
            return False
    return True


def _cache_key(environ):
    """The key of one address, from everything Django reads the scheme, host and path from.

    Raw values, not Django's interpretation of them: two requests can only share
    a key if Django would have seen the same request. An address whose host
    Django refuses is never stored, so it is never found either.
    """
    proxy_ssl_header = (settings.SECURE_PROXY_SSL_HEADER or ("",))[0]
    parts = [
        environ.get("wsgi.url_scheme", "http"),
        environ.get(proxy_ssl_header, ""),
        environ.get("HTTP_X_FORWARDED_HOST", "") if settings.USE_X_FORWARDED_HOST else "",
        environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}",
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", "/"),
        environ.get("QUERY_STRING", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:{digest[:40]}"


def _lookup(environ):
    """(answer or None, key, versions): one cache read for the versions and the page together."""
    key = _cache_key(environ)
    found = cache.get_many([*VERSION_KEYS, key])
    versions = {name: found[name] for name in VERSION_KEYS if name in found}
    entry = found.get(key)
    if entry is not None and entry[0] == versions.get(VERSION_KEY):
        return _answer(environ, entry), key, versions
    return None, key, versions


def _answer(environ, entry):
    """(status, headers, body) of a cached page; 304 when the browser's copy is current."""
    _version, content, headers = entry
    headers = [*headers, ("X-Page-Cache", "hit")]
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        if etag and _etag_matches(etag, if_none_match):
            return 304, [h for h in headers if h[0].lower() in NOT_MODIFIED_HEADERS], b""
    return 200, headers, content


def _etag_matches(etag, if_none_match):
    # If-None-Match uses the weak comparison (RFC 9110 13.1.2).
    wanted = parse_etags(if_none_match)
    return "*" in wanted or etag.removeprefix("W/") in {e.removeprefix("W/") for e in wanted}


class PageCacheApplication:
    """WSGI middleware: answer a cached page before Django handles the request."""

    STATUS_LINES = {200: "200 OK", 304: "304 Not Modified"}

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # HEAD goes to Django, which knows to send no body.
        if environ.get("REQUEST_METHOD") == "GET" and _cacheable_environ(environ):
            start = time.monotonic()
            answer, key, versions = _lookup(environ)
            if answer is None:
                environ[LOOKED_UP] = (key, versions)
            else:
                status, headers, body = answer
                start_response(
                    self.STATUS_LINES[status], [*headers, ("Content-Length", str(len(body)))]
                )
                log_request(
                    method="GET",
                    path=get_script_name(environ).rstrip("/") + get_path_info(environ),
                    query=environ.get("QUERY_STRING", ""),
                    status=status,
                    start=start,
                    page_cache="hit",
                )
                return [body]
        return self.application(environ, start_response)


class PageCacheHitMiddleware:
    """Store marked pages with their final headers; serve cached pages to the test client.

    Put it first, right after the request log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        looked_up = environ.pop(LOOKED_UP, None)
        if looked_up is not None:
            key, request._page_cache_versions = looked_up
        elif _cacheable_environ(environ):
            answer, key, request._page_cache_versions = _lookup(environ)
            if answer is not None:
                status, headers, body = answer
                response = HttpResponse(body, status=status)
                for name, value in headers:
                    response[name] = value
                return response
        else:
            return self.get_response(request)
        response = self.get_response(request)
        if getattr(response, "_page_cache_store", False) and self._storable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNCACHED_HEADERS
            ]
            version = content_version(request)
            cache.set(key, (version, response.content, headers), PAGE_SECONDS)
        return response

    @staticmethod
    def _storable(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            # A nonce is single-use: replaying it to every visitor would defeat the CSP.
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )


class PageCacheMiddleware:
    """Mark Wagtail page responses: cacheable for anonymous visitors, private for editors."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.browser_max_age = getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 60)

    def __call__(self, request):
        response = self.get_response(request)
        site_key = getattr(request, "_page_cache_site_key", None)
        site = getattr(request, "_wagtail_site", None)
        if site_key is not None and site is not None:
            _memo_items(request).setdefault(site_key, site)
            if getattr(request, "_page_cache_site_looked_up", False):
                _sites_items(request).setdefault(site_key, _site_values(site))
        if getattr(request, "_page_cache_private", False):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if not getattr(request, "_page_cache_page", False):
            return response
        if PageCacheHitMiddleware._storable(request, response):
            response["X-Page-Cache"] = "miss"
            patch_cache_control(response, public=True, max_age=self.browser_max_age)
            # A shared proxy must not hand an anonymous copy to a signed-in editor.
            patch_vary_headers(response, ["Cookie"])
            response._page_cache_store = True
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve:
            return None
        anonymous = not request.user.is_authenticated
        if anonymous and not hasattr(request, "_wagtail_site"):
            # Wagtail looks the site up for every page and keeps it on the request as
            # `_wagtail_site` (Site.find_for_request); for visitors, once per content
            # version. Wagtail's own lookup runs in the view (where a database
            # outage becomes the 503 page); what it found is kept on the way out.
            # Editors look it up afresh, so they see drafts' state as it is now.
            key = (request.get_host(), "site", request.get_port())
            site = _memo_items(request).get(key)
            if site is None:
                request._page_cache_site_key = key
                # After a publish: the site is known, its root page is fetched afresh.
                known = _sites_items(request).get(key)
                if known is None:
                    request._page_cache_site_looked_up = True
                else:
                    request._wagtail_site = _site_from_values(request, known)
            else:
                request._wagtail_site = site
        if anonymous and _cacheable_environ(request.META):
            request._page_cache_page = True
        else:
            # Logged-in editors always get a fresh page, and so do their browsers.
            request._page_cache_private = True
        return None


def _site_values(site):
    """A site as plain data, with the type of its root page (already loaded by Wagtail)."""
    values = {field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields}
    return {"values": values, "root_model": site.root_page.specific_class, "pages": {}}


def _site_from_values(request, known):
    """The site again; its root page, as its own type, when routing first asks for it
    (in the view, where a database outage becomes the 503 page).

    The root page and its translations (the home page in each language) are
    fetched in one query each, or kept from the previous tree version when the
    navigation says their live revision and address are the same: a page's live
    content changes only with its live revision. The root page learns its live,
    public translations from the navigation, so Wagtail's routing finds the home
    page in the visitor's language without asking for the active locale
    (BasePage.localized).
    """
    from .navigation import navigation_for_request

    site = Site(**known["values"])
    site._state.adding = False
    site._state.db = DEFAULT_DB_ALIAS
    model, kept = known["root_model"], known["pages"]

    def page(pk, revisions):
        found = kept.get(pk)
        if found is None or found[0] != revisions.get(pk):
            fetched = model._default_manager.filter(pk=pk).first()
            if fetched is None:
                return None
            found = kept[pk] = ((fetched.live_revision_id, fetched.url_path), fetched)
        return found[1]

    def root_page():
        navigation = navigation_for_request(request)
        revisions = navigation["revisions"]
        root = page(site.root_page_id, revisions) or Page.objects.get(pk=site.root_page_id)
        homes = {code: home["pk"] for code, home in navigation["homes"].items()}
        root._home_in = lambda language: (
            page(homes[language], revisions) if language in homes else None
        )
        return root

    Site.root_page.field.set_cached_value(site, SimpleLazyObject(root_page))
    return site


def _request_version(request, key):
    """A version token, read once per request (with the page, when it was looked up)."""
    versions = request.__dict__.setdefault("_page_cache_versions", {})
    if key not in versions:
        versions[key] = _version(key)
    return versions[key]


def content_version(request):
    return _request_version(request, VERSION_KEY)


def tree_version(request):
    return _request_version(request, TREE_KEY)


def sites_version(request):
    return _request_version(request, SITES_KEY)


# What content_memo keeps in this process, for one tree version at a time, and
# never longer than the page cache keeps a page: without a shared cache (no
# REDIS_URL) every process has a version of its own and never hears of a change
# made in another, so this bounds how long such a process shows the old content.
_memo = {"version": None, "until": 0.0, "items": {}}
# What this process knows of the sites (host -> site), for one sites version.
_sites_memo = {"version": None, "until": 0.0, "items": {}}
MEMO_LIMIT = 10_000


def _memo_items(request):
    global _memo
    _memo = _fresh(_memo, tree_version(request))
    return _memo["items"]


def _sites_items(request):
    global _sites_memo
    _sites_memo = _fresh(_sites_memo, sites_version(request))
    return _sites_memo["items"]


def _fresh(memo, version):
    now = time.monotonic()
    if memo["version"] != version or now > memo["until"]:
        return {"version": version, "until": now + PAGE_SECONDS, "items": {}}
    return memo


def content_memo(request, parts, build):
    """`build()`, kept in this process until the next change to the page tree.

    For what every page needs and only reads (the site, its settings, menus):
    after the first request of a content version, no cache or database round trip
    at all. The value is shared by every request of the process, so it must
    never be changed by the caller.
    """
    items = _memo_items(request)
    key = (request.get_host(), *parts)
    try:
        return items[key]
    except KeyError:
        value = build()
        if len(items) < MEMO_LIMIT:
            items[key] = value
        return value


def content_cached(request, parts, build, *, shared_key=None):
    """`build()`, kept until the next change to the page tree (the tree version).

    For data derived from the page tree (menus, listings) on pages rendered without
    the page cache: in this process's memo, behind it in the shared cache (so each
    tree version is built once, not once per process), never stale.
    `build` must return plain, picklable data (titles, URLs), not model instances.
    `shared_key(version)` names it in the shared cache when it does not depend on
    the host (the navigation, built ahead by page_tree_changed).
    """

    def shared():
        version = tree_version(request)
        if shared_key is None:
            key = ":".join(["content", str(version), request.get_host(), *map(str, parts)])
        else:
            key = shared_key(version)
        data = cache.get(key)
        if data is None:
            data = build()
            cache.set(key, data, PAGE_SECONDS)
        return data

    return content_memo(request, ["shared", *parts], shared)
