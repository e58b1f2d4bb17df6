"""`sargas retention sweep|rotate-kek|public-key` through the real CLI dispatcher."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from intake_api.cli import build_app
from retention import vault


def _run(*args: str):
    return CliRunner().invoke(build_app(), list(args))


def test_sweep_dry_run_then_real(world, sf, clock, env):
    org = world.org()
    _, eid, _ = world.upload(org, world.ticket(org))
    clock.advance(hours=2)
    r = _run("retention", "sweep", "--dry-run", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    assert "originals due: 1" in r.output and world.entry(eid).status == vault.PENDING
    r = _run("retention", "sweep", "--json", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    assert [d["vault_entry_id"] for d in json.loads(r.stdout)["originals_destroyed"]] == [eid]
    assert world.entry(eid).status == vault.DESTROYED


def test_rotate_kek_and_public_key(world, sf, env):
    org = world.org()
    _, eid, data = world.upload(org, world.ticket(org))
    before = world.entry(eid).kek_id
    r = _run("retention", "rotate-kek", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    assert "re-wrapped 1 data keys" in r.output and world.entry(eid).kek_id != before
    with sf() as s:
        assert vault.read_original(s, eid, actor="dpo-1", purpose="cli test") == data
        s.commit()
    r = _run("retention", "public-key", "--pem", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0 and "BEGIN PUBLIC KEY" in r.stdout
