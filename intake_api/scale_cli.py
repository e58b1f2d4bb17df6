"""``sargas worker`` and ``sargas beat``: the Celery processes of scale-out mode (registered into the
CLI by intake_api.cli). Both need ``SARGAS_BROKER_URL``; neither migrates the database (the API's
``sargas serve`` / ``sargas admin migrate`` does)."""

from __future__ import annotations

from pathlib import Path

import typer

DataDir = typer.Option(None, "--data-dir", envvar="SARGAS_DATA_DIR", help="Where Sargas keeps its data.")


def _setup(data_dir: Path | None):
    from sargas.settings import Settings, configure

    s = configure(Settings() if data_dir is None else Settings(data_dir=data_dir))
    if not s.broker_url:
        typer.echo("error: set SARGAS_BROKER_URL (redis://… or amqp://…) to run Celery workers", err=True)
        raise typer.Exit(2)
    s.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    from intake_api.celery_app import reconfigure

    return reconfigure(s)


def register(app: typer.Typer) -> None:
    @app.command()
    def worker(data_dir: Path | None = DataDir,
               concurrency: int = typer.Option(1, "--concurrency", "-c", help="Worker processes (OCR jobs "
                                               "in parallel); each runs its own redactor process."),
               beat: bool = typer.Option(False, "--beat", "-B", help="Also run the periodic scheduler "
                                         "(only in ONE worker of the cluster)."),
               hostname: str | None = typer.Option(None, "--hostname", "-n", help="Celery node name."),
               loglevel: str = typer.Option("INFO", "--loglevel", "-l")) -> None:
        """Run a Celery worker that processes uploads from the broker (scale-out mode)."""
        from intake_api.celery_app import periodic_queue, scale_settings

        celery = _setup(data_dir)
        queues = f"{scale_settings().celery_queue},{periodic_queue()}"
        argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={max(1, concurrency)}",
                "--queues", queues, "--without-gossip", "--without-mingle"]
        if hostname:
            argv += ["--hostname", hostname]
        if beat:
            argv.append("--beat")
        celery.worker_main(argv)

    @app.command()
    def beat(data_dir: Path | None = DataDir,
             loglevel: str = typer.Option("INFO", "--loglevel", "-l")) -> None:
        """Run the periodic scheduler: job recovery, notification outbox, retention sweep (run one)."""
        celery = _setup(data_dir)
        celery.start(["beat", f"--loglevel={loglevel}"])
