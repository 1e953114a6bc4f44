"""Seed our site for the benchmark: surveys of 15 questions (one empty for the
submission run, two with generated responses for the exports), an event with a
limited capacity, and a signed-in superuser session for the exports.

Run from the project root with the bench environment (see bench.py):
`python scripts/bench/our_seed.py 10000 100000`. Prints one JSON line.
"""

import json
import os
import sys
import urllib.parse
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lejerbo_site.settings.production")
import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from participation.models import Event  # noqa: E402
from surveys.models import Option, Question, Survey  # noqa: E402

T = Question.Type
# 15 questions: (type, options or items); likert/yes-no/number/text have none.
QUESTIONS = [
    (T.SINGLE, ["Kommune", "Boligselskab", "Lejerforening", "Andet", "Ved ikke"]),
    (T.SINGLE, ["Nord", "Midt", "Syd", "Sjælland", "Hovedstaden"]),
    (T.SINGLE, ["Lille", "Mellem", "Stor"]),
    (T.SINGLE, ["Ja", "Nej", "Delvist"]),
    (T.MULTIPLE, ["Vedligehold", "Husleje", "Fællesskab", "Grønne områder"]),
    (T.MULTIPLE, ["Mail", "Brev", "Møde", "Opslag"]),
    (T.LIKERT, []),
    (T.LIKERT, []),
    (T.LIKERT, []),
    (T.LIKERT, []),
    (T.YES_NO, []),
    (T.NUMBER, []),
    (T.SHORT_TEXT, []),
    (T.SHORT_TEXT, []),
    (T.LONG_TEXT, []),
]
TEXT = "=Lite tid; få ressurser, æøå"


def survey_create(slug):
    survey = Survey.objects.create(
        slug=slug,
        main_language="da",
        status=Survey.Status.OPEN,
        opens_at=timezone.now() - timedelta(days=1),
        title_da=f"Bench {slug}",
        intro_da="Benchmark",
        thank_you_da="Tak",
    )
    for number, (kind, labels) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(
            survey=survey,
            order=number * 10,
            key=f"q{number}",
            type=kind,
            required=kind not in (T.MULTIPLE, T.LONG_TEXT),
            text_da=f"Spørgsmål {number}",
            min_value=0 if kind == T.NUMBER else None,
            max_value=10_000 if kind == T.NUMBER else None,
        )
        Option.objects.bulk_create(
            Option(question=question, order=code, code=code, label_da=label)
            for code, label in enumerate(labels, start=1)
        )
    return survey


def seed(survey, count):
    """`count` responses and their answers, in two INSERTs.

    The answers are inserted sorted by response, so that each response's answers
    lie together on disk as they do when real responses arrive (one bulk insert
    per response), not scattered as one INSERT per question would leave them.
    """
    selects, params = [], []
    for question in survey.questions.prefetch_related("options"):
        ids = [o.pk for o in question.options.all()]
        array = "ARRAY[" + ",".join(map(str, ids)) + "]::bigint[]"
        pick = f"({array})[1 + floor(random() * {len(ids)})::int]"
        text = f"'{TEXT} ' || floor(random() * 1000)"
        variants = {
            T.SINGLE: [(pick, "NULL", "''", "")],
            # Each option chosen by about half of the respondents.
            T.MULTIPLE: [(str(pk), "NULL", "''", " AND random() < 0.5") for pk in ids],
            T.LIKERT: [("NULL", "1 + floor(random() * 5)::int", "''", "")],
            T.YES_NO: [("NULL", "floor(random() * 2)::int", "''", "")],
            T.NUMBER: [("NULL", "floor(random() * 500)::int", "''", "")],
            T.SHORT_TEXT: [("NULL", "NULL", text, "")],
            T.LONG_TEXT: [("NULL", "NULL", text, "")],
        }[question.type]
        for option, number, text_sql, where in variants:
            selects.append(
                f"SELECT r.id AS response_id, %s::bigint AS question_id, "
                f"({option})::bigint AS option_id, ({number})::int AS number, "
                f"({text_sql})::text AS text "
                f"FROM surveys_response r WHERE r.survey_id = %s{where}"
            )
            params += [question.pk, survey.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO surveys_response (id, survey_id, submitted_on, language) "
            "SELECT gen_random_uuid(), %s, current_date - (g %% 30), 'da' "
            "FROM generate_series(1, %s) AS g",
            [survey.pk, count],
        )
        cursor.execute(
            "INSERT INTO surveys_answer (id, response_id, question_id, option_id, number, text) "
            "SELECT gen_random_uuid(), s.response_id, s.question_id, s.option_id, s.number, "
            f"s.text FROM ({' UNION ALL '.join(selects)}) s ORDER BY s.response_id",
            params,
        )
        cursor.execute("ANALYZE surveys_response; ANALYZE surveys_answer")


def post_body(survey):
    data = []
    for question in survey.questions.prefetch_related("options").order_by("order"):
        name = f"q{question.pk}"
        options = [o.pk for o in question.options.all()]
        if question.type == T.SINGLE:
            data.append((name, options[1]))
        elif question.type == T.MULTIPLE:
            data += [(name, options[0]), (name, options[2])]
        elif question.type == T.LIKERT:
            data.append((name, 4))
        elif question.type == T.YES_NO:
            data.append((name, 1))
        elif question.type == T.NUMBER:
            data.append((name, 120))
        else:
            data.append((name, TEXT))
    return urllib.parse.urlencode(data)


def session_cookie(user):
    """Signed in, and verified by a second factor (production requires it for the admin)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    engine = import_string(settings.SESSION_ENGINE + ".SessionStore")
    session = engine()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = StaticDevice.objects.create(user=user, name="bench")
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def pages():
    """Public paths the mixed load reads: content pages in every language, events."""
    from wagtail.models import Page

    live = Page.objects.live().filter(depth__gte=2).specific().order_by("path")[:12]
    return [p.url for p in live if p.url] + ["/events/"]


def main():
    small, big = int(sys.argv[1]), int(sys.argv[2])
    capacity = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    surveys = {key: survey_create(f"bench-{key}") for key in ("submit", "small", "big")}
    seed(surveys["small"], small)
    seed(surveys["big"], big)
    now = timezone.now()
    event = Event.objects.create(
        title="Bench seminar",
        slug="bench-seminar",
        language="da",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=3),
        place="København",
        capacity=capacity,
        waiting_list=True,
        contact_email="bench@example.org",
    )
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", None)
    signup = urllib.parse.urlencode(
        {
            "name": "Bench Person",
            "organisation": "Bench",
            "organisation_type": "municipality",
            "municipality": "København",
            "consent": "on",
        }
    )

    def export(key):
        url = reverse("admin:surveys_survey_export", args=[surveys[key].pk, "FMT"])
        return url.replace("FMT", "{fmt}")

    sys.stdout.write(
        json.dumps(
            {
                "home": "/",
                "submit_path": reverse("surveys:answer", args=[surveys["submit"].slug]),
                "submit_body": post_body(surveys["submit"]),
                "submit_survey": surveys["submit"].pk,
                "export": {key: export(key) for key in ("small", "big")},
                "warm_export": export("submit"),
                "session_cookie": session_cookie(user),
                "event_path": f"/events/{event.slug}/",
                "event_id": event.pk,
                "event_capacity": capacity,
                # {n} is replaced by the client with a unique number per sign-up.
                "signup_body": signup + "&email=bench-{n}%40example.org",
                "pages": pages(),
            }
        )
        + "\n"
    )


main()
