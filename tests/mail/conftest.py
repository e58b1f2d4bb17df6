"""Fixtures for the mail tests: the real app with the mail gateway listening on loopback (aiosmtpd),
a second loopback SMTP server capturing what Sargas sends (forwards, acknowledgements), and one
organisation with a mail domain and a client user."""

from __future__ import annotations

import pytest

from sargas.settings import Settings, configure
from tests import support
from tests.support import World, free_port

smtp, _app_client, client = support.smtp, support._app_client, support.client

SUPPORT = "support@helpdesk.test"
HELPDESK = "agents@helpdesk.test"


@pytest.fixture(scope="package")
def settings(tmp_path_factory, smtp) -> Settings:
    ctl, _ = smtp
    return Settings(data_dir=tmp_path_factory.mktemp("sargas-mail"), smtp_host="127.0.0.1",
                    smtp_port=ctl.port, smtp_from="sargas@helpdesk.test", worker_threads=2,
                    scheduler_interval_seconds=0.3, notify_backoff_seconds=0.2, redact_timeout_seconds=120,
                    inbound_smtp_port=free_port(), support_addresses=SUPPORT, forward_to=HELPDESK,
                    mail_ack_per_hour=50)


@pytest.fixture(scope="package")
def world(_app_client, settings) -> World:
    from intake_api import admin as service
    from sargas.db import init_db, session_scope

    configure(settings)
    init_db(settings)
    w = World()
    with session_scope() as s:
        a = service.create_org(s, "Alpha UAB", lang="lt", mail_domains=["alpha.example"])
        w.orgs = {"A": a.id}
        for key, email, role, org in (("client_a", "ona@alpha.example", "client", "Alpha UAB"),
                                      ("dpo", "dpo@vendor.example", "dpo", None)):
            user, token = service.create_user(s, email, role=role, org_name=org)
            w.tokens[key], w.users[key] = token, user.id
    return w
