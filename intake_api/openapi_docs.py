"""Words for the published API contract (issue 19.3): a summary and a description for every
operation, the bearer security scheme and an example body for every error status. Read by
:func:`intake_api.openapi.contract`; kept apart so the contract's rules and its prose are reviewed
separately. An operation missing here keeps FastAPI's generated summary and fails
``tests/intake/test_api_docs.py`` (every operation must be described)."""

from __future__ import annotations

from typing import Any

ROLES = ("Roles: client (own organisation), consultant (tickets assigned to them), dpo (data "
         "protection officer), admin.")
PAGING = ("Newest first. Paged by an opaque cursor: the response carries `X-Total-Count` (all rows "
          "matching the filters), and `X-Next-Cursor` plus a `Link: <…>; rel=\"next\"` header while "
          "more rows follow; pass the cursor back as `cursor` with the same filters. Rows added "
          "meanwhile never shift a page.")

# API operations that need no bearer token (the link token or nothing is the proof)
PUBLIC = {("post", "/api/v1/password-reset"), ("post", "/api/v1/password-reset/confirm")}

OPERATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("post", "/api/v1/tickets"): (
        "Open a ticket",
        "Opens a helpdesk ticket with the next `HD-<year>-<n>` reference. A client opens it for its "
        "own organisation; staff give `organisation_id`. A consultant who opens one is assigned to it."),
    ("get", "/api/v1/tickets"): (
        "List tickets",
        "The tickets the caller may see (need-to-know: a client its organisation's, a consultant the "
        "assigned ones). Filters: `status` (open/closed), `organisation_id` (staff), `q` (reference or "
        "subject contains), `since`/`until` (creation day, inclusive). " + PAGING),
    ("get", "/api/v1/tickets/{ref}"): (
        "Get a ticket",
        "One ticket by its reference (404 when not visible to the caller)."),
    ("patch", "/api/v1/tickets/{ref}"): (
        "Close, re-open or assign a ticket",
        "`status` closes or re-opens (its client or staff); `assigned_consultant_id` assigns a "
        "consultant (DPO or admin only). Audited."),
    ("post", "/api/v1/tickets/{ref}/attachments"): (
        "Upload evidence",
        "Streams one file (multipart field `file`) into the encrypted vault and queues it for "
        "redaction; answers 202 with the status URL at once. The type is sniffed from the content, "
        "not the name. Only the redacted copy is ever shown to the helpdesk."),
    ("get", "/api/v1/tickets/{ref}/attachments"): (
        "List a ticket's attachments", "Every attachment of the ticket with its processing state."),
    ("get", "/api/v1/attachments/{att_id}"): (
        "Attachment status",
        "Processing state (`processing`, `published`, `rejected`, …), items hidden by kind, pages, "
        "and the reason when rejected. Poll this after an upload."),
    ("get", "/api/v1/attachments/{att_id}/redacted"): (
        "Download the redacted copy",
        "The published redacted copy (same type as the original; an Outlook .msg comes out as .eml). "
        "409 while processing; 410 once deleted by the retention policy. Audited."),
    ("get", "/api/v1/attachments/{att_id}/original"): (
        "Download the original",
        "Only the DPO, or a consultant named in an approved transfer request, may open an original; "
        "every access and every refusal is audited. 410 once destroyed."),
    ("get", "/api/v1/notifications"): (
        "List in-app notices",
        "Notices for the caller (a client also sees its organisation's). " + PAGING),
    ("get", "/api/v1/transfer-requests/schema"): (
        "Transfer-request form schema", "The JSON schema of the transfer-request form (`version`)."),
    ("post", "/api/v1/transfer-requests"): (
        "Draft a transfer request",
        "A client drafts a request to let named vendor consultants see originals of a ticket."),
    ("get", "/api/v1/transfer-requests"): (
        "List transfer requests", "Requests the caller may see, optionally by `state`. " + PAGING),
    ("get", "/api/v1/transfer-requests/{request_id}"): (
        "Get a transfer request",
        "One request with its state and history, if visible."),
    ("patch", "/api/v1/transfer-requests/{request_id}"): (
        "Edit a draft transfer request", "Changes fields of a request still in draft."),
    **{("post", f"/api/v1/transfer-requests/{{request_id}}/{a}"): (f"{a.capitalize()} a transfer request", d)
       for a, d in (("submit", "The client submits the draft to the DPO."),
                    ("withdraw", "The client withdraws a request not yet decided."),
                    ("approve", "The DPO approves: named consultants may open the originals."),
                    ("reject", "The DPO rejects, with a reason."),
                    ("revoke", "The DPO revokes an approval; access ends at once."),
                    ("fulfil", "The DPO records the transfer as done."))},
    ("get", "/api/v1/transfer-requests/{request_id}/pdf"): (
        "Transfer request as PDF", "The signed-off request as a PDF in `lang` (lt, lv, ru, en)."),
    ("get", "/api/v1/organisations/{org_id}/dpas"): (
        "List data-processing agreements", "The organisation's agreements (DPO or admin)."),
    ("post", "/api/v1/organisations/{org_id}/dpas"): (
        "Record a data-processing agreement", "Adds an agreement for the organisation."),
    ("get", "/api/v1/organisations/{org_id}/dpas/{dpa_id}"): (
        "Get an agreement",
        "One data-processing agreement of the organisation."),
    ("patch", "/api/v1/organisations/{org_id}/dpas/{dpa_id}"): (
        "Edit an agreement", "Changes an agreement still in force."),
    ("delete", "/api/v1/organisations/{org_id}/dpas/{dpa_id}"): (
        "End an agreement",
        "Terminates the agreement: its originals are destroyed; the record stays for the audit."),
    ("get", "/api/v1/attachments/{attachment_id}/certificate"): (
        "Destruction certificate",
        "The signed certificate that an original was destroyed (DPO). 404 while it still exists."),
    ("post", "/api/v1/legal-holds"): (
        "Place a legal hold",
        "Stops retention deletion for a ticket or a whole organisation until lifted (DPO or admin)."),
    ("get", "/api/v1/legal-holds"): (
        "List legal holds", "Active holds, or all with `active=false`. " + PAGING),
    ("get", "/api/v1/legal-holds/{hold_id}"): (
        "Get a legal hold",
        "One legal hold: what it covers, why, who placed it and whether it is lifted."),
    ("post", "/api/v1/legal-holds/{hold_id}/lift"): (
        "Lift a legal hold", "Ends a hold, with a reason; retention resumes."),
    ("get", "/api/v1/audit/export"): (
        "Export the audit log", "The hash-chained audit log between `from` and `to` as CSV or JSON (DPO)."),
    ("get", "/api/v1/audit/verify"): (
        "Verify the audit chain", "Checks the audit log's hash chain and signatures (DPO)."),
    ("get", "/api/v1/organisations/{org_id}/retention-policy"): (
        "Get a retention policy", "How long originals and redacted copies are kept."),
    ("put", "/api/v1/organisations/{org_id}/retention-policy"): (
        "Set a retention policy", "Replaces the organisation's retention periods. Audited."),
    ("get", "/api/v1/retention/public-key"): (
        "Certificate signing key", "The public key that verifies destruction certificates."),
    ("get", "/api/v1/admin/helpdesk/outbox"): (
        "Helpdesk hand-off queue", "Redacted copies waiting for, or failing, delivery to the helpdesk."),
    ("post", "/api/v1/admin/helpdesk/outbox/{row_id}/retry"): (
        "Retry a hand-off", "Queues a failed helpdesk delivery again."),
    ("get", "/api/v1/admin/helpdesk/configs"): (
        "Helpdesk connectors", "The configured helpdesk connectors (no secrets)."),
    ("post", "/api/v1/me/password"): (
        "Change my password",
        "Changes the caller's password; the current one is required and the new one must pass the "
        "password policy (10+ characters, not a common password). Every browser session of the user "
        "ends; API tokens stay valid. Wrong current passwords count like failed sign-ins (429)."),
    ("post", "/api/v1/password-reset"): (
        "Ask for a password reset link",
        "Mails a one-time reset link (valid one hour) to the address if it belongs to an active user. "
        "Always 202, so the answer never tells whether an address has an account. No authentication."),
    ("post", "/api/v1/password-reset/confirm"): (
        "Set a password with a link",
        "Sets a new password with the token of a reset or set-up link (one use, until it expires; "
        "410 when used or expired). No authentication: the token is the proof."),
    ("get", "/api/v1/me/tokens"): (
        "My API tokens", "The caller's live API tokens (label, created, expiry); never the secrets."),
    ("post", "/api/v1/me/tokens"): (
        "Create an API token",
        "A new API token with a label and an optional expiry (1-366 days); the secret is in this "
        "answer only."),
    ("delete", "/api/v1/me/tokens/{token_id}"): (
        "Revoke an API token", "The token is refused from now on (revoking the token in use is allowed)."),
    ("get", "/api/v1/admin/users"): ("List users", "Every user with role, language and state (admin only)."),
    ("post", "/api/v1/admin/users/{user_id}/reset-password"): (
        "Reset a user's password",
        "The old password stops working, the user's browser sessions end and a one-time link is "
        "mailed to them (never returned here). Admin only."),
    ("post", "/api/v1/admin/users/{user_id}/deactivate"): (
        "Deactivate a user",
        "Browser sessions end at once and the user's API tokens are refused. Admin only."),
    ("post", "/api/v1/admin/users/{user_id}/activate"): (
        "Re-activate a user", "Lets a deactivated user in again; unrevoked, unexpired tokens work again."),
    ("get", "/healthz"): ("Health", "`ok` once the database is migrated and the worker started; 503 before."),
}

SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "An API token from `sargas admin create-user` or the admin page, sent as "
                              "`Authorization: Bearer <token>`. " + ROLES},
}

EXAMPLES: dict[int, dict[str, Any]] = {
    400: {"error": "one_file_only", "message": "Upload one file per request."},
    401: {"error": "unauthenticated", "message": "The API token is not valid."},
    403: {"error": "forbidden", "message": "Only the data protection officer may do this."},
    404: {"error": "not_found", "message": "No such ticket."},
    409: {"error": "ticket_closed", "message": "The ticket is closed; open a new one to add files."},
    410: {"error": "gone", "message": "The redacted copy has been deleted under the retention policy."},
    411: {"error": "length_required", "message": "Send the file with a Content-Length."},
    413: {"error": "too_large", "message": "The file is larger than the limit of 25 MB."},
    415: {"error": "not_multipart",
          "message": "Send the file as multipart/form-data in a field named 'file'."},
    422: {"error": "invalid_request", "message": "The request is not valid.",
          "fields": [{"field": "subject", "problem": "Field required"}]},
    429: {"error": "too_many_requests", "message": "Too many failed sign-ins; try again later."},
    503: {"error": "unavailable", "message": "The service is starting; try again shortly."},
}
