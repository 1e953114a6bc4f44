"""The permission matrix in docs/roles.md holds: generated from its table.

For every row (an admin page, custom view, export or action) and every role column,
a member of staff with that role tries the thing. "yes": it opens, the export
downloads, the action runs; every export and action leaves exactly one audit row.
"no": 403 (or, in Wagtail, sent away), the action is not offered, posting it anyway
changes nothing and leaves no audit row.
"""

import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core import signals
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from core.audit import Action, audit_record
from core.models import AuditRecord
from lejerbo_site.roles import ROLES, role_group, role_groups_set
from participation.models import Invitation, Registration
from surveys import services as survey_services
from surveys.models import InvitationCode, Option, Response, SeminarContact, Survey
from tests.participation.factories import EventFactory, EventSeriesFactory, RegistrationFactory
from tests.surveys.factories import build_every_type_survey
from tests.surveys.test_survey_admin import management, section_fields, survey_data

ROLES_DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
COLUMNS = {
    "Editor": "editor",
    "Survey analyst": "survey_analyst",
    "Survey editor": "survey_editor",
    "Event coordinator": "event_coordinator",
    "Privacy officer": "privacy_officer",
    "View only": "view_only",
    "Superuser": "superuser",
}
PASSWORD = "pw-0123456789"


def read_matrix() -> list[tuple[str, str, bool]]:
    """(check, column, allowed) for every cell of the table between the markers."""
    text = ROLES_DOC.read_text(encoding="utf-8")
    table = text.split("<!-- role-matrix:start -->")[1].split("<!-- role-matrix:end -->")[0]
    lines = [line.strip() for line in table.strip().splitlines()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    cells = []
    for line in lines[2:]:
        row = [cell.strip() for cell in line.strip("|").split("|")]
        check = row[0].strip("`")
        for column, value in zip(header[2:], row[2:], strict=True):
            assert value in ("yes", "no"), (check, column, value)
            cells.append((check, column, value == "yes"))
    return cells


MATRIX = read_matrix()


def test_the_matrix_covers_every_role_and_more_than_a_few_checks():
    columns = {column for _check, column, _allowed in MATRIX}
    assert columns == set(COLUMNS)
    assert {COLUMNS[c] for c in columns} >= set(ROLES)
    assert len({check for check, _column, _allowed in MATRIX}) >= 30


@pytest.fixture
def world(db, home_page, mailoutbox):
    # As after `migrate`; again here because a flushed test database (after a
    # transactional test) got its groups back without Wagtail's root page.
    role_groups_set()
    survey = build_every_type_survey()
    survey_services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values={})
    codes = survey_services.invitation_codes_generate(survey=survey, count=2)
    for n, code in enumerate(codes):
        code.email = f"recipient{n}@example.org"
        code.organisation = f"Boligselskab {n}"
        code.save()
    survey_services.seminar_contact_create(survey=survey, name="Kari", email="kari@example.no")
    # Staff see a contact only once its batch has left the pool.
    survey_services.pool_flush(survey=survey, remainder=True)
    contact = SeminarContact.objects.get(email="kari@example.no")
    series = EventSeriesFactory()
    event = EventFactory(series=series, capacity=3)
    confirmed = RegistrationFactory(event=event)
    attended = RegistrationFactory(event=event, attended=True)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    full = EventFactory(series=series, capacity=1)
    RegistrationFactory(event=full)
    waiting_full = RegistrationFactory(event=full, status=Registration.Status.WAITING)
    # Attendance is marked only from an event's start: one under way for those checks.
    started = EventFactory(series=series, starts_at=timezone.now() - dt.timedelta(hours=1))
    at_door = RegistrationFactory(event=started)
    came = RegistrationFactory(event=started, attended=True)
    invitation = Invitation.objects.create(series=series, email="invited@example.org")
    seed = audit_record(user=None, action=Action.EXPORT, what="seed", row_count=1)
    mailoutbox.clear()
    return {
        "home": home_page,
        "survey": survey,
        "codes": codes,
        "contact": contact,
        "series": series,
        "event": event,
        "confirmed": confirmed,
        "attended": attended,
        "waiting": waiting,
        "full": full,
        "waiting_full": waiting_full,
        "started": started,
        "at_door": at_door,
        "came": came,
        "invitation": invitation,
        "seed": seed,
        "mailoutbox": mailoutbox,
    }


