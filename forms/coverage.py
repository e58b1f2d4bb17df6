"""Does an approved transfer request or a valid DPA cover a ticket at a given time?

STUB: nothing is covered yet. The forms issue fills :func:`find_coverage` in; the intake pipeline's
decision step and the original-download authorisation call it with exactly this signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Coverage:
    kind: str  # "transfer_request" | "dpa"
    id: str
    until: datetime | None  # originals under this coverage are destroyed at this time (None = open)
    consultant_ids: frozenset[str] = field(default_factory=frozenset)  # may open originals
    reference: str | None = None  # human-readable (request number, DPA reference)


def find_coverage(session: Session, *, organisation_id: str, ticket_id: str, at: datetime) -> Coverage | None:
    """The coverage in force for this ticket at ``at``, or ``None`` (then the original is destroyed)."""
    return None
