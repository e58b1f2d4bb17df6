"""The ``sargas`` command: one entry point, sub-commands registered by each package.

Each package exposes ``register(app: typer.Typer)`` in its own CLI module (listed below, in the
order of ``sargas --help``); heavy imports happen inside the commands so that ``sargas redact`` does
not pay for the web stack.
"""

from __future__ import annotations

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


def main() -> None:
    build_app()()


if __name__ == "__main__":
    main()
