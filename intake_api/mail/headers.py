"""Reading headers of a received message without ever raising (8-bit, malformed, undecodable)."""

from __future__ import annotations

from email.message import Message


def header(msg: Message, name: str) -> str:
    """A header as one line of text; an undecodable one is ''."""
    try:
        v = msg.get(name)
        return "" if v is None else " ".join(str(v).split())
    except Exception:  # noqa: BLE001 - 8-bit or malformed header: treated as absent
        return ""
