"""URLs for operations, included by lejerbo_site/urls.py outside the language prefixes."""

from django.urls import path

from lejerbo_site import ops_views

urlpatterns = [
    # Exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT) so a load balancer may
    # probe the app servers over plain HTTP.
    path("healthz", ops_views.healthz, name="healthz"),
    path("healthz/", ops_views.healthz),
]
