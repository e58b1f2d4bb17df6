"""The ``sargas`` command: one entry point, sub-commands registered by each package.

Each package exposes ``register(app: typer.Typer)`` in its own CLI module; heavy imports happen
inside the commands so that ``sargas redact`` does not pay for the web stack.
"""

from __future__ import annotations

import importlib
import importlib.util

import typer

# (module, attribute) pairs; a module that is not there yet is simply not offered.
_COMMAND_MODULES = (
    "redactor.cli",
    "intake_api.commands",
    "forms.cli",
    "retention.cli",
    "intake_api.scale_cli",
)


def build_app() -> typer.Typer:
    app = typer.Typer(no_args_is_help=True, add_completion=False,
                      help="Sargas privacy-compliance gateway.")
    for name in _COMMAND_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        importlib.import_module(name).register(app)
    return app


def main() -> None:
    build_app()()


if __name__ == "__main__":
    main()