def member(role: str) -> User:
    if role == "superuser":
        return User.objects.create_superuser("member", "member@example.org", PASSWORD)
    user = User.objects.create_user("member", "member@example.org", PASSWORD, is_staff=True)
    if role == "view_only":
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=["surveys", "participation"],
                codename__startswith="view_",
            )
        )
    else:
        user.groups.add(role_group(role))
    return user


def audit_rows(world) -> int:
    return AuditRecord.objects.exclude(pk=world["seed"].pk).count()


def opened(response) -> bool:
    assert response.status_code in (200, 403), response.status_code
    return response.status_code == 200


def wagtail_opened(response) -> bool:
    # Wagtail sends those who may not in away (to the login or the dashboard).
    assert response.status_code in (200, 302, 403), response.status_code
    return response.status_code == 200


# --- Exports, mailings and views ----------------------------------------------------


def finish(response):
    """Read the download and close it, without request_finished closing the test's
    database connection (the test client does the same around what it closes)."""
    b"".join(response.streaming_content)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


def try_download(client, world, method, url, data=None) -> bool:
    before = audit_rows(world)
    response = getattr(client, method)(url, data or {})
    if response.status_code == 403:
        assert audit_rows(world) == before, "a refused export left an audit row"
        return False
    assert response.status_code == 200, response.status_code
    assert response.streaming, "an export streams its file"
    finish(response)
    assert audit_rows(world) == before + 1, "an export leaves exactly one audit row"
    return True


def check_export(client, world, name) -> bool:
    survey = world["survey"]
    if name == "survey_responses":
        url = reverse("admin:surveys_survey_export", args=[survey.pk, "csv"])
        return try_download(client, world, "get", url)
    if name == "invitation_codes":
        url = reverse("admin:surveys_survey_codes", args=[survey.pk])
        return try_download(client, world, "post", url, {"export": "1"})
    if name == "seminar_contacts":
        url = reverse("admin:surveys_seminarcontact_export", args=["xlsx"])
        return try_download(client, world, "get", url)
    if name == "participants_event":
        return check_action(client, world, "participation.event", "export_comma")
    if name == "participants_series":
        return check_action(client, world, "participation.eventseries", "export_comma")
    raise AssertionError(f"unknown export {name}")


def check_view(client, world, name, django_capture_on_commit_callbacks) -> bool:
    survey = world["survey"]
    if name == "survey_results":
        return opened(client.get(reverse("admin:surveys_survey_results", args=[survey.pk])))
    if name == "survey_preview":
        return check_preview(client, survey)
    if name == "survey_codes":
        return opened(client.get(reverse("admin:surveys_survey_codes", args=[survey.pk])))
    if name == "survey_codes_generate":
        before = InvitationCode.objects.count()
        url = reverse("admin:surveys_survey_codes", args=[survey.pk])
        response = client.post(url, {"generate": "1", "count": "3"})
        generated = InvitationCode.objects.count() - before
        assert response.status_code in (302, 403), response.status_code
        assert generated == (3 if response.status_code == 302 else 0)
        return response.status_code == 302
    if name == "series_invite":
        url = reverse("admin:participation_eventseries_invite", args=[world["series"].pk])
        return opened(client.get(url))
    if name == "event_add_participant":
        return check_add_participant(client, world, django_capture_on_commit_callbacks)
    if name.startswith("event_checkin"):
        return check_checkin(client, world, mark=name == "event_checkin_mark")
    raise AssertionError(f"unknown view {name}")


def check_preview(client, survey) -> bool:
    """A draft, as respondents would see it; others get "not found", never the survey."""
    survey.status = Survey.Status.DRAFT
    survey.save()
    before = Response.objects.count()
    response = client.get(f"/survey/{survey.slug}/preview/")
    assert response.status_code in (200, 404), response.status_code
    shown = "Hvem er I?" in response.content.decode()
    assert shown == (response.status_code == 200)
    assert Response.objects.count() == before, "a preview stores nothing"
    return shown


BUILT_SLUG = "bygget-af-rollen"


def check_build(client, world) -> bool:
    """A new survey with a section, a matrix question and its items, in one save."""
    matrix = {
        "type_": "matrix",
        "text": "Hvor enig er du?",
        "low_label_da": "Slet ikke",
        "high_label_da": "I høj grad",
        "options": ["Vi hjælper hinanden", "Der er roligt om natten"],
    }
    data = survey_data(
        slug=BUILT_SLUG,
        status="draft",
        **management("sections", 1),
        **section_fields("sections-0", "Om dit naboskab", questions=[matrix]),
    )
    response = client.post(reverse("admin:surveys_survey_add"), data)
    built = Survey.objects.filter(slug=BUILT_SLUG).first()
    if response.status_code == 403:
        assert built is None
        return False
    assert response.status_code == 302, response.content.decode()[:3000]
    # Built whole, or it does not count: a survey without its sections is no survey.
    assert built.sections.count() == 1
    assert list(built.questions.values_list("type", flat=True)) == ["matrix"]
    assert Option.objects.filter(question__survey=built).count() == 2
    return True


