"""The gateway pipeline on the scale-out stack: PostgreSQL + moto S3 (versioned bucket) + a real
``sargas worker --beat`` (Celery) on Redis and on RabbitMQ. Same assertions as the embedded suite:
a screenshot with personal data is published redacted once, its original destroyed once with no
version left in the bucket; a clean image is published with nothing found; the organisation's
notice is delivered by e-mail (outbox delivered by the beat, through a real SMTP server on loopback).
"""

from __future__ import annotations

import io
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from sargas.db import session_scope
from sargas.outbox import Notification

from .checks import check_published_once
from .conftest import make_bucket
from .stack import Stack

pytestmark = pytest.mark.live


class _Box:
    def __init__(self) -> None:
        self.rcpts: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        with self.lock:
            self.rcpts.extend(envelope.rcpt_tos)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=["redis", "amqp"])
def stack(request, tmp_path, pg_url, s3_endpoint, migrated_pg):
    broker = request.getfixturevalue("redis_url" if request.param == "redis" else "amqp_url")
    bucket = make_bucket(s3_endpoint, versioned=True)
    box = _Box()
    smtp = Controller(box, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    st = Stack(data_dir=tmp_path, database_url=pg_url, broker_url=broker,
               storage_url=f"s3://{bucket}/sargas", s3_endpoint=s3_endpoint, smtp_port=smtp.port)
    st.mailbox = box  # type: ignore[attr-defined]
    try:
        st.start_api()
        yield st
    finally:
        st.close()
        smtp.stop()


def _clean_png() -> bytes:
    img = Image.new("RGB", (400, 240), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((40, 40, 360, 200), outline="navy", width=6)
    d.ellipse((150, 80, 250, 180), fill="orange")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_upload_to_published_via_celery(stack: Stack) -> None:
    stack.start_worker("w1", beat=True)
    pii = "doc010_card_en.png"
    att = stack.upload(pii)
    clean = stack.upload("clean.png", _clean_png())
    final = stack.wait_final([att, clean], timeout=150)
    assert final[att]["state"] == "published", final[att]
    assert final[att]["original"] == "destroyed"
    assert sum(final[att]["counts"].values()) > 0
    check_published_once(stack, att, pii)
    assert final[clean]["state"] == "published" and final[clean]["counts"] == {}, final[clean]
    assert final[clean]["original"] == "destroyed"
    # The notices go out through the outbox, delivered by the beat (no embedded scheduler here).
    deadline = time.monotonic() + 30
    box: _Box = stack.mailbox  # type: ignore[attr-defined]
    while box.rcpts.count("ops@example.invalid") < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert box.rcpts.count("ops@example.invalid") >= 2, (box.rcpts, stack.logs())
    # one notice per attachment, channel and recipient (organisation and uploader): nothing decided twice
    with session_scope() as s:
        rows = s.execute(select(Notification.object_id, Notification.channel, Notification.recipient,
                                Notification.user_id, func.count())
                         .where(Notification.object_id.in_([att, clean]))
                         .group_by(Notification.object_id, Notification.channel, Notification.recipient,
                                   Notification.user_id)).all()
    assert rows and all(n == 1 for *_, n in rows), rows
    assert {r[0] for r in rows} == {att, clean}
