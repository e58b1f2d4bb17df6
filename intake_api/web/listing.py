"""Paged lists of the web UI (issue 19.4): one page of a newest-first query by cursor
(:mod:`sargas.paging`, the API's keyset), with the total and the links to the next and first page
kept on the page's own filters. Fails closed: a cursor that does not decode shows the first page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Select

from intake_api.web.common import Page
from sargas import paging

PAGE_SIZE = 50


@dataclass
class Pager:
    rows: list[Any]
    total: int
    shown: int
    next_url: str | None
    first_url: str | None


def paged(page: Page, q: Select[Any], time_col: Any, id_col: Any, size: int = PAGE_SIZE) -> Pager:
    cursor = page.request.query_params.get("cursor") or None
    try:
        got = paging.page(page.db, q, time_col, id_col, cursor=cursor, limit=size)
    except paging.BadCursor:
        cursor = None
        got = paging.page(page.db, q, time_col, id_col, cursor=None, limit=size)
    return _pager(page, got, cursor)


def paged_list(page: Page, rows: list[Any], time_attr: str, size: int = PAGE_SIZE) -> Pager:
    """:func:`paged` for rows filtered in Python (transfer requests: visibility is a rule)."""
    cursor = page.request.query_params.get("cursor") or None
    try:
        got = paging.page_list(rows, time_attr, cursor=cursor, limit=size)
    except paging.BadCursor:
        cursor = None
        got = paging.page_list(rows, time_attr, cursor=None, limit=size)
    return _pager(page, got, cursor)


def _pager(page: Page, got: paging.Paged[Any], cursor: str | None) -> Pager:
    qp = page.request.query_params
    keep = [(k, v) for k, v in qp.multi_items() if k not in ("cursor", "done")]
    path = page.request.url.path

    def url(extra: list[tuple[str, str]]) -> str:
        params = keep + extra
        return path + ("?" + urlencode(params) if params else "")

    return Pager(got.rows, got.total, len(got.rows),
                 url([("cursor", got.next_cursor)]) if got.next_cursor else None,
                 url([]) if cursor else None)


def day(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` filter value, or None when empty or malformed."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None
