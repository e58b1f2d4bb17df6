"""A retried upload makes no second attachment and no second notice (issue 19.10): the same
``Idempotency-Key`` of the same user on the same ticket, or the same file from the same uploader
within the window, returns the first attachment; the organisation gets one mail."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from sargas import outbox
from sargas.db import session_scope
from tests.intake.conftest import new_ticket, render_png, upload, wait_final


def _post(client, world, ref: str, data: bytes, key: str | None = None):
    headers = {**world.h("client_a"), **({"Idempotency-Key": key} if key else {})}
    files = {"file": ("screen.png", data, "image/png")}
    return client.post(f"/api/v1/tickets/{ref}/attachments", files=files, headers=headers)


def _notices(att_id: str) -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(outbox.Notification).where(
            outbox.Notification.object_id == att_id, outbox.Notification.channel == outbox.INAPP)) or 0)


def test_retried_upload_returns_the_first_attachment_and_one_notice(client, world, smtp):
    _, box = smtp
    ref = new_ticket(client, world, subject="Retry over a flaky link")
    png = render_png(["Error 0x80070005 on save"])
    first = _post(client, world, ref, png, key="upload-7f3a")
    assert first.status_code == 202 and "Idempotent-Replayed" not in first.headers
    att_id = first.json()["id"]

    again = _post(client, world, ref, png, key="upload-7f3a")  # the client never saw the first answer
    assert again.status_code == 202 and again.json()["id"] == att_id
    assert again.headers["Idempotent-Replayed"] == "true"
    same_file = _post(client, world, ref, png)  # no key: the same sha256 within the window
    assert same_file.json()["id"] == att_id and same_file.headers["Idempotent-Replayed"] == "true"

    wait_final(client, world, att_id)
    late = _post(client, world, ref, render_png(["something else entirely"]), key="upload-7f3a")
    assert late.json()["id"] == att_id and late.json()["state"] != "processing"  # the key wins, any body
    rows = client.get(f"/api/v1/tickets/{ref}/attachments", headers=world.h("client_a")).json()
    assert [a["id"] for a in rows] == [att_id]

    assert box.wait_for(lambda rc, m: "it@alpha.example" in rc and ref in str(m["Subject"])) is not None
    time.sleep(2.0)  # a second notice would have been delivered by now (scheduler every 0.3 s)
    assert _notices(att_id) == 1
    assert len([m for rc, m in box.messages if "it@alpha.example" in rc and ref in str(m["Subject"])]) == 1

    other = upload(client, world, ref, render_png(["A different screenshot"]))
    assert other.status_code == 202 and other.json()["id"] != att_id
    assert "Idempotent-Replayed" not in other.headers
    new_key = _post(client, world, ref, png, key="upload-second")  # a new key is a new upload ...
    assert new_key.json()["id"] == att_id  # ... unless it is the very same file within the window


def test_bad_idempotency_key_is_refused(client, world):
    ref = new_ticket(client, world, subject="Bad key")
    r = _post(client, world, ref, render_png(["x"]), key="k" * 300)
    assert r.status_code == 400 and r.json()["error"] == "bad_idempotency_key"