def check_add_participant(client, world, capture) -> bool:
    url = reverse("admin:participation_event_add_participant", args=[world["event"].pk])
    before = audit_rows(world)
    data = {
        "name": "Added By Hand",
        "email": "added@example.org",
        "organisation": "Oslo kommune",
        "organisation_type": "municipality",
        "municipality": "Oslo",
        "consent_by_email": "on",
    }
    with capture(execute=True):
        response = client.post(url, data)
    added = Registration.objects.filter(email="added@example.org").exists()
    if response.status_code == 403:
        assert not added and not world["mailoutbox"] and audit_rows(world) == before
        return False
    assert response.status_code == 302, response.status_code
    assert added and len(world["mailoutbox"]) == 1
    assert audit_rows(world) == before + 1
    return True


def check_checkin(client, world, *, mark: bool) -> bool:
    url = reverse("admin:participation_event_checkin", args=[world["started"].pk])
    before = audit_rows(world)
    if mark:
        response = client.post(url, {"registration": world["at_door"].pk, "attended": "1"})
        done = _refresh(world["at_door"]).attended
        assert done == (response.status_code == 302), response.status_code
    else:
        response = client.get(url)
        done = opened(response)
    if not done:
        assert response.status_code == 403, response.status_code
    assert audit_rows(world) == before + (1 if done else 0)
    return done


def check_mail(client, world, name, django_capture_on_commit_callbacks) -> bool:
    assert name == "series_invitations", name
    url = reverse("admin:participation_eventseries_invite", args=[world["series"].pk])
    before = audit_rows(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"addresses": "new@example.org"})
    sent = Invitation.objects.filter(email="new@example.org").exists()
    if response.status_code == 403:
        assert not sent and not world["mailoutbox"] and audit_rows(world) == before
        return False
    assert response.status_code == 302, response.status_code
    assert sent and len(world["mailoutbox"]) == 1
    assert audit_rows(world) == before + 1
    return True


# --- Admin actions ----------------------------------------------------------------


def _refresh(obj):
    obj.refresh_from_db()
    return obj


ACTIONS = {
    # (model, action): (objects to select, effect seen afterwards)
    ("surveys.survey", "copy_surveys"): (
        lambda w: [w["survey"]],
        lambda w: Survey.objects.count() == 2,
    ),
    ("surveys.invitationcode", "send_invitations"): (
        lambda w: w["codes"],
        lambda w: len(w["mailoutbox"]) == 2,
    ),
    ("surveys.invitationcode", "send_reminders"): (
        lambda w: w["codes"],
        lambda w: len(w["mailoutbox"]) == 2,
    ),
    ("surveys.invitationcode", "erase_contact_details"): (
        lambda w: w["codes"],
        lambda w: not InvitationCode.objects.exclude(email="").exists(),
    ),
    ("participation.registration", "mark_attended"): (
        lambda w: [w["at_door"]],
        lambda w: _refresh(w["at_door"]).attended,
    ),
    ("participation.registration", "mark_not_attended"): (
        lambda w: [w["came"]],
        lambda w: not _refresh(w["came"]).attended,
    ),
    ("participation.registration", "promote"): (
        lambda w: [w["waiting"]],
        lambda w: _refresh(w["waiting"]).status == Registration.Status.CONFIRMED,
    ),
    ("participation.registration", "promote_past_capacity"): (
        lambda w: [w["waiting_full"]],
        lambda w: _refresh(w["waiting_full"]).status == Registration.Status.CONFIRMED,
    ),
    ("participation.registration", "resend"): (
        lambda w: [w["confirmed"]],
        lambda w: len(w["mailoutbox"]) == 1,
    ),
    ("participation.registration", "cancel"): (
        lambda w: [w["confirmed"]],
        lambda w: _refresh(w["confirmed"]).status == Registration.Status.CANCELLED,
    ),
    ("participation.registration", "erase"): (
        lambda w: [w["confirmed"]],
        lambda w: _refresh(w["confirmed"]).anonymised_at is not None,
    ),
    ("participation.event", "export_comma"): (lambda w: [w["event"]], None),
    ("participation.eventseries", "export_comma"): (lambda w: [w["series"]], None),
}


