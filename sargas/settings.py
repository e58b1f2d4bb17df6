"""Process-wide settings (pydantic-settings, env prefix ``SARGAS_``).

Every package reads configuration through :func:`get_settings`. Commands that take ``--data-dir``
call :func:`configure` once at start-up; tests call it with a temporary directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SARGAS_", extra="ignore")

    data_dir: Path = Path("./sargas-data")
    database_url: str | None = None  # default: sqlite:///<data_dir>/sargas.db
    storage_url: str | None = None  # default: local files under <data_dir>/blobs; or s3://bucket/prefix
    s3_endpoint_url: str | None = None
    broker_url: str | None = None  # unset = embedded in-process worker

    # HTTP
    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"

    # SMTP (notifications)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_from: str = "sargas@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False  # implicit TLS (SMTPS, usually port 465) instead of plain/STARTTLS
    smtp_ca_file: Path | None = None  # CA bundle to verify the relay (default: the system's)
    smtp_from_name: str = "Sargas"  # display name of From: when smtp_from is a bare address
    smtp_timeout: float = 10.0
    # Time zone of notices, certificates and the UI for an organisation without its own (IANA name)
    default_timezone: str = "Europe/Vilnius"

    # Mail gateway (intake_api.mail): inbound SMTP when the port is set, IMAP when the host is set.
    inbound_smtp_port: int | None = None
    inbound_smtp_host: str = "127.0.0.1"
    support_addresses: str = ""  # comma-separated; the only recipients the gateway accepts
    inbound_smtp_tls_cert: Path | None = None  # STARTTLS offered when cert and key are set
    inbound_smtp_tls_key: Path | None = None
    mail_max_bytes: int = 30 * 1024 * 1024  # SMTP SIZE / DATA limit and IMAP per-message limit
    mail_max_parts: int = 50  # attachments + inline images taken from one message
    mail_max_depth: int = 5  # MIME nesting; deeper parts are left out (and the ack says so)
    forward_to: str | None = None  # the helpdesk mailbox that receives the clean message
    mail_ack_per_hour: int = 10  # acknowledgements to one sender per hour (loop and flood guard)
    imap_host: str | None = None
    imap_port: int = 993
    imap_ssl: bool = True
    imap_user: str | None = None
    imap_password: str | None = None
    imap_folder: str = "INBOX"
    imap_done_folder: str = "Sargas-processed"
    imap_interval_seconds: float = 60.0

    # Key-encryption key for the vault: base64 of 32 bytes in the env, or a file (0600).
    kek: str | None = None
    kek_file: Path | None = None  # default: <data_dir>/vault-kek.key (generated on first run)

    # Limits
    max_upload_bytes: int = 25 * 1024 * 1024
    upload_duplicate_seconds: float = 600.0  # same file, same uploader, same ticket: the first one back
    # Long documents (issue 16): the redactor stops a document by its CPU time, never by the clock;
    # the same SARGAS_DOC_CPU_* variables set redactor.limits.Limits. A document may use
    # doc_cpu_base + doc_cpu_per_page * pages CPU seconds (the redactor process and its OCR
    # processes). The wall-clock limit is a backstop against hangs only:
    # redact_timeout_seconds + redact_wall_per_page_seconds * pages (a busy machine is slow, not stuck).
    doc_cpu_base: float = 120.0
    doc_cpu_per_page: float = 20.0
    redact_timeout_seconds: float = 600.0
    redact_wall_per_page_seconds: float = 60.0
    max_pages: int = 200  # same variable as redactor.limits.Limits.max_pages (SARGAS_MAX_PAGES)
    # OCR processes (and their tesseract children) run at a lower CPU priority than the API (os.nice
    # increment). 15 gives the API about 28x the CPU share of each OCR process when both want it (CFS
    # weights 1024 vs 36), so acceptance stays fast while OCR runs; idle CPU still goes to the OCR.
    redactor_nice: int = 15
    # The language the service asks the redactor to read documents in: "auto" (every OCR model, the
    # language detected per document) or "org" (the organisation's language + English; faster, but
    # blind to another script: see intake_api.pipeline.redaction_lang for the measurement).
    redact_lang: Literal["auto", "org"] = "auto"
    job_max_attempts: int = 2
    job_lease_seconds: float = 600.0

    # Embedded worker
    embedded_worker: bool = True
    worker_threads: int = 2
    redactor_processes: int = 1
    scheduler_interval_seconds: float = 2.0

    # Notification outbox
    notify_max_attempts: int = 8
    notify_backoff_seconds: float = 5.0
    notify_backoff_max_seconds: float = 3600.0
    # helpdesk connectors: attempts before a hand-off row is dead (with the backoff cap above, 40
    # attempts span more than a day), and how often the helpdesk status is followed
    helpdesk_max_attempts: int = 40
    helpdesk_poll_seconds: float = 60.0
    webhook_timeout: float = 5.0

    # Retention defaults (the retention issue refines these)
    max_retention_days: int = 30
    redacted_keep_days_after_close: int = 365
    audit_keep_days: int = 3650
    # retention/: per-organisation overrides live in the retention_policies table.
    pending_deadline_minutes: float = 60.0  # a stuck original is destroyed after this (fail closed)
    covered_days_after_close: int = 7  # covered original: destroyed N days after its ticket closes
    certificate_keep_days: int = 3650
    kek_previous: list[str] = Field(default_factory=list)  # retired KEKs (base64) still readable
    signing_key: str | None = None  # Ed25519 private key seed, base64 of 32 bytes
    signing_key_file: Path | None = None  # default: <data_dir>/signing-ed25519.key (generated, 0600)
    sweep_interval_seconds: float = 300.0
    sweep_batch: int = 500
    sweep_lease_seconds: float = 300.0
    # Transfer requests (forms): longest retention a request may ask for; how long an upload to a ticket
    # with a submitted (undecided) request is held for the DPO's decision (0 = no provisional hold).
    transfer_max_retention_days: int = 30
    transfer_pending_hold_days: int = 7

    extra_allowed_hosts: list[str] = Field(default_factory=list)

    def redact_cpu_seconds(self, pages: int) -> float:
        """CPU seconds a document of ``pages`` pages may use (the redactor's own check is the same)."""
        return self.doc_cpu_base + self.doc_cpu_per_page * max(1, pages)

    def redact_wall_seconds(self, pages: int | None = None) -> float:
        """Wall-clock backstop for one document (``None``: pages not known yet, the largest allowed)."""
        n = self.max_pages if pages is None else max(1, pages)
        return self.redact_timeout_seconds + self.redact_wall_per_page_seconds * n

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sargas.db').resolve()}"

    @property
    def support_address_list(self) -> list[str]:
        return [a.strip().lower() for a in self.support_addresses.split(",") if a.strip()]

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def kek_path(self) -> Path:
        return self.kek_file or (self.data_dir / "vault-kek.key")


_current: Settings | None = None


def get_settings() -> Settings:
    global _current
    if _current is None:
        _current = Settings()
    return _current


def configure(settings: Settings | None = None, **overrides) -> Settings:
    """Replace the process-wide settings (CLI ``--data-dir``, tests). Returns the new settings."""
    global _current
    base = settings or Settings()
    _current = base.model_copy(update=overrides) if overrides else base
    return _current
