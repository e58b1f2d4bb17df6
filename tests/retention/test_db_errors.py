"""Database errors never quote the values bound to a statement (they end up in logs)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from sargas.db import make_engine


def test_driver_errors_hide_bound_values(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(OperationalError) as err, engine.connect() as conn:
        conn.execute(text("SELECT * FROM missing WHERE email = :e"), {"e": "jonas.petraitis@example.lt"})
    assert "jonas.petraitis" not in str(err.value)
    engine.dispose()
