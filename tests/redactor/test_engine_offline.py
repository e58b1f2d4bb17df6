"""No network at import or run time: a full redaction with sockets disabled."""

from __future__ import annotations

import socket
import subprocess
import sys

from redactor_docs import EMAIL, make_text_pdf

from redactor import redact


def test_redaction_with_sockets_disabled(monkeypatch) -> None:
    def refuse(*_a, **_k):
        raise OSError("network disabled in this test")

    for name in ("connect", "connect_ex", "sendto", "send", "sendall"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    res = redact(make_text_pdf([f"Mail {EMAIL} now"], extras=False))
    assert res.counts().get("EMAIL_ADDRESS") == 1


def test_fresh_process_offline() -> None:
    """Import and a run in a new interpreter where every socket use fails loudly."""
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise SystemExit('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "import redactor, pymupdf\n"
        "d = pymupdf.open(); p = d.new_page(); p.insert_text((50, 80), 'Mail a.b@mail.example.org ok')\n"
        "r = redactor.redact(d.tobytes())\n"
        "assert r.counts() == {'EMAIL_ADDRESS': 1}, r.counts()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert EMAIL not in proc.stderr
