"""``sargas serve`` and ``sargas admin ...`` (registered into the CLI by intake_api.cli). Operational
errors print one ``error: ...`` line and exit 2; passwords come only on standard input."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

DataDir = typer.Option(None, "--data-dir", envvar="SARGAS_DATA_DIR", help="Where Sargas keeps its data.")


def _setup(data_dir: Path | None):
    from sargas.settings import Settings, configure

    s = Settings() if data_dir is None else Settings(data_dir=data_dir)
    configure(s)
    from intake_api.migrate import upgrade

    upgrade(s)
    return s


def _bootstrap_admin(s, login_url: str) -> None:
    from intake_api import admin as service
    from sargas.db import session_scope

    with session_scope() as session:
        created = service.bootstrap_admin(session, s.data_dir)
    if created:
        typer.echo(f"First start: sign in at {login_url} as {created[0]} with the password {created[1]} "
                   f"(also in {s.data_dir / 'initial-admin.txt'}).")


def register(app: typer.Typer) -> None:
    admin = typer.Typer(no_args_is_help=True, help="Organisations, users and API tokens.")
    app.add_typer(admin, name="admin")

    @app.command()
    def serve(data_dir: Path | None = DataDir,
              host: str = typer.Option(None, "--host", help="Bind address (default 127.0.0.1)."),
              port: int = typer.Option(None, "--port", help="Port (default 8000)."),
              workers: int = typer.Option(1, "--workers", min=1, max=32,
                                          help="API processes (each runs its own embedded worker).")) -> None:
        """Migrate the database and run the API, the worker and the scheduler."""
        import logging
        import os

        import uvicorn

        from intake_api.app import create_app

        s = _setup(data_dir)
        host = host or s.host
        port = port or s.port
        _bootstrap_admin(s, f"http://{host}:{port}/login")
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if workers > 1:  # each process builds its app from the environment (SARGAS_*)
            os.environ["SARGAS_DATA_DIR"] = str(s.data_dir)
            uvicorn.run("intake_api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                        log_level="info", proxy_headers=False, server_header=False)
            return
        uvicorn.run(create_app(s, migrate=False), host=host, port=port, log_level="info",
                    proxy_headers=False, server_header=False)

    @app.command()
    def smtpd(data_dir: Path | None = DataDir) -> None:
        """Run the inbound mail gateway alone (SARGAS_INBOUND_SMTP_PORT/_HOST, SARGAS_SUPPORT_ADDRESSES),
        with its own worker and scheduler (forwards and acknowledgements)."""
        import time

        from intake_api.mail.smtp import start_gateway
        from intake_api.worker import EmbeddedWorker

        s = _setup(data_dir)
        if not s.inbound_smtp_port:
            typer.echo("error: set SARGAS_INBOUND_SMTP_PORT", err=True)
            raise typer.Exit(2)
        worker = EmbeddedWorker(s) if s.embedded_worker and not s.broker_url else None
        if worker is not None:
            worker.start()
        ctl = start_gateway(s, worker.notify if worker else None)
        typer.echo(f"mail gateway on {s.inbound_smtp_host}:{s.inbound_smtp_port}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            ctl.stop()
            if worker is not None:
                worker.stop()

    @app.command()
    def fetchmail(data_dir: Path | None = DataDir) -> None:
        """Take in every message of the IMAP inbox once (SARGAS_IMAP_*) and move it out of the inbox."""
        from intake_api.mail.imap import fetch

        s = _setup(data_dir)
        if not s.imap_host:
            typer.echo("error: set SARGAS_IMAP_HOST", err=True)
            raise typer.Exit(2)
        typer.echo(f"{fetch(s)} message(s) taken in")

    @admin.command("migrate")
    def migrate(data_dir: Path | None = DataDir) -> None:
        """Create or upgrade the database schema."""
        _setup(data_dir)
        typer.echo("database is up to date")

    @admin.command("create-org")
    def create_org(name: str, lang: str = typer.Option("en", "--lang", help="lt, lv, ru or en"),
                   email: str | None = typer.Option(None, "--email", help="notification e-mail"),
                   webhook_url: str | None = typer.Option(None, "--webhook-url"),
                   webhook_secret: str | None = typer.Option(None, "--webhook-secret"),
                   mail_domain: list[str] = typer.Option([], "--mail-domain",  # noqa: B008
                                                         help="mail from this domain belongs to the "
                                                              "organisation (repeatable)"),
                   timezone: str | None = typer.Option(None, "--timezone",
                                                       help="IANA zone, e.g. Europe/Riga (default: "
                                                            "SARGAS_DEFAULT_TIMEZONE)"),
                   data_dir: Path | None = DataDir) -> None:
        """Create a client organisation."""
        from intake_api import admin as service
        from sargas.db import session_scope

        _setup(data_dir)
        try:
            with session_scope() as s:
                org = service.create_org(s, name, lang=lang, email=email, webhook_url=webhook_url,
                                         webhook_secret=webhook_secret, mail_domains=mail_domain,
                                         timezone=timezone)
                typer.echo(f"organisation {org.name} ({org.lang}) created")
                typer.echo(org.id)
        except service.AdminError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None

    @admin.command("create-user")
    def create_user(email: str, role: str = typer.Option(..., "--role", help="client|consultant|dpo|admin"),
                    org: str | None = typer.Option(None, "--org", help="organisation name (clients)"),
                    lang: str | None = typer.Option(None, "--lang"),
                    password_stdin: bool = typer.Option(False, "--password-stdin",
                                                        help="read a password from standard input"),
                    data_dir: Path | None = DataDir) -> None:
        """Create a user; the new API token is printed as the last line (shown once)."""
        from intake_api import admin as service
        from sargas.db import session_scope

        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
        if password_stdin and not password:
            typer.echo("error: empty password on standard input", err=True)
            raise typer.Exit(2)
        _setup(data_dir)
        from intake_api import accounts

        try:
            with session_scope() as s:
                user, token = service.create_user(s, email, role=role, org_name=org, password=password,
                                                  lang=lang)
                if password is None:  # a way in: a one-time set-password link, printed and mailed
                    link, url = accounts.issue_link(s, user, accounts.SETUP)
                    accounts.mail_link(s, user, link, url)
                typer.echo(f"user {user.email} ({user.role}) created")
                if password is None:
                    typer.echo(f"set-password link (one use, {accounts.LINK_TTL[accounts.SETUP].days * 24} "
                               f"hours; also mailed to the user): {url}")
                typer.echo("API token (shown once):")
        except service.AdminError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo(token)

    @admin.command("list-users")
    def list_users(role: str | None = typer.Option(None, "--role", help="only this role"),
                   data_dir: Path | None = DataDir) -> None:
        """Users: e-mail, role, organisation, active or not, password set or not."""
        from intake_api import admin as service
        from sargas.db import session_scope

        _setup(data_dir)
        with session_scope() as s:
            for u in service.list_users(s, role):
                org = u.organisation.name if u.organisation else "-"
                state = "active" if u.active else "inactive"
                pw = "password" if u.password_hash else "no-password"
                typer.echo(f"{u.email}\t{u.role}\t{org}\t{state}\t{pw}")

    @admin.command("list-orgs")
    def list_orgs(data_dir: Path | None = DataDir) -> None:
        """Organisations: name, language, number of users, notification e-mail, id."""
        from intake_api import admin as service
        from sargas.db import session_scope

        _setup(data_dir)
        with session_scope() as s:
            for o, n in service.list_orgs(s):
                typer.echo(f"{o.name}\t{o.lang}\t{n} user(s)\t{o.email or '-'}\t{o.id}")

    @admin.command("deactivate")
    def deactivate(email: str, reactivate: bool = typer.Option(False, "--reactivate",
                                                               help="let the user in again"),
                   data_dir: Path | None = DataDir) -> None:
        """Deactivate a user (browser sessions end, API tokens are refused) or --reactivate them."""
        from intake_api import accounts
        from intake_api import admin as service
        from sargas.db import session_scope

        _setup(data_dir)
        try:
            with session_scope() as s:
                user = service.find_user(s, email)
                accounts.set_active(s, user, reactivate, actor="system:admin")
                typer.echo(f"user {user.email} {'reactivated' if reactivate else 'deactivated'}")
        except service.AdminError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None

    @admin.command("reset-password")
    def reset_password(email: str, no_mail: bool = typer.Option(False, "--no-mail",
                                                                help="print the link only"),
                       data_dir: Path | None = DataDir) -> None:
        """Reset a user's password: the old one stops working and browser sessions end; a one-time
        set-password link is printed (and mailed to the user unless --no-mail)."""
        from intake_api import accounts
        from intake_api import admin as service
        from sargas.db import session_scope

        _setup(data_dir)
        try:
            with session_scope() as s:
                user = service.find_user(s, email)
                url = accounts.admin_reset(s, user, actor="system:admin", mail=not no_mail)
                addr = user.email
        except (service.AdminError, accounts.AccountError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        hours = int(accounts.LINK_TTL[accounts.RESET].total_seconds() // 3600)
        typer.echo(f"password of {addr} reset; set-password link (one use, {hours} hour(s)"
                   + ("" if no_mail else "; also mailed to the user") + "):")
        typer.echo(url)

    @admin.command("token")
    def token(email: str, data_dir: Path | None = DataDir) -> None:
        """Issue a new API token for a user (printed as the last line)."""
        from intake_api import admin as service
        from sargas.db import session_scope

        _setup(data_dir)
        try:
            with session_scope() as s:
                tok = service.new_token(s, email)
        except service.AdminError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo(tok)

    @admin.command("set-connector")
    def set_connector(org: str, kind: str = typer.Option(..., "--kind", help="rt or zammad"),
                      url: str = typer.Option(..., "--url", help="the helpdesk's base URL"),
                      queue: str = typer.Option(..., "--queue", help="RT queue or Zammad group"),
                      token_file: Path = typer.Option(..., "--token-file",
                                                      help="a 0600 file holding the API token"),
                      disable: bool = typer.Option(False, "--disable", help="keep, but stop hand-offs"),
                      data_dir: Path | None = DataDir) -> None:
        """Hand an organisation's redacted copies and notes to its helpdesk (the token is copied into a
        Sargas secret file; it is never printed)."""
        from intake_api.connectors import config
        from sargas.db import session_scope

        s = _setup(data_dir)
        try:
            with session_scope() as session:
                cfg = config.set_connector(session, s.data_dir, org, kind=kind, url=url, queue=queue,
                                           token_file=token_file, enabled=not disable)
                d = config.describe(cfg)
        except config.ConfigError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{org}: {d['kind']} at {d['base_url']}, queue {d['queue']}"
                   + (" (disabled)" if not d["enabled"] else ""))
