"""A loopback stand-in for Zammad's REST API — ZAMMAD ITSELF CANNOT RUN HERE (it needs Rails,
PostgreSQL and Elasticsearch, not packaged for Debian), so the Zammad connector is tested against this
implementation of the documented subset it uses (docs.zammad.org, REST API: tickets, ticket articles,
attachments):

- ``Authorization: Token token=<t>`` (else 401 ``{"error": ...}``);
- ``GET /api/v1/tickets/search?query=..&expand=true`` -> list of tickets (title match);
- ``POST /api/v1/tickets`` ``{title, group, customer_id, article}`` -> the ticket (422 for an unknown
  group, as Zammad answers ``No lookup value found for 'group'``);
- ``GET /api/v1/tickets/{id}?expand=true`` -> the ticket with ``state`` (name) and ``state_id``;
- ``POST /api/v1/ticket_articles`` ``{ticket_id, subject, body, content_type, type, internal,
  attachments: [{filename, data (base64), mime-type}]}``; ``GET /api/v1/ticket_articles/by_ticket/{id}``;
- ``GET /api/v1/ticket_attachment/{ticket}/{article}/{attachment}`` -> the file's bytes.

It checks the documented shapes strictly (a missing field or a non-boolean ``internal`` is a 422) and
can be told to answer 500 or an HTML page, as a broken proxy in front of a helpdesk does.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

STATES = {1: "new", 2: "open", 4: "closed"}


class FakeZammad:
    def __init__(self, token: str, groups: tuple[str, ...] = ("Users",)) -> None:
        self.token, self.groups = token, set(groups)
        self.tickets: dict[int, dict] = {}
        self.articles: dict[int, list[dict]] = {}
        self.files: dict[int, bytes] = {}
        self.mode = "ok"  # ok | 500 | html
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def set_state(self, ticket_id: int, state: str) -> None:
        sid = {v: k for k, v in STATES.items()}[state]
        self.tickets[ticket_id]["state_id"] = sid

    def _ticket_doc(self, t: dict) -> dict:
        return {**t, "state": STATES[t["state_id"]]}

    def _add_article(self, ticket_id: int, a: dict) -> dict:
        for f in ("subject", "body"):
            if not isinstance(a.get(f), str):
                raise ValueError(f)
        if not isinstance(a.get("internal", False), bool) or a.get("type", "note") not in ("note", "email"):
            raise ValueError("internal/type")
        art = {"id": sum(len(v) for v in self.articles.values()) + 1, "ticket_id": ticket_id,
               "subject": a["subject"], "body": a["body"], "internal": a.get("internal", False),
               "type": a.get("type", "note"), "content_type": a.get("content_type", "text/plain"),
               "attachments": []}
        for f in a.get("attachments") or []:
            if not {"filename", "data", "mime-type"} <= set(f):
                raise ValueError("attachment")
            fid = len(self.files) + 1
            self.files[fid] = base64.b64decode(f["data"], validate=True)
            art["attachments"].append({"id": fid, "filename": f["filename"], "preferences":
                                       {"Mime-Type": f["mime-type"]}, "size": len(self.files[fid])})
        self.articles.setdefault(ticket_id, []).append(art)
        return art

    def _handler(self):
        fake = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def _send(self, code: int, doc=None, raw: bytes | None = None, ctype="application/json"):
                body = raw if raw is not None else json.dumps(doc).encode()
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _route(self, method: str) -> None:
                u = urlsplit(self.path)
                q = {k: v[0] for k, v in parse_qs(u.query).items()}
                parts = u.path.strip("/").split("/")
                fake.requests.append((method, u.path))
                if fake.mode == "500":
                    return self._send(500, {"error": "internal"})
                if fake.mode == "html":
                    return self._send(200, raw=b"<html><body>Maintenance</body></html>", ctype="text/html")
                if self.headers.get("Authorization") != f"Token token={fake.token}":
                    return self._send(401, {"error": "authentication failed"})
                if parts[:2] != ["api", "v1"]:
                    return self._send(404, {"error": "not found"})
                body = {}
                if method == "POST":
                    body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                with fake._lock:
                    try:
                        return self._dispatch(method, parts[2:], q, body)
                    except ValueError as exc:
                        return self._send(422, {"error": f"invalid field {exc}"})

            def _dispatch(self, method, p, q, body):
                if method == "GET" and p == ["tickets", "search"]:
                    hits = [fake._ticket_doc(t) for t in fake.tickets.values()
                            if q.get("query", "") in t["title"]]
                    return self._send(200, hits if q.get("expand") == "true" else
                                      {"tickets": [t["id"] for t in hits], "tickets_count": len(hits)})
                if method == "POST" and p == ["tickets"]:
                    if body.get("group") not in fake.groups:
                        return self._send(422, {"error": "No lookup value found for 'group'"})
                    if not isinstance(body.get("title"), str) or not isinstance(body.get("article"), dict):
                        raise ValueError("title/article")
                    tid = len(fake.tickets) + 1
                    fake.tickets[tid] = {"id": tid, "title": body["title"], "group": body["group"],
                                         "state_id": 1, "customer_id": body.get("customer_id")}
                    fake._add_article(tid, body["article"])
                    return self._send(201, fake._ticket_doc(fake.tickets[tid]))
                if method == "GET" and len(p) == 2 and p[0] == "tickets" and p[1].isdigit():
                    t = fake.tickets.get(int(p[1]))
                    return self._send(200, fake._ticket_doc(t)) if t else self._send(404, {"error": "nf"})
                if method == "POST" and p == ["ticket_articles"]:
                    tid = body.get("ticket_id")
                    if not isinstance(tid, int) or tid not in fake.tickets:
                        raise ValueError("ticket_id")
                    return self._send(201, fake._add_article(tid, body))
                if method == "GET" and p[:2] == ["ticket_articles", "by_ticket"]:
                    return self._send(200, fake.articles.get(int(p[2]), []))
                if method == "GET" and p[0] == "ticket_attachment" and len(p) == 4:
                    return self._send(200, raw=fake.files[int(p[3])], ctype="application/octet-stream")
                return self._send(404, {"error": "not found"})

            def do_GET(self):  # noqa: N802
                self._route("GET")

            def do_POST(self):  # noqa: N802
                self._route("POST")

        return H
