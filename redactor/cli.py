"""``sargas redact INPUT -o OUTPUT [--report R.json] [--lang …] [--progress]`` as a Typer command.

The behaviour lives in :func:`redactor.redact_cli.redact_files`; this module only declares the
command for ``sargas --help`` and in-process callers (``build_app``). A real ``sargas redact`` process
goes through :func:`redactor.redact_cli.main` instead (same arguments, no Typer start-up cost).
"""

from __future__ import annotations

from pathlib import Path

import typer

from redactor.redact_cli import redact_files


def redact_cmd(
    input: Path = typer.Argument(..., help="Image, PDF, office document, text, mail or ZIP to redact.",
                                 dir_okay=False),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the redacted copy."),
    report: Path | None = typer.Option(None, "--report", help="Write a JSON findings report here."),
    lang: str = typer.Option("auto", "--lang", help="Document language: auto, lt, lv, ru or en."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress",
                                         help="Pages done on stderr, one line per page (default: "
                                              "shown in place on a terminal only)."),
    as_json: bool = typer.Option(False, "--json",
                                 help="Print the findings report as JSON on stdout instead of the "
                                      "summary line."),
) -> None:
    """Redact personal data from a file; write the redacted copy (same format) to OUTPUT."""
    status = redact_files(input, output, report, lang, lambda msg: typer.echo(msg, err=True), progress,
                          typer.echo, as_json)
    if status:
        raise typer.Exit(status)


def _group() -> None:
    """Sargas privacy-compliance gateway."""


def register(app: typer.Typer) -> None:
    # a callback keeps ``sargas redact ...`` a sub-command even while it is the only command
    if app.registered_callback is None:
        app.callback()(_group)
    app.command("redact")(redact_cmd)
