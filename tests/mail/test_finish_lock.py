"""The mail finish step builds its messages before it takes the SQLite write lock (issue 20).

Structural, not timings (bench/mail_lock.py has the figures): the forward, its note and the
acknowledgement are built (MIME, blobs) while this thread does not hold ``sargas.db._WRITE_LOCK``;
and when what the decision depends on changes between that read and the transaction (here: the
sender's acknowledgement rate limit), the transaction decides on what it reads under the lock and
builds again there, deleting the first messages' blobs. The scheduler's own finishing is switched
off meanwhile so these calls are the ones that finish. The lock is SQLite's: the suite's re-run on
PostgreSQL leaves this module out (``EMBEDDED_ONLY`` in tests/scale/on_scale_backends.py).
"""

from __future__ import annotations

import threading

import pytest

from tests.mail.conftest import SUPPORT
from tests.mail.mailkit import pii_mail


class _Recorder:
    """Stands in for ``sargas.db._WRITE_LOCK``: knows which thread holds it."""

    def __init__(self, real: threading.Lock) -> None:
        self.real, self.holder = real, None

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        ok = self.real.acquire(blocking, timeout)
        if ok:
            self.holder = threading.get_ident()
        return ok

    def release(self) -> None:
        self.holder = None
        self.real.release()


@pytest.fixture
def lock(monkeypatch, world) -> _Recorder:
    from intake_api import schedule
    from sargas import db

    monkeypatch.setattr(schedule, "finish_ready", lambda settings: 0)
    rec = _Recorder(db._WRITE_LOCK)
    monkeypatch.setattr(db, "_WRITE_LOCK", rec)
    return rec


def _take_in(settings, n: int) -> str:
    from intake_api.mail.message import take_in

    raw = pii_mail(sender=f"lock{n}@alpha.example", to=SUPPORT, subject=f"Spausdintuvas {n}",
                   msg_id=f"<lock-{n}@alpha.example>", files=False).as_bytes()
    return take_in(raw, envelope_from=f"lock{n}@alpha.example", settings=settings).mail_id


def _mail(mail_id: str):
    from intake_api.mail.models import MailMessage
    from sargas.db import session_scope
    from sargas.outbox import Notification

    with session_scope() as s:
        m = s.get(MailMessage, mail_id)
        kinds = sorted(n.kind for n in s.query(Notification).filter_by(object_type="mail", object_id=mail_id))
        return m.state, m.want_ack, m.no_ack_reason, kinds


def test_messages_are_built_before_the_finish_takes_the_write_lock(settings, lock, monkeypatch):
    from intake_api.mail import ack, finish, forward

    under_lock: list[bool] = []
    for mod, name in ((forward, "build"), (forward, "note"), (ack, "build")):
        def built(*a, _real=getattr(mod, name), **k):
            under_lock.append(lock.holder == threading.get_ident())
            return _real(*a, **k)
        monkeypatch.setattr(mod, name, built)

    mail_id = _take_in(settings, 1)
    assert finish._finish_one(mail_id, settings) == 1
    assert len(under_lock) == 3 and not any(under_lock), under_lock
    assert _mail(mail_id) == ("done", True, None, ["mail.ack", "mail.forward"])
    assert finish._finish_one(mail_id, settings) == 0  # one decision per message


def test_the_transaction_decides_on_what_it_reads_under_the_lock(settings, lock, monkeypatch):
    from intake_api.mail import finish
    from sargas.storage.factory import get_blob_store

    store = get_blob_store(settings)
    real, calls = finish._rate_ok, []

    def rate_ok(s, m, settings_):  # within the limit when read first, over it under the lock
        calls.append(lock.holder == threading.get_ident())
        return real(s, m, settings_) and not calls[-1]

    monkeypatch.setattr(finish, "_rate_ok", rate_ok)
    put, deleted = [], []
    monkeypatch.setattr(store, "put", lambda key, data, _p=store.put: (put.append(key), _p(key, data))[1])
    monkeypatch.setattr(store, "delete", lambda key, _d=store.delete: (deleted.append(key), _d(key))[1])
    mail_id = _take_in(settings, 2)
    put.clear()
    assert finish._finish_one(mail_id, settings) == 1
    assert calls == [False, True]
    assert _mail(mail_id) == ("done", False, "rate_limited", ["mail.forward"])
    first = [k for k in put if k.startswith("mail/out/")][:2]  # the snapshot's forward and ack
    assert len(first) == 2 and set(first) <= set(deleted)
