"""Test support shared by the app-level suites (intake, forms): a loopback SMTP server, the real
app per test package, and the World of tokens the fixtures build. Conftests import from here."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from sargas.settings import configure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()
        self.fail_once: set[str] = set()  # recipients whose first delivery gets a temporary failure

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        for rcpt in envelope.rcpt_tos:
            if rcpt in self.fail_once:
                self.fail_once.discard(rcpt)
                return "451 Temporary failure, try again later"
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"

    def wait_for(self, pred, timeout: float = 30.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                for rcpts, msg in self.messages:
                    if pred(rcpts, msg):
                        return msg
            time.sleep(0.2)
        return None


@pytest.fixture(scope="package")
def smtp():
    box = Mailbox()
    ctl = Controller(box, hostname="127.0.0.1", port=free_port())
    ctl.start()
    yield ctl, box
    ctl.stop()


@pytest.fixture(scope="package")
def _app_client(settings):
    from intake_api.app import create_app

    configure(settings)
    app = create_app(settings)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def client(_app_client, settings):
    from sargas.db import init_db

    configure(settings)
    init_db(settings)
    return _app_client


@pytest.fixture
def own_database():
    """Environment overrides giving a ``sargas serve`` subprocess a database of its own.

    On the embedded default the server keeps its SQLite file in its own data dir and this is empty.
    On the PostgreSQL suite (``SARGAS_DATABASE_URL``, tests/scale/on_scale_backends.py) the package's
    in-process app runs an embedded worker on the suite's database: a server sharing it would see
    its jobs claimed by that worker, which holds another data dir's vault key (VaultError, the
    upload rejected). A fresh database is made and dropped afterwards."""
    import os
    import secrets

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = os.environ.get("SARGAS_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        yield {}
        return
    base = make_url(url)
    name = f"{base.database}_srv_{secrets.token_hex(3)}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield {"SARGAS_DATABASE_URL": base.set(database=name).render_as_string(hide_password=False)}
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class World:
    tokens: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}
