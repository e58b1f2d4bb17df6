"""``sargas retention ...`` and ``sargas audit ...`` (discovered by intake_api.cli).

The commands work on an existing (migrated) database: ``sargas serve`` / ``sargas admin migrate``
create it; on a fresh data directory they say so in one line (exit 2) instead of failing.
``sargas retention verify`` needs no database at all (offline certificate check).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import typer

DataDir = typer.Option(None, "--data-dir", envvar="SARGAS_DATA_DIR", help="Where Sargas keeps its data.")


def _setup(data_dir: Path | None):
    from sargas.db import init_db
    from sargas.schema_check import SchemaMissing, require_schema
    from sargas.settings import configure, get_settings

    s = get_settings() if data_dir is None else configure(get_settings(), data_dir=data_dir)
    try:
        require_schema(s)
    except SchemaMissing as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    init_db(s)
    return s


def _factory():
    from sargas.db import session_factory

    return session_factory()


def _when(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{name}: use an ISO date or date-time, e.g. 2026-03-01") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _read_public_key(value: str | None) -> bytes | None:
    if not value:
        return None
    from retention.keys import load_public_key

    p = Path(value)
    text = p.read_bytes() if p.is_file() else value.encode()
    try:
        return load_public_key(text)
    except ValueError as exc:
        raise typer.BadParameter(f"--public-key: {exc}") from None


def register(app: typer.Typer) -> None:
    ret = typer.Typer(no_args_is_help=True, help="Retention: sweeper, destruction certificates, keys.")
    aud = typer.Typer(no_args_is_help=True, help="The tamper-evident audit log.")
    app.add_typer(ret, name="retention")
    app.add_typer(aud, name="audit")

    @ret.command("sweep")
    def sweep_cmd(dry_run: bool = typer.Option(False, "--dry-run", help="Report what is due; change nothing"),
                  as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
                  data_dir: Path | None = DataDir) -> None:
        """Destroy everything that is due, write certificates, send notices."""
        from retention.sweeper import sweep

        s = _setup(data_dir)
        rep = sweep(_factory(), dry_run=dry_run, settings=s)
        if as_json:
            typer.echo(json.dumps(rep.to_dict(), indent=2))
        else:
            verb = "due" if dry_run else "destroyed"
            n = len(rep.originals_due if dry_run else rep.originals_destroyed)
            typer.echo(f"originals {verb}: {n}; held by legal hold: {len(rep.originals_held)}; "
                       f"redacted copies {'due' if dry_run else 'deleted'}: {len(rep.redacted_deleted)}; "
                       f"audit rows pruned: {rep.audit_pruned}; "
                       f"certificates pruned: {rep.certificates_pruned}; "
                       f"notices: {rep.notices}; errors: {len(rep.errors)}")
        raise typer.Exit(1 if rep.errors else 0)

    @ret.command("verify")
    def verify_cmd(cert: Path = typer.Argument(..., help="Certificate JSON file ('-' = stdin)."),
                   public_key: str | None = typer.Option(
                       None, "--public-key", help="Pin the signer (file or base64/PEM)")) -> None:
        """Verify a destruction certificate offline (exit 0 = valid, 1 = invalid)."""
        from retention.certificates import verify

        try:
            raw = sys.stdin.read() if str(cert) == "-" else cert.read_text(encoding="utf-8")
            doc = json.loads(raw)
        except (OSError, ValueError):
            typer.echo("INVALID: cannot read the certificate as JSON")
            raise typer.Exit(1) from None
        ok, msg = verify(doc, _read_public_key(public_key))
        if ok and public_key is None:
            msg += " (embedded key; pass --public-key to pin the signer)"
        typer.echo(("OK: " if ok else "INVALID: ") + msg)
        if ok:
            c = doc["certificate"]
            typer.echo(f"object {c.get('object_type')} {c.get('object_id')} "
                       f"destroyed {c.get('destroyed_at')} policy {c.get('policy')}")
        raise typer.Exit(0 if ok else 1)

    @ret.command("certificate")
    def certificate_cmd(object_id: str = typer.Argument(..., help="Attachment (or object) id."),
                        out: Path | None = typer.Option(None, "-o", "--out", help="Write to this file."),
                        data_dir: Path | None = DataDir) -> None:
        """Print the destruction certificate of a destroyed object."""
        from sqlalchemy import select

        from retention.certificates import DestructionCertificate, to_json

        _setup(data_dir)
        with _factory()() as session:
            cert = session.scalars(select(DestructionCertificate)
                                   .where(DestructionCertificate.object_id == object_id)).first()
            if cert is None:
                typer.echo("no certificate: the object has not been destroyed (or the id is wrong)", err=True)
                raise typer.Exit(1)
            text = json.dumps(to_json(cert), indent=2, ensure_ascii=False)
        if out:
            out.write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)

    @ret.command("public-key")
    def public_key_cmd(pem: bool = typer.Option(False, "--pem"), data_dir: Path | None = DataDir) -> None:
        """Print the certificate signing public key (give it to whoever verifies certificates)."""
        import base64

        from retention import keys

        s = _setup(data_dir)
        sk = keys.load_signing_key(s)
        raw = keys.public_bytes(sk.public_key())
        typer.echo(keys.public_pem(sk) if pem else base64.b64encode(raw).decode())
        typer.echo(f"fingerprint sha256:{keys.fingerprint(raw)}", err=True)

    @ret.command("rotate-kek")
    def rotate_kek_cmd(data_dir: Path | None = DataDir) -> None:
        """Rotate the vault key-encryption key: re-wrap every data key (no re-encryption)."""
        from retention import rotation

        s = _setup(data_dir)
        if s.kek:  # env-managed: the operator already put the new key in SARGAS_KEK
            n = rotation.rewrap_all(_factory(), s)
            typer.echo(f"re-wrapped {n} data keys under the KEK in SARGAS_KEK; drop SARGAS_KEK_PREVIOUS now")
            return
        r = rotation.rotate_kek_file(_factory(), s)
        typer.echo(f"KEK rotated ({r['old_kek_id']} -> {r['new_kek_id']}): "
                   f"re-wrapped {r['rewrapped']} data keys, "
                   f"shredded {r['retired_shredded']} retired key file(s)")

    @aud.command("verify")
    def audit_verify_cmd(public_key: str | None = typer.Option(None, "--public-key",
                                                               help="Pin the anchor signer."),
                         expect: str | None = typer.Option(
                             None, "--expect", help="SEQ:HASH of a head printed by an earlier verify."),
                         data_dir: Path | None = DataDir) -> None:
        """Check the audit hash chain (exit 0 = intact, 1 = tampering found)."""
        from retention.audit_verify import verify_chain

        exp = None
        if expect:
            seq, _, h = expect.partition(":")
            if not seq.isdigit() or len(h) != 64:
                raise typer.BadParameter("--expect takes SEQ:HASH (as printed by audit verify)")
            exp = (int(seq), h.lower())
        _setup(data_dir)
        with _factory()() as session:
            res = verify_chain(session, public_key=_read_public_key(public_key), expect=exp)
        if res.ok:
            typer.echo(f"OK: {res.rows} audit rows verified (seq {res.first_seq}..{res.last_seq}, "
                       f"anchor {res.anchor_seq})")
            if res.last_seq:
                typer.echo(f"head {res.last_seq}:{res.head_hash} (keep it; --expect detects later rewrites)")
            return
        typer.echo(f"TAMPERED: {len(res.problems)} problem(s) in {res.rows} rows")
        for p in res.problems:
            typer.echo("  " + p)
        raise typer.Exit(1)

    @aud.command("export")
    def audit_export_cmd(start: str | None = typer.Option(None, "--from", help="From (ISO, inclusive)."),
                         end: str | None = typer.Option(None, "--to", help="To (ISO, exclusive)."),
                         fmt: str = typer.Option("json", "--format", help="csv or json"),
                         out: Path | None = typer.Option(None, "-o", "--out", help="Write to this file."),
                         data_dir: Path | None = DataDir) -> None:
        """Export audit events for the DPO."""
        from retention.audit_verify import export_rows, write_export

        if fmt not in ("csv", "json"):
            raise typer.BadParameter("--format must be csv or json")
        a, b = _when(start, "--from"), _when(end, "--to")
        _setup(data_dir)
        with _factory()() as session:
            if out:
                with out.open("w", encoding="utf-8", newline="") as fh:
                    n = write_export(export_rows(session, a, b), fmt, fh)
                typer.echo(f"exported {n} events to {out}", err=True)
            else:
                write_export(export_rows(session, a, b), fmt, sys.stdout)
