"""Whatever arrives at a public form or query parameter: never a 5xx, never half a submission.

Property-based (hypothesis): each test sends many generated inputs (arbitrary
unicode, NUL, the neighbours of the surrogates, huge numbers, very long strings,
missing and repeated fields, raw bytes that are not UTF-8) to the survey steps, the
seminar-contact form, the sign-up, the cancel link, search and the published
results. Counts are compared before and after every example, as the database is
set up once per test. A valid submission is always stored, and stored whole.
The number of examples is set by the profile in tests/conftest.py.
"""

import datetime as dt
import uuid
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core import signing
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.hostile_input import text_clean
from participation.models import Registration
from participation.tokens import cancel_token_make
from surveys.forms import OTHER, thanks_key_new
from surveys.models import PendingContact, Response, SeminarContact, Survey
from tests.participation.factories import EventFactory, RegistrationFactory
from tests.surveys.factories import (
    build_every_type_survey,
    good_answers,
    make_responses,
    opt,
    q,
    state_of,
)

pytestmark = pytest.mark.django_db

# Everything a browser (or a script) can send: surrogates themselves cannot be
# encoded, but their neighbours and the non-characters can.
SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud7ff\ue000\ufffd\ufffe\uffff",
    "\U00010000\U0010ffff",
    "\u202e\u200d\u2028",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    "9" * 5000,
    "1e400",
    "-0",
    "x" * 20_000,
    '=HYPERLINK("http://evil")',
    "<script>alert(1)</script>",
    "'; DROP TABLE surveys_response; --",
]
any_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.sampled_from(SPECIAL),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=300, max_size=3000),
)


def field_values(names):
    """A POST dict: each field missing, sent once, or repeated."""
    one_field = st.one_of(st.none(), any_text, st.lists(any_text, min_size=2, max_size=3))
    return st.fixed_dictionaries(dict.fromkeys(names, one_field)).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


raw_query = st.binary(max_size=80).map(lambda b: "q=" + quote_from_bytes(b))


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


# --- Sign-up -----------------------------------------------------------------------

SIGNUP_FIELDS = [
    "name",
    "email",
    "organisation",
    "organisation_type",
    "municipality",
    "role",
    "needs",
    "consent",
    "website",
]


@pytest.fixture
def event():
    return EventFactory(capacity=None)


@given(data=field_values(SIGNUP_FIELDS))
def test_any_sign_up_is_answered_and_stored_whole_or_not_at_all(client, event, data):
    before = Registration.objects.count()
    response = client.post(f"/events/{event.slug}/", data)
    assert_no_server_error(response)
    after = Registration.objects.count()
    if response.status_code == 302:
        assert after - before in (0, 1)  # 0: this address had signed up already
    else:
        assert after == before


plain_word = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)


@given(name=plain_word, organisation=plain_word, municipality=plain_word, needs=any_text)
def test_a_valid_sign_up_is_always_stored_whole(
    client, event, name, organisation, municipality, needs
):
    name, organisation, municipality = "A" + name, "B" + organisation, "C" + municipality
    needs = needs[:1500]
    email = f"{uuid.uuid4().hex}@example.no"
    data = {
        "name": name,
        "email": email,
        "organisation": organisation,
        "organisation_type": "municipality",
        "municipality": municipality,
        "needs": needs,
        "consent": "on",
    }
    response = client.post(f"/events/{event.slug}/", data)
    assert response.status_code == 302
    stored = Registration.objects.get(email=email)
    assert (stored.name, stored.organisation, stored.municipality, stored.needs) == tuple(
        text_clean(value).strip() for value in (name, organisation, municipality, needs)
    )


# --- Cancel --------------------------------------------------------------------------


@given(token=any_text, lang=any_text, post=st.booleans())
def test_any_cancel_link_is_answered(client, event, token, lang, post):
    url = f"/events/cancel/{quote(token or 'x', safe='')}/"
    response = (client.post if post else client.get)(url, {"lang": lang})
    assert_no_server_error(response)


def test_a_real_cancel_link_still_cancels(client, event):
    registration = RegistrationFactory(event=event)
    response = client.post(f"/events/cancel/{cancel_token_make(registration=registration)}/")
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == "cancelled"


# --- Survey steps ----------------------------------------------------------------------


@pytest.fixture
def survey():
    return build_every_type_survey()


def _whole(response: Response) -> bool:
    """Every required question of the survey has its answer."""
    keys = set(response.answers.values_list("question__key", flat=True))
    return {"who", "size", "board", "skill", "influence"} <= keys


FIRST_STEP = ["who", "who_other", "methods", "methods_other", "size", "board", "website"]


@given(data=field_values(FIRST_STEP), back=st.booleans())
def test_any_first_step_is_answered_and_stores_nothing(client, survey, data, back):
    fields = {"website": "website"}
    for key in ("who", "methods", "size", "board"):
        fields[key] = f"q{q(survey, key).pk}"
        fields[f"{key}_other"] = f"q{q(survey, key).pk}_other"
    page = client.get(f"/survey/{survey.slug}/")
    posted = {"state": state_of(page), **{fields[k]: v for k, v in data.items()}}
    if back:
        posted["back"] = "1"
    response = client.post(f"/survey/{survey.slug}/", posted)
    assert_no_server_error(response)
    assert not Response.objects.exists()


