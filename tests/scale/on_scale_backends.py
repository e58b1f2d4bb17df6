"""Run other test suites on the scale-out backends: a fresh PostgreSQL database and a moto S3 server
(versioned bucket) on loopback, passed to the suites through ``SARGAS_DATABASE_URL``,
``SARGAS_STORAGE_URL`` and ``SARGAS_S3_ENDPOINT_URL`` (pydantic-settings reads them for every
``Settings()`` the suites build). The worker stays embedded here; the Celery path is tests/scale.

    python tests/scale/on_scale_backends.py [pytest args...]     (default: the intake suite)

Exit status is pytest's. The database is dropped and the S3 server stopped afterwards.
"""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys

import boto3
from moto.server import ThreadedMotoServer
from sqlalchemy import create_engine, text

ADMIN = os.environ.get("SARGAS_TEST_PG_ADMIN", "postgresql+psycopg://root@127.0.0.1:5432/postgres")
# Tests that are about the embedded backends themselves (SQLite files, local blob directory).
EMBEDDED_ONLY = ["tests/intake/test_blackbox.py",
                 # a CLI test that reads the SQLite file, and process tests (kill -9 of `sargas serve`,
                 # Tesseract CPU limits) that do not touch the database or blob backends
                 "tests/intake/test_connect_zammad.py::test_set_connector_cli_keeps_the_token_secret",
                 "tests/intake/test_orphans.py", "tests/intake/test_ocr_load.py",
                 # CLI processes on their own SQLite data dir (the CLI path, not a backend)
                 "tests/intake/test_accounts_cli.py",
                 # SQLite's process write lock and WAL checkpoint (PostgreSQL has neither)
                 "tests/intake/test_write_lock.py", "tests/mail/test_finish_lock.py"]
DEFAULT = ["tests/intake"]


def main(argv: list[str]) -> int:
    args = argv or DEFAULT
    name = f"sargas_suite_{secrets.token_hex(4)}"
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    creds = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
             "AWS_DEFAULT_REGION": "us-east-1"}
    os.environ.update(creds)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        bucket = f"suite-{secrets.token_hex(3)}"
        c3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        c3.create_bucket(Bucket=bucket)
        c3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        env = dict(os.environ, **creds,
                   SARGAS_DATABASE_URL=ADMIN.rsplit("/", 1)[0] + f"/{name}",
                   SARGAS_STORAGE_URL=f"s3://{bucket}/suite", SARGAS_S3_ENDPOINT_URL=endpoint)
        env.pop("SARGAS_BROKER_URL", None)
        ignore = [f"--deselect={p}" if "::" in p else f"--ignore={p}" for p in EMBEDDED_ONLY]
        print(f"running {' '.join(args)} on PostgreSQL ({name}) + S3 ({endpoint})", flush=True)
        return subprocess.call([sys.executable, "-m", "pytest", *ignore, *args], env=env)
    finally:
        server.stop()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
