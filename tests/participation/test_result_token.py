"""The receipt after a sign-up: for its own event, and for a day only."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import signing

from participation.tokens import result_token_make, result_token_read
from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_receipt_reads_back_for_its_event():
    event = EventFactory()
    receipt = result_token_read(result_token_make(event=event, outcome="waiting"), event=event)
    assert receipt.outcome == "waiting"


def test_a_receipt_for_another_event_is_refused():
    event, other = EventFactory(), EventFactory()
    assert (
        result_token_read(result_token_make(event=other, outcome="confirmed"), event=event) is None
    )


def test_a_receipt_older_than_a_day_is_refused(monkeypatch):
    event = EventFactory()
    token = result_token_make(event=event, outcome="confirmed")
    later = dt.datetime.now().timestamp() + 24 * 60 * 60 + 5
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    assert result_token_read(token, event=event) is None