@given(data=field_values(["skill", "item1", "item2", "name_of_area", "barriers", "website"]))
def test_any_last_step_stores_a_whole_response_or_nothing(client, survey, data):
    url = f"/survey/{survey.slug}/"
    first, _second = good_answers(survey)
    page = client.post(url, {"state": state_of(client.get(url)), **first})
    matrix = q(survey, "influence")
    fields = {
        "skill": f"q{q(survey, 'skill').pk}",
        "item1": f"q{matrix.pk}_i{opt(survey, 'influence', 1).pk}",
        "item2": f"q{matrix.pk}_i{opt(survey, 'influence', 2).pk}",
        "name_of_area": f"q{q(survey, 'name_of_area').pk}",
        "barriers": f"q{q(survey, 'barriers').pk}",
        "website": "website",
    }
    before = Response.objects.count()
    response = client.post(
        url, {"state": state_of(page), **{fields[k]: v for k, v in data.items()}}
    )
    assert_no_server_error(response)
    after = Response.objects.count()
    assert after - before == (1 if response.status_code == 302 else 0)
    assert all(_whole(r) for r in Response.objects.all())


@given(state=any_text)
def test_any_form_state_is_answered(client, survey, state):
    response = client.post(f"/survey/{survey.slug}/", {"state": state})
    assert_no_server_error(response)
    assert not Response.objects.exists()


@given(
    size=st.integers(min_value=0, max_value=100_000),
    area=plain_word,
    barriers=any_text,
    other=plain_word,
)
def test_a_valid_response_is_always_stored_whole(client, survey, size, area, barriers, other):
    url = f"/survey/{survey.slug}/"
    first, second = good_answers(survey)
    methods = q(survey, "methods")
    first = {
        **first,
        f"q{q(survey, 'size').pk}": str(size),
        f"q{methods.pk}": [str(opt(survey, "methods", 2).pk), OTHER],
        f"q{methods.pk}_other": "O" + other,
    }
    second = {
        **second,
        f"q{q(survey, 'name_of_area').pk}": area,
        f"q{q(survey, 'barriers').pk}": barriers[:9000],
    }
    before = set(Response.objects.values_list("pk", flat=True))
    page = client.post(url, {"state": state_of(client.get(url)), **first})
    response = client.post(url, {"state": state_of(page), **second})
    assert response.status_code == 302
    (mine,) = Response.objects.exclude(pk__in=before)
    texts = dict(mine.answers.filter(text__gt="").values_list("question__key", "text"))
    assert mine.answers.get(question__key="size").number == size
    assert texts["methods"] == text_clean("O" + other).strip()
    for key, value in (("name_of_area", area), ("barriers", barriers[:9000])):
        assert texts.get(key, "") == text_clean(value).strip()
    assert _whole(mine)


# --- Seminar contact (the thank-you page) ------------------------------------------------


def contacts_kept():
    """Contacts waiting for their batch (surveys.services.pool_flush) and those flushed."""
    return PendingContact.objects.count() + SeminarContact.objects.count()


@given(data=field_values(["name", "email", "organisation", "website"]), key=st.booleans())
def test_any_contact_form_is_answered_and_stored_whole_or_not_at_all(client, survey, data, key):
    if key:
        data["thanks_key"] = thanks_key_new(survey.slug)
    before = contacts_kept()
    response = client.post(f"/survey/{survey.slug}/thanks/?lang=da", data)
    assert_no_server_error(response)
    after = contacts_kept()
    assert after - before == (1 if response.status_code == 302 else 0)


@given(name=plain_word, organisation=plain_word)
def test_a_valid_contact_is_always_stored_whole(client, survey, name, organisation):
    email = f"{uuid.uuid4().hex}@example.no"
    data = {
        "name": "N" + name,
        "email": email,
        "organisation": organisation,
        "thanks_key": thanks_key_new(survey.slug),
    }
    response = client.post(f"/survey/{survey.slug}/thanks/?lang=da", data)
    assert response.status_code == 302
    stored = PendingContact.objects.get(email=email)
    assert (stored.name, stored.organisation) == (
        text_clean("N" + name).strip(),
        text_clean(organisation).strip(),
    )


# --- Query parameters --------------------------------------------------------------------


@pytest.fixture
def pages(survey):
    """Every public address that reads query parameters, with the names it reads."""
    coded = build_every_type_survey(access=Survey.Access.CODES)
    published = build_every_type_survey(
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
        results_published=True,
    )
    make_responses(published, 6)
    event = EventFactory()
    return [
        ("/search/", ["q", "page"]),
        ("/en/search/", ["q", "page"]),
        (f"/survey/{survey.slug}/", ["lang", "code"]),
        (f"/survey/{coded.slug}/", ["lang", "code"]),
        (f"/survey/{survey.slug}/thanks/", ["lang", "k", "sent"]),
        (f"/survey/{published.slug}/results/", ["lang"]),
        ("/events/", ["lang"]),
        (f"/events/{event.slug}/", ["lang"]),
        ("/events/privacy/", ["lang"]),
    ]


@given(data=st.data())
def test_any_query_string_is_answered(client, pages, data):
    url, names = data.draw(st.sampled_from(pages))
    params = data.draw(field_values([*names, "x"]))
    assert_no_server_error(client.get(url, params))
    raw = data.draw(raw_query)
    assert_no_server_error(client.get(url, QUERY_STRING=raw.replace("q=", f"{names[0]}=")))


def test_a_signed_but_foreign_value_is_refused_quietly(client, survey):
    # Signed with the right key but another salt: as good as garbage.
    forged = signing.dumps({"s": survey.slug}, salt="something-else")
    response = client.post(f"/survey/{survey.slug}/thanks/?lang=da", {"thanks_key": forged})
    assert_no_server_error(response)
    assert not contacts_kept()
