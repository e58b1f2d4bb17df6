"""FastAPI dependencies shared by every API module: the request's database session.

``SESSION`` is ``Depends(get_session, scope="function")``: the session closes as soon as the
endpoint returns, before the response is sent. With the default ("request") scope it closed only
after sending, in the thread pool, which needs the event loop; a transaction left open by a
read-only page (SQLite takes the process's write lock at BEGIN) then waited for the loop while the
loop could wait for that lock, and the server froze for up to a minute. Fails like get_session: an
exception in the endpoint rolls the session back.
"""

from __future__ import annotations

from fastapi import Depends

from sargas.db import get_session

SESSION = Depends(get_session, scope="function")

__all__ = ["SESSION"]
