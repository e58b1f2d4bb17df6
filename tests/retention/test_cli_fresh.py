"""A new user's first commands (issue 18.6): on a data directory that has no database yet every
database command says in one line what to run (exit 2) and creates nothing; an unreachable database
is one line (exit 1). No command prints a traceback. Runs the real ``sargas`` entry point in a
subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ["retention", "sweep", "--dry-run"],
    ["audit", "verify"],
    ["audit", "export", "--format", "csv"],
    ["retention", "certificate", "0" * 32],
    ["forms", "expire"],
]


def _sargas(args: list[str], **env: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("SARGAS_")}
    e.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-c", "from intake_api.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, env=e, cwd=ROOT)


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_fresh_data_dir_says_what_to_run(tmp_path, args):
    data = tmp_path / "new-install"
    r = _sargas([*args, "--data-dir", str(data)])
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "sargas admin migrate" in lines[0] and str(data) in lines[0]
    assert not (data / "sargas.db").exists()  # nothing created behind the user's back


def test_after_migrate_the_same_commands_work(tmp_path):
    data = tmp_path / "d"
    assert _sargas(["admin", "migrate", "--data-dir", str(data)]).returncode == 0
    r = _sargas(["audit", "verify", "--data-dir", str(data)])
    assert r.returncode == 0 and r.stdout.startswith("OK: 0 audit rows"), r.stderr
    r = _sargas(["retention", "sweep", "--dry-run", "--data-dir", str(data)])
    assert r.returncode == 0 and "originals due: 0" in r.stdout, r.stderr


@pytest.mark.parametrize("args", [["audit", "verify"], ["admin", "migrate"]])
def test_unreachable_database_is_one_line_not_a_traceback(tmp_path, args):
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"  # port 9 (discard): nothing listens
    r = _sargas(args, SARGAS_DATABASE_URL=url, SARGAS_DATA_DIR=str(tmp_path))
    assert r.returncode in (1, 2), (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    assert len(r.stderr.strip().splitlines()) == 1 and "OperationalError" in r.stderr
