"""Cursor pagination of newest-first lists (issue 19.4), shared by the API and the web UI.

A list is ordered by ``(time column desc, id desc)``; the cursor is the last row's pair, encoded
opaquely (url-safe base64 of ``<iso time>|<id>``). The next page is "rows strictly older than the
cursor", so rows added or removed meanwhile never shift or repeat a page. The total is the count
of the same filtered query without the cursor.

Fails closed: a cursor that does not decode raises :class:`BadCursor` (the API answers 422, the web
UI shows the first page); nothing about the rows is ever put into a cursor but a time and an id.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

T = TypeVar("T")
MAX_LIMIT = 500


class BadCursor(ValueError):
    """The cursor is not one this server issued."""


@dataclass
class Paged(Generic[T]):
    rows: list[T]
    total: int
    next_cursor: str | None


def encode(at: datetime, row_id: str) -> str:
    raw = f"{at.astimezone(UTC).isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, row_id = raw.split("|", 1)
        when = datetime.fromisoformat(at)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadCursor("cursor") from None
    if when.tzinfo is None or not row_id or len(row_id) > 64:
        raise BadCursor("cursor")
    return when, row_id


def clamp(limit: int | None, default: int = 50) -> int:
    return max(1, min(limit or default, MAX_LIMIT))


def page(session: Session, q: Select[Any], time_col: Any, id_col: Any, *, cursor: str | None,
         limit: int) -> Paged[Any]:
    """One page of ``q`` (a filtered ``select`` of one entity, without order or limit)."""
    total = int(session.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0)
    if cursor:
        at, row_id = decode(cursor)
        q = q.where(or_(time_col < at, and_(time_col == at, id_col < row_id)))
    rows = list(session.scalars(q.order_by(time_col.desc(), id_col.desc()).limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = None
    if more and rows:
        last = rows[-1]
        nxt = encode(getattr(last, time_col.key), getattr(last, id_col.key))
    return Paged(rows, total, nxt)


def page_list(rows: list[T], time_attr: str, *, cursor: str | None, limit: int) -> Paged[T]:
    """The same paging over rows already loaded and filtered in Python (lists whose visibility
    rule is not a query); ``rows`` in any order, paged newest first by (time, id)."""
    ordered = sorted(rows, key=lambda r: (getattr(r, time_attr), r.id), reverse=True)  # type: ignore[attr-defined]
    total = len(ordered)
    if cursor:
        at, row_id = decode(cursor)
        ordered = [r for r in ordered if (getattr(r, time_attr), r.id) < (at, row_id)]  # type: ignore[attr-defined]
    more = len(ordered) > limit
    ordered = ordered[:limit]
    nxt = encode(getattr(ordered[-1], time_attr), ordered[-1].id) if more and ordered else None  # type: ignore[attr-defined]
    return Paged(ordered, total, nxt)


def headers(paged: Paged[Any], url: str) -> dict[str, str]:
    """``X-Total-Count``, and ``X-Next-Cursor`` + ``Link: rel="next"`` when more rows follow.
    ``url`` is the request URL; its ``cursor`` parameter is replaced."""
    out = {"X-Total-Count": str(paged.total)}
    if paged.next_cursor:
        from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

        u = urlsplit(url)
        params = [(k, v) for k, v in parse_qsl(u.query, keep_blank_values=True) if k != "cursor"]
        params.append(("cursor", paged.next_cursor))
        out["X-Next-Cursor"] = paged.next_cursor
        out["Link"] = f'<{urlunsplit(("", "", u.path, urlencode(params), ""))}>; rel="next"'
    return out
