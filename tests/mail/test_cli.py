"""The mail commands as a user runs them: ``sargas admin create-org --mail-domain`` (repeatable) and
``sargas smtpd`` standalone (a real process on a loopback port: relays refused, support mail taken)."""

from __future__ import annotations

import os
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_create_org_with_mail_domains(tmp_path):
    from intake_api.cli import build_app

    app = build_app()
    r = CliRunner().invoke(app, ["admin", "create-org", "Pavyzdys UAB", "--lang", "lt", "--mail-domain",
                                 "pavyzdys.lt", "--mail-domain", "Pavyzdys.LV", "--data-dir", str(tmp_path)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["admin", "create-org", "Kitas", "--mail-domain", "pavyzdys.lt",
                                 "--data-dir", str(tmp_path)])
    assert r.exit_code == 2 and "belongs to an organisation already" in r.output
    from intake_api.mail.models import MailDomain
    from sargas.db import session_scope

    with session_scope() as s:
        assert sorted(d.domain for d in s.query(MailDomain)) == ["pavyzdys.lt", "pavyzdys.lv"]


def test_smtpd_standalone(tmp_path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), SARGAS_DATA_DIR=str(tmp_path),
               SARGAS_INBOUND_SMTP_PORT=str(port),
               SARGAS_SUPPORT_ADDRESSES="help@vendor.test", SARGAS_SMTP_PORT=str(free_port()))
    proc = subprocess.Popen([sys.executable, "-m", "intake_api.cli", "smtpd"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        end = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()[-800:]
                assert time.monotonic() < end, "sargas smtpd did not start"
                time.sleep(0.3)
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as c:
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                c.sendmail("x@outside.example", ["victim@elsewhere.example"], b"Subject: relay\r\n\r\nhi\r\n")
            c.sendmail("x@outside.example", ["help@vendor.test"],
                       b"From: x@outside.example\r\nSubject: hello\r\nMessage-ID: <cli-1@outside.example>\r\n"
                       b"\r\nplain text\r\n")
    finally:
        proc.terminate()
        proc.wait(20)
