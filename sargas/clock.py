"""Injectable clock: all code asks :func:`now` for the time so tests can control it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _now()


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Install a clock function (``None`` restores the real clock)."""
    global _now
    _now = fn or (lambda: datetime.now(UTC))


class FrozenClock:
    """A test clock: ``with FrozenClock(t) as c: c.advance(days=3)``."""

    def __init__(self, start: datetime | None = None) -> None:
        self.t = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.t

    def advance(self, **kw: float) -> datetime:
        self.t = self.t + timedelta(**kw)
        return self.t

    def __enter__(self) -> FrozenClock:
        set_clock(self)
        return self

    def __exit__(self, *exc: object) -> None:
        set_clock(None)


def as_utc(dt: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; treat them as UTC."""
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
