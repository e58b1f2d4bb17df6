"""First start of an empty installation: one admin is created, its password is stored 0600 and
works; a second start creates nothing."""

from __future__ import annotations

import stat

from sqlalchemy import func, select

from intake_api import admin as service
from intake_api.auth import verify_password
from intake_api.migrate import upgrade
from sargas.db import init_db, session_scope
from sargas.models import User
from sargas.settings import Settings, configure


def test_first_start_creates_one_admin(tmp_path, settings):
    # an empty installation of its own, whatever backend the suite runs on
    fresh = Settings(data_dir=tmp_path / "fresh", database_url=f"sqlite:///{tmp_path / 'fresh.db'}",
                     storage_url=None)
    configure(fresh)
    try:
        upgrade(fresh)
        with session_scope() as s:
            email, password = service.bootstrap_admin(s, fresh.data_dir)
        secret = fresh.data_dir / "initial-admin.txt"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert password in secret.read_text()
        with session_scope() as s:
            admin = s.scalar(select(User).where(User.email == email))
            assert admin.role == "admin" and verify_password(admin.password_hash, password)
            assert service.bootstrap_admin(s, fresh.data_dir) is None
            assert s.scalar(select(func.count()).select_from(User)) == 1
    finally:
        configure(settings)
        init_db(settings)
