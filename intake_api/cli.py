"""The ``sargas`` command: one entry point, sub-commands registered by each package.

Each package exposes ``register(app: typer.Typer)`` in its own CLI module (listed below, in the
order of ``sargas --help``); heavy imports happen inside the commands so that ``sargas redact`` does
not pay for the web stack.

No command prints a traceback for an operational error: :func:`main` turns any exception that
escapes a command into one line on stderr (the error's type, and for database / file-system /
network errors its message) and exit status 1. ``SARGAS_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys

import typer

from forms import cli as forms_cli
from intake_api import commands, scale_cli
from redactor import cli as redactor_cli
from retention import cli as retention_cli

COMMAND_MODULES = (redactor_cli, commands, forms_cli, retention_cli, scale_cli)


def build_app() -> typer.Typer:
    app = typer.Typer(no_args_is_help=True, add_completion=False,
                      help="Sargas privacy-compliance gateway.")
    for module in COMMAND_MODULES:
        module.register(app)
    return app


def _one_line(exc: BaseException) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    name = type(exc).__name__
    if isinstance(exc, SQLAlchemyError):  # bound parameters are hidden by the engine (sargas.db)
        text = str(getattr(exc, "orig", None) or exc)
    elif isinstance(exc, OSError | ConnectionError | TimeoutError):
        text = str(exc)
    else:  # unexpected: the type only (a message could quote document content)
        text = ""
    text = " ".join(text.split())[:300]
    return f"sargas: error: {name}" + (f": {text}" if text else "")


def main() -> None:
    app = build_app()
    app.pretty_exceptions_enable = False
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("sargas: interrupted\n")
        raise SystemExit(130) from None
    except Exception as exc:  # noqa: BLE001 - the CLI's top-level handler
        if os.environ.get("SARGAS_DEBUG") == "1":
            raise
        sys.stderr.write(_one_line(exc) + "\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
