"""Scale-out fixtures: the live PostgreSQL / Redis / RabbitMQ of this machine kind and a moto S3
server started here on loopback. Each test session gets its own database, bucket and queue names, so
parallel runs and other engineers' data never mix. Services that are down fail the tests (``.ci/test``
starts them first); nothing is skipped silently.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator

import pytest

PG_ADMIN_URL = os.environ.get("SARGAS_TEST_PG_ADMIN", "postgresql+psycopg://root@127.0.0.1:5432/postgres")
REDIS_BASE = os.environ.get("SARGAS_TEST_REDIS", "redis://127.0.0.1:6379")
AMQP_URL = os.environ.get("SARGAS_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672//")
RUN_ID = secrets.token_hex(4)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def require(host: str, port: int, name: str) -> None:
    if not _port_open(host, port):
        pytest.fail(f"{name} is not running on {host}:{port} (.ci/test starts it)")


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 (random port) with dummy credentials in the environment."""
    from moto.server import ThreadedMotoServer

    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ.setdefault(k, v)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def make_bucket(endpoint: str, *, versioned: bool) -> str:
    import boto3

    name = f"sargas-{RUN_ID}-{secrets.token_hex(3)}"
    c = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    c.create_bucket(Bucket=name)
    if versioned:
        c.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, dropped afterwards."""
    require("127.0.0.1", 5432, "PostgreSQL")
    from sqlalchemy import create_engine, text

    name = f"sargas_test_{RUN_ID}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        from sargas import db

        db.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    require("127.0.0.1", 6379, "Redis")
    return f"{REDIS_BASE}/{int(os.environ.get('SARGAS_TEST_REDIS_DB', '11'))}"


@pytest.fixture(scope="session")
def amqp_url() -> str:
    require("127.0.0.1", 5672, "RabbitMQ")
    return AMQP_URL


@pytest.fixture(scope="session")
def migrated_pg(pg_url: str, tmp_path_factory) -> str:
    """The session database, migrated with the project's Alembic migrations."""
    from intake_api.migrate import upgrade
    from sargas import db
    from sargas.settings import Settings

    upgrade(Settings(data_dir=tmp_path_factory.mktemp("migrate"), database_url=pg_url))
    db.dispose()
    return pg_url
