"""Site-wide security headers and the admin login lockout page.

The public pages get the strict Content-Security-Policy of
`settings.CONTENT_SECURITY_POLICY`; the Wagtail and Django admins, which rely on
inline scripts and styles, get `settings.ADMIN_CONTENT_SECURITY_POLICY` instead.
Wagtail's previews keep the public policy but may be framed by the admin itself.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request) -> str:
    """The visitor's address, from the header the reverse proxy sets (CLIENT_IP_HEADER).

    Without a proxy this is REMOTE_ADDR. Never trust X-Forwarded-For as a client
    could send it: the proxy must set the configured header itself.
    """
    value = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    # A proxy chain may append addresses; the last one is the one our proxy saw.
    return value.split(",")[-1].strip()


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.ADMIN_PATH_PREFIXES))


def is_wagtail_preview(request) -> bool:
    """A page rendered for Wagtail's preview (the panel, "preview in new tab", a revision).

    Wagtail renders a preview by sending a made-up request for the page's *public*
    address through the whole middleware stack, then hands that response back from its
    admin view (`PreviewableMixin.make_preview_request`, which sets `is_preview`). The
    headers set here for that inner request are the ones the browser gets: the admin
    view's own request only adds headers that are still missing.
    Only Wagtail's admin views, behind their permission checks, make such requests.
    """
    return getattr(request, "is_preview", False) is True


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp, with the looser admin policy on the admin paths.

    A preview keeps the public policy (the page's template relies on its nonce) with one
    change: the admin's own origin may show it in a frame (the preview panel). That is
    django-csp's `csp_replace`, decided per request rather than per view; X-Frame-Options
    says the same, SAMEORIGIN, as Django's `xframe_options_sameorigin` would.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if is_wagtail_preview(request):
            # Replaces the DENY of XFrameOptionsMiddleware (X_FRAME_OPTIONS), which runs first.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
            # A nonce would make browsers ignore the admin's 'unsafe-inline'.
            parts.nonce = None
        if is_wagtail_preview(request):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


class PermissionsPolicyMiddleware:
    """Send `Permissions-Policy` built from settings.PERMISSIONS_POLICY.

    {"camera": []} becomes `camera=()`, {"fullscreen": ["self"]} `fullscreen=(self)`.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def lockout_response(request, original_response, credentials):
    """django-axes: the page shown while a login is locked out (status 429)."""
    cooloff_hours = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "429.html",
        {
            "message": _(
                "Too many failed sign-in attempts. For your security, sign-in is blocked "
                "for a while. Please try again later or ask an administrator for help."
            ),
        },
        status=429,
    )
    response["Retry-After"] = str(int(float(cooloff_hours) * 3600))
    return response