def changelist_url(model: str) -> str:
    app_label, model_name = model.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def check_action(client, world, model, action, capture=None) -> bool:
    """Whether the action is offered, after checking that it does exactly what that says."""
    select, effect = ACTIONS[(model, action)]
    listing = client.get(changelist_url(model))
    assert listing.status_code in (200, 403), listing.status_code
    form = listing.context["action_form"] if listing.status_code == 200 else None
    offered = form is not None and action in dict(form.fields["action"].choices)
    before = audit_rows(world)
    data = {
        "action": action,
        "index": "0",
        "_selected_action": [str(obj.pk) for obj in select(world)],
    }
    if capture is not None:
        with capture(execute=True):
            response = client.post(changelist_url(model), data)
    else:
        response = client.post(changelist_url(model), data)
    if effect is None:  # an export: the file is the effect
        happened = response.status_code == 200 and getattr(response, "streaming", False)
        if happened:
            finish(response)
    else:
        happened = effect(world)
    written = audit_rows(world) - before
    assert happened == offered, f"{action}: offered={offered} but ran={happened}"
    assert written == (1 if offered else 0), f"{action}: {written} audit rows"
    return offered


def check_delete(client, world, model) -> bool:
    obj = {"surveys.seminarcontact": world["contact"], "participation.invitation": None}[model]
    obj = obj or world["invitation"]
    app_label, model_name = model.split(".")
    before = audit_rows(world)
    response = client.post(
        reverse(f"admin:{app_label}_{model_name}_delete", args=[obj.pk]), {"post": "yes"}
    )
    gone = not type(obj).objects.filter(pk=obj.pk).exists()
    assert response.status_code in (302, 403), response.status_code
    assert gone == (response.status_code == 302)
    assert audit_rows(world) - before == (1 if gone else 0)
    return gone


def check_audit_change(client, world) -> bool:
    seed = world["seed"]
    attempts = [
        client.get(reverse("admin:core_auditrecord_add")),
        client.post(
            reverse("admin:core_auditrecord_change", args=[seed.pk]),
            {"what": "tidied up", "row_count": "0", "action": "export"},
        ),
        client.post(reverse("admin:core_auditrecord_delete", args=[seed.pk]), {"post": "yes"}),
        client.post(
            reverse("admin:core_auditrecord_changelist"),
            {"action": "delete_selected", "_selected_action": [seed.pk], "post": "yes"},
        ),
    ]
    seed_after = AuditRecord.objects.filter(pk=seed.pk).first()
    untouched = seed_after is not None and seed_after.what == "seed"
    refused = all(r.status_code == 403 for r in attempts[:3]) and untouched
    return not refused


def check_wagtail(client, world, name) -> bool:
    urls = {
        "dashboard": "/admin/",
        "page_edit": f"/admin/pages/{world['home'].pk}/edit/",
        "images": "/admin/images/",
        "documents": "/admin/documents/",
        "snippets": "/admin/snippets/lejerbo_site/organisationprofile/",
    }
    return wagtail_opened(client.get(urls[name]))


def run_check(check, client, world, capture) -> bool:
    kind, _, rest = check.partition(":")
    if kind == "changelist":
        return opened(client.get(changelist_url(rest)))
    if kind == "view":
        return check_view(client, world, rest, capture)
    if kind == "mail":
        return check_mail(client, world, rest, capture)
    if kind == "export":
        return check_export(client, world, rest)
    if kind == "action":
        model, action = rest.split(":")
        return check_action(client, world, model, action, capture)
    if kind == "delete":
        return check_delete(client, world, rest)
    if kind == "build" and rest == "surveys.survey":
        return check_build(client, world)
    if kind == "change" and rest == "core.auditrecord":
        return check_audit_change(client, world)
    if kind == "wagtail":
        return check_wagtail(client, world, rest)
    raise AssertionError(f"docs/roles.md names a check the test does not know: {check}")


@pytest.mark.parametrize(
    ("check", "column", "allowed"),
    MATRIX,
    ids=[f"{column}-{check}" for check, column, _allowed in MATRIX],
)
def test_each_role_may_do_what_the_matrix_says_and_nothing_else(
    client, world, check, column, allowed, django_capture_on_commit_callbacks
):
    client.force_login(member(COLUMNS[column]))
    result = run_check(check, client, world, django_capture_on_commit_callbacks)
    assert result is allowed, f"{column} / {check}: expected {'yes' if allowed else 'no'}"
