"""Outbound connectors to the vendor's own helpdesk (issue 15).

:data:`CONNECTORS` is the explicit list: ``rt`` (Request Tracker 5, REST 2) and ``zammad`` (REST API).
The e-mail forward connector of the mail gateway registers here as ``email`` when it lands. Hand-offs
go through the outbox (:mod:`intake_api.connectors.handoff`); configuration is
:mod:`intake_api.connectors.config`.

Failure: an unknown kind is a ``KeyError`` at configuration time (``set-connector`` refuses it).
"""

from __future__ import annotations

from intake_api.connectors.base import CLOSED, OPEN, Connector, ConnectorError, FileItem, Target, TicketInfo
from intake_api.connectors.rt import RTConnector
from intake_api.connectors.zammad import ZammadConnector

CONNECTORS: dict[str, Connector] = {"rt": RTConnector(), "zammad": ZammadConnector()}

__all__ = ["CLOSED", "CONNECTORS", "OPEN", "Connector", "ConnectorError", "FileItem", "Target", "TicketInfo"]
