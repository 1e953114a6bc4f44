# Varnish in front of the app servers: anonymous pages from memory, purged on publish.
#
# Included: backends.vcl (the app servers and how requests are spread over them).
# The app marks what may be kept (lejerbo_site/caching.py): anonymous Wagtail
# pages are `public` with an `s-maxage`; everything else is passed or never stored.
# Wagtail purges the addresses a change alters (WAGTAILFRONTENDCACHE, VARNISH_URL).
vcl 4.1;

include "backends.vcl";

# Who may PURGE: the app servers (set them here when they run on other machines).
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        # Requests relayed by the TLS proxy carry X-Real-IP (and a longer
        # X-Forwarded-For than the one Varnish adds): never a purge from outside.
        if (client.ip !~ purgers || req.http.X-Real-IP || req.http.X-Forwarded-For ~ ",") {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    # Anything that posts, the admins, the forms (surveys, sign-ups: CSRF cookies),
    # the language switch and documents go straight to the app, cookies and all.
    if ((req.method != "GET" && req.method != "HEAD") || req.http.Authorization) {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|survey|events|i18n|documents|healthz)(/|$)") {
        return (pass);
    }
    # A signed-in editor, or a visitor with a session (a page password, messages).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # No other cookie changes a page (csrftoken from a form opened earlier, the
    # language choice, analytics): dropped, so every visitor shares one copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept only when the app says public and sets no cookie: private pages
    # (view restrictions, editors) say `private, no-store`, errors say nothing.
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    # `s-maxage` is for this cache only: a cache further out would not be purged.
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, ",?\s*s-maxage=\d+", "");
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
