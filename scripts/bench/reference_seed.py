"""Seed the reference site (a plain `wagtail start` project): three form pages of 15
fields, generated submissions, and a signed-in superuser session for the export.

Run inside the reference project: `python reference_seed.py 10000 100000`.
Prints one JSON line: page paths and ids, the POST body of a valid submission,
and the session cookie.
"""

import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.getcwd())
import django  # noqa: E402

django.setup()

from benchforms.models import FormField, FormPage  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from wagtail.models import Page  # noqa: E402

CHOICES = "Kommune\nBoligselskab\nLejerforening\nAndet"
# (label, field type, choices): 15 fields, like the survey of 15 questions.
FIELDS = [
    ("Name", "singleline", ""),
    ("Organisation", "singleline", ""),
    ("Municipality", "singleline", ""),
    ("Role", "singleline", ""),
    ("Email", "email", ""),
    ("Number of homes", "number", ""),
    ("Organisation type", "dropdown", CHOICES),
    ("Region", "dropdown", "Nord\nMidt\nSyd\nSjælland\nHovedstaden"),
    ("Size", "dropdown", "Lille\nMellem\nStor"),
    ("Satisfied", "radio", "1\n2\n3\n4\n5"),
    ("Involved", "radio", "1\n2\n3\n4\n5"),
    ("Informed", "radio", "1\n2\n3\n4\n5"),
    ("Topics", "checkboxes", "Vedligehold\nHusleje\nFællesskab\nGrønne områder"),
    ("Channels", "checkboxes", "Mail\nBrev\nMøde\nOpslag"),
    ("Comments", "multiline", ""),
]
VALUES = {
    "singleline": "Lite tid og få ressurser",
    "email": "bench@example.org",
    "number": "120",
    "multiline": "=Lite tid; få ressurser, æøå",
}


def form_page(home, slug, title):
    page = FormPage(title=title, slug=slug, intro="Bench", thank_you_text="Thank you")
    home.add_child(instance=page)
    page.save_revision().publish()
    for order, (label, field_type, choices) in enumerate(FIELDS):
        FormField.objects.create(
            page=page,
            sort_order=order,
            label=label,
            field_type=field_type,
            required=field_type != "checkboxes",
            choices=choices,
        )
    return FormPage.objects.get(pk=page.pk)


def seed(page, count):
    """Insert `count` submissions in one statement, with varying values."""
    parts = []
    for field in page.get_form_fields():
        key = field.clean_name
        if field.field_type in ("dropdown", "radio"):
            options = [c.strip() for c in field.choices.split("\n")]
            array = "ARRAY[" + ",".join(f"'{o}'" for o in options) + "]"
            parts.append(f"'{key}', ({array})[1 + floor(random() * {len(options)})::int]")
        elif field.field_type == "checkboxes":
            options = [c.strip() for c in field.choices.split("\n")]
            array = "ARRAY[" + ",".join(f"'{o}'" for o in options) + "]"
            parts.append(f"'{key}', to_jsonb(({array})[1:1 + floor(random() * 4)::int])")
        elif field.field_type == "number":
            parts.append(f"'{key}', floor(random() * 500)::int")
        else:
            parts.append(f"'{key}', '{VALUES[field.field_type]} ' || g")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailforms_formsubmission (form_data, page_id, submit_time) "
            f"SELECT jsonb_build_object({', '.join(parts)}), %s, now() "
            "FROM generate_series(1, %s) AS g",
            [page.pk, count],
        )


def post_body(page):
    data = []
    for field in page.get_form_fields():
        if field.field_type in ("dropdown", "radio", "checkboxes"):
            data.append((field.clean_name, field.choices.split("\n")[1].strip()))
        else:
            data.append((field.clean_name, VALUES[field.field_type]))
    return urllib.parse.urlencode(data)


def main():
    small, big = int(sys.argv[1]), int(sys.argv[2])
    home = Page.objects.get(depth=2)
    pages = {
        "submit": form_page(home, "bench-form", "Bench form"),
        "small": form_page(home, "bench-form-small", "Bench form small"),
        "big": form_page(home, "bench-form-big", "Bench form big"),
    }
    seed(pages["small"], small)
    seed(pages["big"], big)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sys.stdout.write(
        json.dumps(
            {
                "home": "/",
                "submit_path": pages["submit"].url,
                "submit_body": post_body(pages["submit"]),
                "export": {
                    key: f"/admin/forms/submissions/{pages[key].pk}/?export={{fmt}}"
                    for key in ("small", "big")
                },
                "session_cookie": f"sessionid={session.session_key}",
                "warm_export": f"/admin/forms/submissions/{pages['submit'].pk}/?export={{fmt}}",
            }
        )
        + "\n"
    )


main()
