"""Tables of the helpdesk connectors: per organisation, which helpdesk (kind, base URL, queue or group)
and where its credential is (a 0600 secret file written by :mod:`sargas.secretfile`; the token itself
is never stored in the database, logged or returned by the API); per Sargas ticket, the helpdesk ticket
it was handed to and the status last seen there (so only a change made in the helpdesk is followed).

Failure: none at run time; a missing table is a migration error at start-up (``0004_connectors``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from sargas.clock import now
from sargas.db import Base, UTCDateTime


class HelpdeskConfig(Base):
    __tablename__ = "helpdesk_configs"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # a key of intake_api.connectors.CONNECTORS
    base_url: Mapped[str] = mapped_column(String(2000))
    queue: Mapped[str] = mapped_column(String(200))  # RT queue / Zammad group
    secret_file: Mapped[str | None] = mapped_column(String(1000))  # path of the 0600 token file
    enabled: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class HelpdeskLink(Base):
    __tablename__ = "helpdesk_links"

    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    last_status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed, as seen there
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
