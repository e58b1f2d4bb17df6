"""The gateway pipeline on the scale-out stack: PostgreSQL + moto S3 (versioned bucket) + a real
``sargas worker`` (Celery) on Redis and on RabbitMQ. Same assertions as the embedded suite: the
redacted copy is published once, the original is destroyed once and no version of it remains."""

from __future__ import annotations

import pytest

from .checks import check_published_once
from .conftest import make_bucket
from .stack import Stack

pytestmark = pytest.mark.live


@pytest.fixture(params=["redis", "amqp"])
def stack(request, tmp_path, pg_url, s3_endpoint, migrated_pg):
    broker = request.getfixturevalue("redis_url" if request.param == "redis" else "amqp_url")
    bucket = make_bucket(s3_endpoint, versioned=True)
    st = Stack(data_dir=tmp_path, database_url=pg_url, broker_url=broker,
               storage_url=f"s3://{bucket}/sargas", s3_endpoint=s3_endpoint)
    try:
        st.start_api()
        yield st
    finally:
        st.close()


def test_upload_to_published_via_celery(stack: Stack) -> None:
    stack.start_worker("w1")
    names = ["doc010_card_en.png", "doc007_email_en.png"]
    ids = [stack.upload(n) for n in names]
    final = stack.wait_final(ids, timeout=150)
    for att_id, name in zip(ids, names, strict=True):
        assert final[att_id]["state"] == "published", final[att_id]
        assert final[att_id]["original"] == "destroyed"
        assert sum(final[att_id]["counts"].values()) > 0
        check_published_once(stack, att_id, name)
