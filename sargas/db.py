"""Database plumbing shared by every package: declarative ``Base``, engine and session factories.

SQLite (the embedded default) is opened with WAL, ``secure_delete=ON`` (freed pages are zeroed, so
deleted keys do not linger), foreign keys and a busy timeout. PostgreSQL works through the same URL.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from sargas.settings import Settings, get_settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # type: ignore[override]
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):  # type: ignore[override]
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id() -> str:
    """Primary keys are random UUIDs (hex, 32 chars): unguessable in URLs, portable across backends."""
    return uuid.uuid4().hex


_WRITE_LOCK = threading.Lock()
_HOLDS_LOCK = "sargas_holds_write_lock"
_CHECKPOINT_LOCK_SECONDS = 5.0  # a caller inside its own write transaction: checkpoint without the lock


def _release(info: dict) -> None:
    if info.pop(_HOLDS_LOCK, False):
        _WRITE_LOCK.release()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA secure_delete=ON")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str, **kw) -> Engine:
    # Driver errors quote bound parameters (file names, e-mail addresses); keep them out of logs.
    kw.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kw)
        event.listen(engine, "connect", _sqlite_pragmas)

        # pysqlite's own transaction handling defers BEGIN; take the write lock up front instead so
        # concurrent writers queue on busy_timeout rather than failing on lock upgrade.
        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            # Read-only work (see read_scope) begins DEFERRED so it never queues behind a writer.
            if conn.get_execution_options().get(READONLY, False):
                conn.exec_driver_sql("BEGIN")
                return
            # Writers of this process queue on a lock (woken at once, in order) instead of SQLite's
            # sleeping busy handler, which starves under many concurrent writers. Other processes
            # still meet busy_timeout. On a lock timeout we fall back to that same behaviour.
            if _WRITE_LOCK.acquire(timeout=30):
                conn.info[_HOLDS_LOCK] = True
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                _release(conn.info)
                raise

        event.listen(engine, "commit", lambda conn: _release(conn.info), named=False)
        event.listen(engine, "rollback", lambda conn: _release(conn.info), named=False)
        event.listen(engine.pool, "checkin", lambda _dbapi, record: _release(record.info))
        event.listen(engine.pool, "reset", lambda _dbapi, record, _reset_state: _release(record.info))

        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None

        return engine
    return create_engine(url, pool_pre_ping=True, **kw)


READONLY = "sargas_readonly"


class _State:
    engine: Engine | None = None
    factory: sessionmaker[Session] | None = None
    url: str | None = None


_state = _State()


def init_db(settings: Settings | None = None) -> Engine:
    """(Re)bind the process-wide engine and session factory to the settings' database URL."""
    s = settings or get_settings()
    url = s.resolved_database_url
    if _state.engine is not None and _state.url == url:
        return _state.engine
    if _state.engine is not None:
        _state.engine.dispose()
    _state.engine = make_engine(url)
    _state.factory = sessionmaker(_state.engine, expire_on_commit=False)
    _state.url = url
    return _state.engine


def get_engine() -> Engine:
    return _state.engine or init_db()


def session_factory() -> sessionmaker[Session]:
    if _state.factory is None:
        init_db()
    assert _state.factory is not None
    return _state.factory


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on error (workers, CLI)."""
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_scope() -> Iterator[Session]:
    """A read-only session: on SQLite it starts a DEFERRED transaction (a WAL snapshot), so it does not
    wait for, or block, writers. Do not write in it; it is always rolled back."""
    session = session_factory()()
    try:
        session.connection(execution_options={READONLY: True})
        yield session
    finally:
        session.rollback()
        session.close()


def get_session() -> Iterator[Session]:
    """FastAPI dependency: one session per request; the endpoint commits what it wants kept."""
    session = session_factory()()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def wal_checkpoint(session_or_engine: Session | Engine | None = None) -> None:
    """SQLite: copy the WAL back and truncate it, so overwritten pages do not linger in the WAL file."""
    engine = get_engine() if session_or_engine is None else (
        session_or_engine.get_bind() if isinstance(session_or_engine, Session) else session_or_engine)
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()  # outside any transaction (a checkpoint cannot run inside one)
    try:
        cur = raw.cursor()
        # The bulk copy first, PASSIVE: it never blocks writers. Then TRUNCATE (little left to copy)
        # while holding this process's write lock: a pending TRUNCATE blocks every writer, and the
        # uploads' group commit would otherwise meet it in SQLite's sleeping busy handler (up to
        # 100 ms a retry) instead of queueing on the lock (issue 20: p99 of uploads while OCR runs).
        cur.execute("PRAGMA wal_checkpoint(PASSIVE)")
        cur.fetchall()
        held = _WRITE_LOCK.acquire(timeout=_CHECKPOINT_LOCK_SECONDS)
        try:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.fetchall()
        finally:
            if held:
                _WRITE_LOCK.release()
        cur.close()
    finally:
        raw.close()


def dispose() -> None:
    if _state.engine is not None:
        _state.engine.dispose()
    _state.engine = _state.factory = _state.url = None


__all__ = ["Base", "UTCDateTime", "new_id", "make_engine", "init_db", "get_engine", "session_factory",
           "session_scope", "read_scope", "get_session", "wal_checkpoint", "dispose", "text"]
