"""Who is calling. Routers in every package depend on :func:`current_principal`; the intake app
replaces it (``app.dependency_overrides[current_principal] = ...``) with the real Bearer-token auth,
so forms/ and retention/ routers never import intake_api.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException

CLIENT, CONSULTANT, DPO, ADMIN = "client", "consultant", "dpo", "admin"
ROLES = (CLIENT, CONSULTANT, DPO, ADMIN)
STAFF = (CONSULTANT, DPO, ADMIN)


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: str
    organisation_id: str | None
    email: str
    lang: str = "en"
    ip: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    def can_see_organisation(self, organisation_id: str | None) -> bool:
        """Staff see every organisation; a client only their own."""
        return self.is_staff or (organisation_id is not None and organisation_id == self.organisation_id)


def current_principal() -> Principal:
    """Placeholder dependency; the intake app overrides it with token auth. Unconfigured = 401."""
    raise HTTPException(status_code=401, detail="authentication required")
