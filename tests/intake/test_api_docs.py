"""The published API documentation (issue 19.3): every operation has a written summary and
description (not FastAPI's name-derived title), the bearer security scheme is declared and used,
every error response has the real ``{error, message}`` schema with an example, and /docs is served
from packaged assets with a same-origin Content-Security-Policy (the browser check is
tests/web/test_offline.py)."""

from __future__ import annotations

import re

from intake_api.openapi_docs import OPERATIONS, PUBLIC


def test_every_operation_is_described(client):
    spec = client.get("/openapi.json").json()
    ops = [(m, p, o) for p, v in spec["paths"].items() for m, o in v.items()]
    assert len(ops) >= 30
    for method, path, op in ops:
        assert (method, path) in OPERATIONS, (method, path)
        assert op["summary"] == OPERATIONS[(method, path)][0]
        assert len(op.get("description", "")) >= 12, (method, path)


def test_bearer_scheme_and_error_examples(client):
    spec = client.get("/openapi.json").json()
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    for path, v in spec["paths"].items():
        for method, op in v.items():
            bearer = path.startswith("/api/") and (method, path) not in PUBLIC
            assert op["security"] == ([{"bearer": []}] if bearer else []), path
            for status, resp in op["responses"].items():
                if int(status) < 400 or path == "/healthz":
                    continue
                body = resp["content"]["application/json"]
                assert body["schema"] == {"$ref": "#/components/schemas/Error"}, (path, status)
                assert {"error", "message"} <= set(body["example"]), (path, status)
    paged = spec["paths"]["/api/v1/tickets"]["get"]["responses"]["200"]["headers"]
    assert {"X-Total-Count", "X-Next-Cursor", "Link"} <= set(paged)


def test_docs_page_uses_packaged_assets_only(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    srcs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert srcs and all(s.startswith("/docs/") for s in srcs), srcs
    for s in srcs:
        asset = client.get(s)
        assert asset.status_code == 200 and len(asset.content) > 10, s
    assert client.get("/docs/assets/../../etc/passwd").status_code == 404
    assert client.get("/docs/assets/core.py").status_code == 404
    assert client.get("/redoc").status_code == 404
