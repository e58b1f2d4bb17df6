"""``sargas forms …``: run the time-driven steps of transfer requests/DPAs, print a request's PDF."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    forms = typer.Typer(no_args_is_help=True, help="Transfer requests and DPAs.")
    app.add_typer(forms, name="forms")

    def _setup(data_dir: Path | None) -> None:
        from sargas.db import init_db
        from sargas.schema_check import SchemaMissing, require_schema
        from sargas.settings import configure, get_settings

        s = configure(data_dir=data_dir) if data_dir else get_settings()
        try:
            require_schema(s)
        except SchemaMissing as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
        init_db(s)

    @forms.command("expire")
    def expire(data_dir: Path | None = typer.Option(None, "--data-dir", envvar="SARGAS_DATA_DIR")) -> None:
        """Activate, expire and end what is due; destroy the originals whose coverage ended."""
        _setup(data_dir)
        from forms.service import run_expiry

        typer.echo(json.dumps(run_expiry(), sort_keys=True))

    @forms.command("pdf")
    def pdf(request_id: str, out: Path = typer.Option(..., "--out", "-o"),
            lang: str | None = typer.Option(None, "--lang"),
            data_dir: Path | None = typer.Option(None, "--data-dir", envvar="SARGAS_DATA_DIR")) -> None:
        """Write the filed request as PDF (default: in the client's language)."""
        _setup(data_dir)
        from forms.models import TransferRequest
        from forms.pdf import render_request
        from retention import audit
        from sargas.db import session_scope

        with session_scope() as session:
            req = session.get(TransferRequest, request_id)
            if req is None:
                typer.echo("no such transfer request", err=True)
                raise typer.Exit(1)
            out.write_bytes(render_request(session, req, lang))
            audit.record(session, "system:cli", "transfer_request.pdf", "transfer_request", req.id, None,
                         {"lang": lang or req.lang})
        typer.echo(str(out))
