"""The one password policy of every way in (``sargas admin`` commands, web pages, API): at least
:data:`MIN_LENGTH` characters, at most :data:`MAX_LENGTH`, and not one of the common or breached
passwords of the list shipped in the package (``common-passwords.txt.gz``, Django's list of 19,640
passwords, licence beside it; read from the package, never downloaded).

How it fails: :func:`check` returns a problem code (``too_short``, ``too_long``, ``common``) or None;
:func:`require` raises :class:`PasswordRejected` carrying that code. A missing or unreadable list
is an error at the first check (fail closed: no password is accepted without the check), never a
silent pass. The password itself is never logged nor put into an error message.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

MIN_LENGTH = 10
MAX_LENGTH = 256
LIST_NAME = "common-passwords.txt.gz"


class PasswordRejected(ValueError):
    """The password breaks the policy; ``code`` says how (``too_short``, ``too_long``, ``common``)."""

    def __init__(self, code: str) -> None:
        super().__init__(MESSAGES[code])
        self.code = code


MESSAGES = {
    "too_short": f"The password must have at least {MIN_LENGTH} characters.",
    "too_long": f"The password must have at most {MAX_LENGTH} characters.",
    "common": "This password is too common (it is on a list of breached passwords); choose another.",
}


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    data = resources.files("intake_api").joinpath(LIST_NAME).read_bytes()
    words = gzip.decompress(data).decode("utf-8").split("\n")
    out = frozenset(w.strip().lower() for w in words if w.strip())
    if len(out) < 1000:  # a truncated or replaced file must not weaken the policy unnoticed
        raise RuntimeError("the bundled common-password list is damaged")
    return out


def _variants(password: str) -> set[str]:
    """The password and its obvious dressings: case, surrounding spaces, and trailing digits or
    punctuation added to a common word (``Password2026!``)."""
    p = password.strip().lower()
    core = p.rstrip("0123456789!?.,@#$%&*_-+= ")
    squashed = "".join(p.split())
    return {v for v in (p, core, squashed) if v}


def check(password: str) -> str | None:
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    common = common_passwords()
    if any(v in common for v in _variants(password)):
        return "common"
    if len(set(password)) < 3:  # "aaaaaaaaaa", "abababababab"
        return "common"
    return None


def require(password: str) -> str:
    problem = check(password)
    if problem is not None:
        raise PasswordRejected(problem)
    return password
