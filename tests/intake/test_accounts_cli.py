"""``sargas admin`` account commands as an operator runs them (issue 19.2 and 19.10): the same
password policy as the web (a 5-character or a common password is refused), a user created without
a password gets a one-time set-password link (printed, and mailed through the outbox to the real
loopback SMTP server), list-users / list-orgs, reset-password and deactivate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sargas.settings import Settings, configure

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"http://\S+/password/set\?token=([\w-]+)")


def _cli(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SARGAS_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "intake_api.cli", "admin", *args], input=stdin, env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_accounts(tmp_path, smtp, settings):
    ctl, box = smtp
    d = tmp_path / "data"
    assert _cli(d, "create-org", "Ventos Tiltai UAB", "--lang", "lt").returncode == 0
    short = _cli(d, "create-user", "a@ventos.example", "--role", "dpo", "--password-stdin", stdin="abc12\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    common = _cli(d, "create-user", "a@ventos.example", "--role", "dpo", "--password-stdin",
                  stdin="Password123!\n")
    assert common.returncode == 2 and "too common" in common.stderr

    made = _cli(d, "create-user", "rimas@ventos.example", "--role", "client", "--org", "Ventos Tiltai UAB")
    assert made.returncode == 0, made.stderr
    token = LINK.search(made.stdout).group(1)
    assert made.stdout.strip().splitlines()[-1].startswith("sgs_")  # the API token is still the last line
    users = _cli(d, "list-users").stdout
    assert re.search(r"rimas@ventos.example\tclient\tVentos Tiltai UAB\tactive\tno-password", users)
    assert re.search(r"Ventos Tiltai UAB\tlt\t1 user\(s\)", _cli(d, "list-orgs").stdout)

    from intake_api import accounts
    from sargas import outbox
    from sargas.db import init_db, session_scope

    try:
        configure(Settings(data_dir=d, smtp_host="127.0.0.1", smtp_port=ctl.port, smtp_from="s@test.local"))
        init_db()
        assert outbox.deliver_due() >= 1  # the set-up mail, through the real outbox and SMTP
        msg = box.wait_for(lambda rc, m: "rimas@ventos.example" in rc)
        assert msg is not None and msg["Subject"] == "Nustatykite savo Sargas slaptažodį"
        assert token in msg.get_body(("plain",)).get_content()
        with session_scope() as s:
            accounts.use_link(s, token, "Nauja ilga frazė su skaičiais 31")
        assert "\tpassword" in _cli(d, "list-users", "--role", "client").stdout

        reset = _cli(d, "reset-password", "rimas@ventos.example", "--no-mail")
        assert reset.returncode == 0 and LINK.search(reset.stdout)
        assert _cli(d, "deactivate", "rimas@ventos.example").returncode == 0
        listed = _cli(d, "list-users", "--role", "client").stdout
        assert "\tinactive\tno-password" in listed  # reset: the old password stopped working
        with session_scope() as s:  # the printed link died with the deactivation
            assert accounts.live_link(s, LINK.search(reset.stdout).group(1)) is None
        assert _cli(d, "reset-password", "rimas@ventos.example").returncode == 2
    finally:
        configure(settings)
        init_db(settings)
