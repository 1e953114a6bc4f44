"""Signed cancel links and result links.

A cancel token is the registration's random public id signed with SECRET_KEY, so it
cannot be guessed or forged and needs no extra column; it stays valid until the
event starts (services refuse cancelling after that).
"""

import dataclasses

from django.core import signing

CANCEL_SALT = "participation.cancel"
RESULT_SALT = "participation.result"
# A result page is only a receipt shown right after the redirect.
RESULT_MAX_AGE = 60 * 60 * 24


def cancel_token_make(*, registration) -> str:
    return signing.dumps(str(registration.public_id), salt=CANCEL_SALT)


def cancel_token_read(token: str) -> str | None:
    """The registration's public id, or None for a bad token."""
    try:
        return signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None


@dataclasses.dataclass(frozen=True)
class ResultToken:
    outcome: str
    registration_id: str = ""  # the new registration's public id, for its cancel link


def result_token_make(*, event, outcome: str, registration=None) -> str:
    # Which event and what happened, and for a new sign-up its random public id
    # (what the e-mail's cancel link carries too): no name, no address.
    data = {"e": event.pk, "o": outcome}
    if registration is not None:
        data["r"] = str(registration.public_id)
    return signing.dumps(data, salt=RESULT_SALT, compress=True)


def result_token_read(token: str, *, event) -> ResultToken | None:
    try:
        data = signing.loads(token, salt=RESULT_SALT, max_age=RESULT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != event.pk:
        return None
    return ResultToken(outcome=data.get("o", ""), registration_id=data.get("r", ""))
