"""A real Request Tracker 5 (Debian's ``request-tracker5`` + ``rt5-db-sqlite`` + ``rt5-standalone``)
for the live connector tests: a fresh SQLite database in a temporary directory (its own
``RT_SiteConfig.pm`` via ``RT_SITE_CONFIG``; the system configuration is not touched), a queue and an
auth token made with RT's own Perl API, and ``rt-server`` on a free loopback port, stoppable and
restartable on the same port (the "helpdesk down" test).

Fails: a skip naming the ``.ci/install`` apt packages if RT is not installed (a failure under CI=true);
a RuntimeError with the tail of RT's log if it does not initialise or answer within 60 s.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

SETUP = "/usr/sbin/rt-setup-database-5"
SERVER = "/usr/share/request-tracker5/libexec/rt-server"
RT_LIB = "/usr/share/request-tracker5/lib"

CONFIG = """Set($rtname, 'sargas-test');
Set($Organization, 'sargas-test');
Set($WebDomain, '127.0.0.1');
Set($WebPort, {port});
Set($WebPath, '');
Set($WebBaseURL, 'http://127.0.0.1:{port}');
Set($DatabaseType, 'SQLite');
Set($DatabaseName, '{root}/rt.db');
Set($DatabaseUser, '');
Set($DatabasePassword, '');
Set($MasonDataDir, '{root}/mason');
Set($MasonSessionDir, '{root}/session');
Set($LogToSTDERR, 'error');
Set($LogToSyslog, undef);
Set($LogToFile, undef);
Set($Timezone, 'UTC');
Set($MailCommand, 'testfile');
1;
"""

MAKE_TOKEN_AND_QUEUE = r"""
use strict; use RT; RT::LoadConfig(); RT::Init();
my $u = RT::User->new(RT->SystemUser); $u->Load('root');
my $t = RT::AuthToken->new(RT->SystemUser);
my ($ok, $msg, $tok) = $t->Create(Owner => $u->Id, Description => 'sargas test');
die "token: $msg" unless $ok;
my $q = RT::Queue->new(RT->SystemUser);
my ($qok, $qmsg) = $q->Create(Name => $ARGV[0]);
die "queue: $qmsg" unless $qok;
print "$tok\n";
"""


class LiveRT:
    def __init__(self, root: Path, port: int, queue: str = "Sargas") -> None:
        self.root, self.port, self.queue = root, port, queue
        self.url = f"http://127.0.0.1:{port}"
        self.token = ""
        self.proc: subprocess.Popen | None = None
        self.timings: dict[str, float] = {}
        for d in ("mason", "session", "site.d"):
            (root / d).mkdir(parents=True, exist_ok=True)
        (root / "RT_SiteConfig.pm").write_text(CONFIG.format(port=port, root=root))
        self.env = {**os.environ, "RT_SITE_CONFIG": str(root / "RT_SiteConfig.pm"),
                    "RT_SITE_CONFIG_DIR": str(root / "site.d"), "PERL5LIB": RT_LIB}

    def _run(self, args: list[str], stdin: str | None = None) -> str:
        r = subprocess.run(args, env=self.env, input=stdin, capture_output=True, text=True, timeout=300,
                           cwd=self.root)
        if r.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {r.stderr[-800:]}")
        return r.stdout

    def init(self) -> None:
        t0 = time.monotonic()
        self._run([SETUP, "--action", "init", "--skip-create"])
        self.timings["init_db_s"] = time.monotonic() - t0
        t0 = time.monotonic()
        self.token = self._run(["perl", "-e", MAKE_TOKEN_AND_QUEUE, self.queue]).strip().splitlines()[-1]
        self.timings["token_queue_s"] = time.monotonic() - t0

    def start(self) -> None:
        t0 = time.monotonic()
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - kept open for the process
        self.proc = subprocess.Popen([SERVER, "--port", str(self.port), "--max-workers=2"], env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT, cwd=self.root,
                                     start_new_session=True)
        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                r = httpx.get(f"{self.url}/REST/2.0/queues/all", headers=self.headers(), timeout=2)
                if r.status_code == 200:
                    self.timings.setdefault("first_start_s", time.monotonic() - t0)
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        raise RuntimeError("RT did not start: " + (self.root / "server.log").read_text()[-800:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # our own process group only
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}", "Content-Type": "application/json"}

    def get(self, path: str, **params) -> dict:
        r = httpx.get(f"{self.url}/REST/2.0{path}", headers=self.headers(), params=params, timeout=20)
        r.raise_for_status()
        return r.json()

    def put(self, path: str, body: dict) -> None:
        r = httpx.put(f"{self.url}/REST/2.0{path}", headers=self.headers(), json=body, timeout=20)
        r.raise_for_status()

    def delete(self, path: str) -> None:
        r = httpx.delete(f"{self.url}/REST/2.0{path}", headers=self.headers(), timeout=20)
        r.raise_for_status()

    def attachments(self, ticket_id: str) -> list[dict]:
        items, page = [], 1
        while True:
            doc = self.get(f"/ticket/{ticket_id}/attachments", fields="Subject,Filename,ContentType,Content",
                           per_page=100, page=page)
            items += doc["items"]
            if page >= int(doc.get("pages") or 1):
                return items
            page += 1


def require_rt() -> None:
    missing = [p for p in (SETUP, SERVER) if not Path(p).exists()] + \
        ([] if shutil.which("perl") else ["perl"])
    if missing:
        pytest.skip("Request Tracker is not installed (.ci/install apt list: request-tracker5 "
                    f"rt5-db-sqlite rt5-standalone); missing {missing}")
