"""Notification outbox: HMAC-signed webhooks, retries with backoff, no notice lost to a failing channel."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sargas import outbox
from sargas.db import session_scope
from sargas.models import Organisation


class _Hook(BaseHTTPRequestHandler):
    received: list = []
    fail_first = True

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append((dict(self.headers), body))
        if _Hook.fail_first:
            _Hook.fail_first = False
            self.send_response(503)
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


def _row(nid: str) -> outbox.Notification:
    with session_scope() as s:
        n = s.get(outbox.Notification, nid)
        s.expunge(n)
        return n


def _wait(pred, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


def test_webhook_is_signed_and_retried_after_a_failure(client, world):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with session_scope() as s:
            org = Organisation(
                name="Hooked OÜ",
                lang="ru",
                webhook_url=f"http://127.0.0.1:{srv.server_port}/hook",
                webhook_secret="s3cret",
            )
            s.add(org)
            s.flush()
            (row,) = outbox.enqueue(
                s,
                organisation=org,
                kind="attachment.published",
                lang="ru",
                subject="Тема",
                body="Текст",
                payload={"n": 1},
                channels=(outbox.WEBHOOK,),
            )
            s.flush()
            nid = row.id
        assert _wait(lambda: len(_Hook.received) >= 2), "webhook not retried"
        headers, body = _Hook.received[-1]
        assert headers["X-Sargas-Signature"] == outbox.sign_webhook(
            "s3cret", headers["X-Sargas-Timestamp"], body
        )
        doc = json.loads(body)
        assert doc["kind"] == "attachment.published" and doc["lang"] == "ru" and doc["data"] == {"n": 1}
        assert _wait(lambda: _row(nid).state == outbox.SENT)
        n = _row(nid)
        assert n.attempts == 2 and n.last_error is None
    finally:
        srv.shutdown()


def test_email_temporary_failure_is_retried_not_lost(client, world, smtp):
    _, box = smtp
    box.fail_once.add("flaky@alpha.example")
    with session_scope() as s:
        org = s.get(Organisation, world.orgs["A"])
        (row,) = outbox.enqueue(
            s,
            organisation=org,
            kind="test",
            lang="lt",
            subject="Bandymas",
            body="Tekstas",
            email="flaky@alpha.example",
            channels=(outbox.EMAIL,),
        )
        s.flush()
        nid = row.id
    msg = box.wait_for(lambda rcpts, m: "flaky@alpha.example" in rcpts, timeout=20)
    assert msg is not None and msg["Subject"] == "Bandymas"
    assert _wait(lambda: _row(nid).state == outbox.SENT)
    assert _row(nid).attempts == 2
