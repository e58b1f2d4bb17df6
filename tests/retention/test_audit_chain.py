"""The audit log is hash-chained: `sargas audit verify` finds any edited, deleted or truncated row."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading

import pytest
import typer
from typer.testing import CliRunner

from retention import audit
from retention.audit import AuditEvent


@pytest.fixture()
def cli():
    from retention.cli import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def _events(sf, n: int, actor: str = "u1") -> None:
    with sf() as s, s.begin():
        for i in range(n):
            audit.record(s, actor, "ticket.viewed", "ticket", f"t{i}", "192.0.2.1", {"n": i, "lang": "lt"})


def _raw(env, sql: str, *params) -> None:
    con = sqlite3.connect(env.data_dir / "sargas.db")
    con.execute(sql, params)
    con.commit()
    con.close()


def test_chain_intact(sf, env, cli, clock):
    _events(sf, 5)
    r = cli("audit", "verify", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    assert "OK: 5 audit rows" in r.output


@pytest.mark.parametrize("tamper", [
    "UPDATE audit_events SET details = '{\"n\": 99, \"lang\": \"lt\"}' WHERE seq = 3",
    "UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2",
    "UPDATE audit_events SET at = '2020-01-01 00:00:00.000000' WHERE seq = 4",
    "DELETE FROM audit_events WHERE seq = 3",
    "DELETE FROM audit_events WHERE seq = 6",  # the last row
    "DELETE FROM audit_events WHERE seq = 1",  # the first row
    "UPDATE audit_events SET seq = 60 WHERE seq = 6",
])
def test_tampering_detected_by_cli(sf, env, cli, clock, tamper):
    _events(sf, 6)
    _raw(env, tamper)
    r = cli("audit", "verify", "--data-dir", str(env.data_dir))
    assert r.exit_code == 1, r.output
    assert "TAMPERED" in r.output


def test_rehashing_an_edited_row_still_detected(sf, env, cli, clock):
    """Recomputing the edited row's own hash does not help: the next row's link breaks."""
    _events(sf, 4)
    with sf() as s:
        ev = s.get(AuditEvent, 2)
        ev.details = {"n": 42}
        fixed = audit.hash_event(ev, ev.prev_hash)
        s.rollback()
    _raw(env, "UPDATE audit_events SET details = ?, row_hash = ? WHERE seq = 2", json.dumps({"n": 42}), fixed)
    r = cli("audit", "verify", "--data-dir", str(env.data_dir))
    assert r.exit_code == 1 and "seq 3: link" in r.output


def test_concurrent_appends_keep_one_chain(sf, env, cli, clock):
    from sqlalchemy.orm import sessionmaker

    from sargas.db import make_engine

    def worker(k: int) -> None:
        own = sessionmaker(make_engine(env.resolved_database_url), expire_on_commit=False)
        for _ in range(10):
            _events(own, 2, actor=f"w{k}")

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    r = cli("audit", "verify", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    assert "OK: 80 audit rows" in r.output


def test_export_csv_and_json(sf, env, cli, clock, tmp_path):
    _events(sf, 3)
    clock.advance(days=2)
    _events(sf, 2, actor="later")
    out = tmp_path / "a.csv"
    day = clock.t.date().isoformat()
    r = cli("audit", "export", "--from", day, "--format", "csv", "-o", str(out),
            "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [row["actor"] for row in rows] == ["later", "later"]
    assert json.loads(rows[0]["details"]) == {"lang": "lt", "n": 0} and len(rows[0]["row_hash"]) == 64
    r = cli("audit", "export", "--to", day, "--format", "json", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert [d["seq"] for d in doc] == [1, 2, 3]
    r = cli("audit", "export", "--format", "xml", "--data-dir", str(env.data_dir))
    assert r.exit_code != 0


def test_pruned_anchor_edit_detected(sf, env, cli, clock):
    from retention import sweeper

    _events(sf, 4)
    clock.advance(days=400)
    _events(sf, 2)
    assert sweeper.sweep(sf, clock).audit_pruned == 4
    r = cli("audit", "verify", "--data-dir", str(env.data_dir))
    assert r.exit_code == 0, r.output
    _raw(env, "UPDATE audit_chain SET anchor_seq = 2")  # hide earlier rows / re-anchor: needs the key
    r = cli("audit", "verify", "--data-dir", str(env.data_dir))
    assert r.exit_code == 1 and "anchor" in r.output


def test_migration_chains_rows_written_before_it(tmp_path):
    """Upgrading a database that already has (unchained) audit rows from 0001 chains them."""
    from alembic import command

    from intake_api.migrate import alembic_config
    from retention.audit_verify import verify_chain
    from sargas import db, settings

    s = settings.configure(settings.Settings(data_dir=tmp_path))
    engine = db.init_db(s)
    with engine.begin() as conn:
        cfg = alembic_config(s.resolved_database_url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    con = sqlite3.connect(tmp_path / "sargas.db")
    for seq in (1, 2, 5):  # a gap, as autoincrement may leave
        con.execute("INSERT INTO audit_events (seq, at, actor, action, object_type, details) "
                    "VALUES (?, '2026-01-01 10:00:00.000000', 'system', 'x', 'y', '{}')", (seq,))
    con.commit()
    con.close()
    with engine.begin() as conn:
        cfg = alembic_config(s.resolved_database_url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    with db.session_factory()() as session:
        audit.record(session, "u", "after", "ticket", None)
        session.commit()
        res = verify_chain(session)
    assert res.ok, res.problems
    assert (res.rows, res.first_seq, res.last_seq) == (4, 1, 4)
    db.dispose()


def test_truncation_with_rewritten_head_caught_by_recorded_head(sf, env, cli, clock):
    _events(sf, 5)
    r = cli("audit", "verify", "--data-dir", str(env.data_dir))
    head = r.output.split("head ", 1)[1].split()[0]
    assert head.startswith("5:")
    with sf() as s:
        h3 = s.get(AuditEvent, 3).row_hash
    # An attacker with database access drops the last two rows and rewrites the chain head to match.
    _raw(env, "DELETE FROM audit_events WHERE seq > 3")
    _raw(env, "UPDATE audit_chain SET head_seq = 3, head_hash = ?", h3)
    assert cli("audit", "verify", "--data-dir", str(env.data_dir)).exit_code == 0  # self-consistent...
    r = cli("audit", "verify", "--expect", head, "--data-dir", str(env.data_dir))
    assert r.exit_code == 1 and "no longer in the log" in r.output  # ...but not with the recorded head
