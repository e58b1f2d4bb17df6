"""The published OpenAPI contract (issue 18.9): every status code an operation really answers is
declared, every error is the product's ``{"error", "message"}`` body (422 adds ``fields``), and the
content types of downloads are the real ones.

The routers of intake_api, forms and retention declare their success responses; this module adds
their error responses in one table, so the contract is reviewed in one place (``install(app)``
replaces ``app.openapi``). ``tests/intake/test_openapi_contract.py`` runs schemathesis against the
app and fails on any undocumented status code or server error.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from intake_api.openapi_docs import EXAMPLES, OPERATIONS, PUBLIC, SECURITY_SCHEMES

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "stable machine-readable code"},
        "message": {"type": "string", "description": "plain words, safe to show; never document content"},
        "fields": {"type": "array", "description": "422 only: one entry per invalid field",
                   "items": {"type": "object", "properties": {"field": {"type": "string"},
                                                                "problem": {"type": "string"}}}},
    },
}
DESCRIPTIONS = {400: "Bad request", 401: "Not signed in (no or invalid API token)",
                403: "Not allowed for this role", 404: "Not found (or not visible to the caller)",
                409: "Conflicts with the current state",
                410: "Gone (destroyed or deleted under the retention policy)", 411: "Length required",
                413: "Too large (file size, pixels, pages)", 415: "Unsupported or mislabelled file type",
                422: "Invalid request", 429: "Too many failed sign-ins; try again later",
                503: "Starting or unavailable"}
DOWNLOAD_TYPES = ("image/png", "image/jpeg", "image/webp", "image/tiff", "image/bmp", "image/gif",
                  "application/pdf")

# Error codes beyond the ones every API operation can answer (401, 422, 429; 404 with path ids).
EXTRA: dict[tuple[str, str], tuple[int, ...]] = {
    ("post", "/api/v1/tickets"): (403, 409),
    ("patch", "/api/v1/tickets/{ref}"): (403,),
    ("post", "/api/v1/tickets/{ref}/attachments"): (400, 409, 413, 415),
    ("get", "/api/v1/attachments/{att_id}/redacted"): (409, 410),
    ("get", "/api/v1/attachments/{att_id}/original"): (403, 409, 410),
    ("post", "/api/v1/transfer-requests"): (403,),
    ("patch", "/api/v1/transfer-requests/{request_id}"): (403, 409),
    **{("post", f"/api/v1/transfer-requests/{{request_id}}/{a}"): (403, 409)
       for a in ("submit", "withdraw", "approve", "reject", "revoke", "fulfil")},
    ("get", "/api/v1/organisations/{org_id}/dpas"): (403,),
    ("post", "/api/v1/organisations/{org_id}/dpas"): (403,),
    ("get", "/api/v1/organisations/{org_id}/dpas/{dpa_id}"): (403,),
    ("patch", "/api/v1/organisations/{org_id}/dpas/{dpa_id}"): (403, 409),
    ("delete", "/api/v1/organisations/{org_id}/dpas/{dpa_id}"): (403, 409),
    ("get", "/api/v1/attachments/{attachment_id}/certificate"): (403,),
    ("post", "/api/v1/legal-holds"): (403, 404),
    ("get", "/api/v1/legal-holds"): (403,),
    ("get", "/api/v1/legal-holds/{hold_id}"): (403,),
    ("post", "/api/v1/legal-holds/{hold_id}/lift"): (403, 409),
    ("get", "/api/v1/audit/export"): (403,),
    ("get", "/api/v1/audit/verify"): (403,),
    ("get", "/api/v1/organisations/{org_id}/retention-policy"): (403,),
    ("put", "/api/v1/organisations/{org_id}/retention-policy"): (403,),
    ("get", "/api/v1/retention/public-key"): (403,),
    ("get", "/api/v1/admin/helpdesk/outbox"): (403,),
    ("post", "/api/v1/admin/helpdesk/outbox/{row_id}/retry"): (403, 404, 409),
    ("get", "/api/v1/admin/helpdesk/configs"): (403,),
    ("get", "/healthz"): (503,),
    ("post", "/api/v1/me/password"): (403,),
    ("post", "/api/v1/password-reset/confirm"): (410,),
    ("get", "/api/v1/admin/users"): (403,),
    ("post", "/api/v1/admin/users/{user_id}/reset-password"): (403, 409),
    ("post", "/api/v1/admin/users/{user_id}/deactivate"): (403, 409),
    ("post", "/api/v1/admin/users/{user_id}/activate"): (403, 409),
}
CONTENT: dict[tuple[str, str], tuple[str, ...]] = {
    ("get", "/api/v1/attachments/{att_id}/redacted"): DOWNLOAD_TYPES,
    ("get", "/api/v1/attachments/{att_id}/original"): DOWNLOAD_TYPES,
    ("get", "/api/v1/transfer-requests/{request_id}/pdf"): ("application/pdf",),
    ("get", "/api/v1/audit/export"): ("application/json", "text/csv"),
}

# Bodies the routes read themselves (streaming upload), declared so clients and tools know them.
REQUEST_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/tickets/{ref}/attachments"): {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary",
                                    "description": "PNG, JPEG, WEBP, TIFF, BMP, GIF or PDF"}}}}}},
}


# Headers the routes read themselves, declared as parameters.
HEADERS: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("post", "/api/v1/tickets/{ref}/attachments"): [{
        "name": "Idempotency-Key", "in": "header", "required": False,
        "description": "Makes a retry safe: the same key (per user and ticket) returns the first attachment "
                       "(header Idempotent-Replayed: true) instead of a second one and a second notice.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255}}],
}


def codes_for(method: str, path: str) -> set[int]:
    codes = set(EXTRA.get((method, path), ()))
    if path.startswith("/api/"):
        codes |= {401, 422, 429}
        if "{" in path:
            codes.add(404)
    return codes


def _error(status: int) -> dict[str, Any]:
    body: dict[str, Any] = {"schema": ERROR_REF}
    if status in EXAMPLES:
        body["example"] = EXAMPLES[status]
    return {"description": DESCRIPTIONS.get(status, "Error"), "content": {"application/json": body}}


# Headers of the paged lists (issue 19.4); the operations that page are named in PAGED.
PAGE_HEADERS: dict[str, Any] = {
    "X-Total-Count": {"description": "rows matching the filters, over all pages",
                      "schema": {"type": "integer"}},
    "X-Next-Cursor": {"description": "pass as `cursor` for the next page; absent on the last page",
                      "schema": {"type": "string"}},
    "Link": {"description": 'RFC 8288 `<url>; rel="next"` while more rows follow',
             "schema": {"type": "string"}},
}
PAGED = {("get", "/api/v1/tickets"), ("get", "/api/v1/notifications"), ("get", "/api/v1/legal-holds"),
         ("get", "/api/v1/transfer-requests")}


def _describe(method: str, path: str, op: dict[str, Any]) -> None:
    """Summary, description and security of one operation (the table in openapi_docs)."""
    words = OPERATIONS.get((method, path))
    if words:
        op["summary"], description = words
        own = op.get("description")
        op["description"] = description if not own or own in description else f"{description}\n\n{own}"
    op["security"] = [{"bearer": []}] if path.startswith("/api/") and (method, path) not in PUBLIC else []
    ok = next((c for c in ("200", "201") if c in op.get("responses", {})), None)
    if (method, path) in PAGED and ok:
        op["responses"][ok]["headers"] = PAGE_HEADERS


def contract(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite FastAPI's generated schema into the product's real contract (in place)."""
    comps = schema.setdefault("components", {}).setdefault("schemas", {})
    comps.pop("HTTPValidationError", None)
    comps.pop("ValidationError", None)
    comps["Error"] = ERROR_SCHEMA
    schema["components"]["securitySchemes"] = SECURITY_SCHEMES
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            _describe(method, path, op)
            if (method, path) in REQUEST_BODIES:
                op["requestBody"] = REQUEST_BODIES[(method, path)]
            if (method, path) in HEADERS:
                op["parameters"] = [*op.get("parameters", []), *HEADERS[(method, path)]]
            responses = op.setdefault("responses", {})
            responses.pop("422", None)
            codes = codes_for(method, path) | ({400} if "requestBody" in op else set())  # unparsable body
            for status in sorted(codes):
                responses[str(status)] = _error(status)
            types = CONTENT.get((method, path))
            ok = next((c for c in ("200", "201") if c in responses), None)
            if types and ok:
                responses[ok]["content"] = {
                    t: {"schema": {} if t == "application/json" else {"type": "string", "format": "binary"}}
                    for t in types}
    return schema


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = contract(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
