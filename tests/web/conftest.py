"""Browser tests of the web UI: a real uvicorn server on 127.0.0.1 with a temporary data directory,
driven by headless Debian Chromium through Playwright (never ``playwright install``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("SARGAS_WEB_SCREENSHOTS", Path(__file__).parent / "screenshots"))
PASSWORD = "correct horse battery staple"
SPARE_ORG = "Ventspils Osta SIA"

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None  # type: ignore[assignment]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Site:
    url: str
    data_dir: Path
    users: dict[str, str]  # label -> e-mail
    tokens: dict[str, str]  # label -> API token
    orgs: dict[str, str]  # label -> organisation name

    @cached_property
    def _engine(self):  # noqa: ANN202
        from sargas.db import make_engine

        return make_engine(f"sqlite:///{self.data_dir / 'sargas.db'}")

    def db(self):  # noqa: ANN201 - a session on the server's database
        """A session on this site's own database file, whatever the process-wide settings point at
        now (intake tests run earlier in the same session re-configure them to their own data dir)."""
        from sqlalchemy.orm import Session

        return Session(self._engine)


def _seed(data_dir: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    from intake_api.admin import create_org, create_user
    from intake_api.migrate import upgrade
    from sargas.db import init_db, session_scope
    from sargas.settings import configure

    s = configure(data_dir=data_dir, smtp_port=_free_port(), embedded_worker=False)
    upgrade(s)
    init_db(s)
    orgs = {
        "en": "Baltic Books UAB",
        "lt": "Žalgirio apskaita UAB",
        "ru": "ООО Рига Бух",
        "lv": "Rīgas Grāmatvedība SIA",
    }
    users: dict[str, str] = {}
    tokens: dict[str, str] = {}
    names = {
        "en": "John Smith",
        "lt": "Jonas Petraitis",
        "ru": "Иван Петров",
        "lv": "Jānis Bērziņš",
        "consultant": "Ona Kazlauskienė",
        "consultant2": "Petras Jonaitis",
        "dpo": "Rūta Vaitkienė",
        "admin": "Tomas Žukauskas",
    }
    with session_scope() as session:
        for lang, name in orgs.items():
            create_org(session, name, lang=lang, email=None)
            email = f"client.{lang}@example.test"
            _, tokens[f"client_{lang}"] = create_user(
                session, email, role="client", org_name=name, password=PASSWORD, name=names[lang]
            )
            users[f"client_{lang}"] = email
        create_org(session, SPARE_ORG, lang="lv", email=None)  # no users: DPAs and holds land here
        for who in ("consultant", "consultant2", "dpo", "admin"):
            email = f"{who}@example.test"
            _, tokens[who] = create_user(
                session, email, role=who.rstrip("2"), password=PASSWORD, name=names[who]
            )
            users[who] = email
    return users, orgs, tokens


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("sargas-web")
    users, orgs, tokens = _seed(data_dir)
    port = _free_port()
    env = {
        **os.environ,
        "SARGAS_DATA_DIR": str(data_dir),
        "SARGAS_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SARGAS_SMTP_PORT": str(_free_port()),
        "OMP_THREAD_LIMIT": "1",
        "SARGAS_NOTIFY_MAX_ATTEMPTS": "1",
    }
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.web.serve", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("server did not start:\n" + (data_dir / "server.log").read_text()[-3000:])
        time.sleep(0.3)
    try:
        yield Site(url, data_dir, users, tokens, orgs)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if sync_playwright is None or not Path(CHROMIUM).exists():
        pytest.skip("playwright or /usr/bin/chromium is missing (apt package chromium: .ci/install; "
                    "playwright: the `test` extra, pip install .[test])")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def new_page(browser: Browser, site: Site) -> Iterator:
    """Factory: a fresh browser context (own cookies) with a given Accept-Language and viewport."""
    contexts = []

    def make(locale: str = "en-GB", width: int = 1280, height: int = 900) -> Page:
        ctx = browser.new_context(
            locale=locale,
            viewport={"width": width, "height": height},
            extra_http_headers={"Accept-Language": locale},
        )
        ctx.set_default_timeout(45000)  # a loaded 2-core CI machine OCRs while pages load
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for c in contexts:
        c.close()


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Page, site: Site, who: str, lang: str | None = None) -> None:
    page.goto(site.url + "/login" + (f"?lang={lang}" if lang else ""))
    page.fill("#email", site.users[who])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state("domcontentloaded")


__all__ = ["Site", "shot", "login", "PASSWORD", "shutil"]


def api(site: Site, who: str) -> httpx.Client:
    """The v1 API as ``who`` (Bearer token): quick set-up of tickets and uploads for browser tests."""
    return httpx.Client(
        base_url=site.url, headers={"Authorization": f"Bearer {site.tokens[who]}"}, timeout=30
    )


def api_ticket(site: Site, who: str, subject: str) -> str:
    r = api(site, who).post("/api/v1/tickets", json={"subject": subject})
    assert r.status_code == 201, r.text
    return r.json()["ref"]


def api_upload(
    site: Site,
    who: str,
    ref: str,
    data: bytes,
    name: str = "screen.png",
    wait: bool = True,
    mime: str = "image/png",
) -> dict:
    c = api(site, who)
    r = c.post(f"/api/v1/tickets/{ref}/attachments", files={"file": (name, data, mime)})
    assert r.status_code == 202, r.text
    att_id = r.json()["id"]
    deadline = time.monotonic() + 120
    while True:
        doc = c.get(f"/api/v1/attachments/{att_id}").json()
        if not wait or doc["state"] != "processing" or time.monotonic() > deadline:
            return doc
        time.sleep(0.5)


def user_id(site: Site, who: str) -> str:
    from sargas.models import User

    with site.db() as s:
        return s.query(User).filter(User.email == site.users[who]).one().id


def api_assign(site: Site, ref: str, who: str) -> None:
    """The DPO assigns consultant ``who`` to ticket ``ref`` (through the API)."""
    r = api(site, "dpo").patch(f"/api/v1/tickets/{ref}", json={"assigned_consultant_id": user_id(site, who)})
    assert r.status_code == 200, r.text
