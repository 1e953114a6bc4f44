"""The thank-you page's key proves "answered this survey today" and holds no time."""

import time

from django.core import signing

from surveys import forms


def test_thank_you_key_holds_no_time_of_submission(monkeypatch):
    monkeypatch.setattr(forms.secrets, "token_hex", lambda n: "00" * n)
    keys = []
    for hour in (8, 9):  # one hour apart, same day
        now = time.mktime((2026, 12, 3, hour, 15, 42, 0, 0, -1))
        monkeypatch.setattr(time, "time", lambda now=now: now)
        keys.append(forms.thanks_key_new("tenants-2026"))

    assert keys[0] == keys[1]
    payload = signing.Signer(salt=forms.THANKS_SALT).unsign_object(keys[0])
    assert set(payload) == {"s", "d", "n"} and len(payload["d"]) == len("2026-12-03")


def test_thank_you_key_is_accepted_today_and_refused_when_forged_or_old():
    key = forms.thanks_key_new("tenants-2026")
    assert forms.thanks_key_valid(key)
    assert not forms.thanks_key_valid(key[:-2] + "xx")
    old = signing.Signer(salt=forms.THANKS_SALT).sign_object(
        {"s": "tenants-2026", "d": "2020-01-01", "n": "00"}
    )
    assert not forms.thanks_key_valid(old)
