"""The embedded dispatcher hands out at most two jobs per worker thread and fetches more when a
thread finishes (a burst of uploads no longer runs a queue query per upload in the API process,
issue 20.2): a burst larger than that still reaches a final state, every file once."""

from __future__ import annotations

from tests.intake.conftest import new_ticket, render_png, upload, wait_final


def test_a_burst_larger_than_the_dispatch_window_is_all_processed(client, world):
    ref = new_ticket(client, world)
    ids = []
    for i in range(7):  # 2 worker threads x 2 slots = 4 handed out at a time
        r = upload(client, world, ref, render_png([f"Order {1000 + i}", "Thank you"]), name=f"s{i}.png")
        assert r.status_code == 202, r.text
        ids.append(r.json()["id"])
    assert len(set(ids)) == 7
    assert [wait_final(client, world, a, timeout=240)["state"] for a in ids] == ["published"] * 7
