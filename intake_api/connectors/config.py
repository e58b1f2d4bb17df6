"""Per-organisation helpdesk configuration (``sargas admin set-connector``) and reading it back.

The token is copied from the file the admin names into a Sargas-owned secret file (mode 0600, in a
0700 directory, via :func:`sargas.secretfile.write_secret`); the database holds only its path. Nothing
here logs or returns the token: :func:`describe` is what the API and CLI show.

How it fails: :class:`ConfigError` (an unknown organisation or kind, a URL that is not http(s), an
empty or group/world-readable token file) — the old configuration stays as it was.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake_api.connectors.base import Target
from intake_api.connectors.models import HelpdeskConfig
from sargas.clock import now
from sargas.db import new_id
from sargas.models import Organisation
from sargas.secretfile import write_secret


class ConfigError(ValueError):
    pass


def set_connector(session: Session, data_dir: Path, org_name: str, *, kind: str, url: str, queue: str,
                  token_file: Path, enabled: bool = True) -> HelpdeskConfig:
    from intake_api.connectors import CONNECTORS

    org = session.scalars(select(Organisation).where(Organisation.name == org_name)).first()
    if org is None:
        raise ConfigError("no such organisation")
    if kind not in CONNECTORS:
        raise ConfigError(f"unknown connector kind (one of: {', '.join(sorted(CONNECTORS))})")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.username:
        raise ConfigError("the URL must be http(s)://host[:port][/path], without credentials or query")
    if not queue.strip():
        raise ConfigError("a queue (RT) or group (Zammad) is required")
    try:
        st = os.stat(token_file)
        token = Path(token_file).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise ConfigError("the token file cannot be read") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError("the token file must be readable by its owner only (chmod 600)")
    if not token or "\n" in token:
        raise ConfigError("the token file must hold one token")
    path = data_dir / "secrets" / "helpdesk" / f"{org.id}-{new_id()[:12]}.token"
    write_secret(path, token.encode())
    cfg = session.get(HelpdeskConfig, org.id)
    old = cfg.secret_file if cfg else None
    if cfg is None:
        cfg = HelpdeskConfig(organisation_id=org.id)
        session.add(cfg)
    cfg.kind, cfg.base_url, cfg.queue, cfg.secret_file = kind, url.rstrip("/"), queue.strip(), str(path)
    cfg.enabled, cfg.updated_at = enabled, now()
    session.flush()
    if old and old != str(path):
        Path(old).unlink(missing_ok=True)
    return cfg


def target(session: Session, cfg: HelpdeskConfig) -> Target:
    """The live target, the token read from its secret file (``OSError`` if the file is gone)."""
    org = session.get(Organisation, cfg.organisation_id)
    token = Path(cfg.secret_file or "").read_text(encoding="utf-8").strip() if cfg.secret_file else ""
    return Target(base_url=cfg.base_url, queue=cfg.queue, token=token, customer=org.email if org else None)


def describe(cfg: HelpdeskConfig) -> dict[str, Any]:
    """What may be shown: never the token, not even its path."""
    return {"organisation_id": cfg.organisation_id, "kind": cfg.kind, "base_url": cfg.base_url,
            "queue": cfg.queue, "enabled": cfg.enabled, "has_token": bool(cfg.secret_file),
            "updated_at": cfg.updated_at.isoformat() if cfg.updated_at else None}
