"""IMAP intake against a real dovecot (Debian's dovecot-imapd, installed by .ci/install) that the test
starts on a loopback port with a temporary configuration (passwd-file auth, maildir in tmp). The
same checks as over SMTP: the forward holds none of the values, the ack arrives, the message has
left the inbox for the processed folder."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from tests.mail.conftest import HELPDESK, SUPPORT
from tests.mail.mailkit import VALUES, everything, pii_mail, squash
from tests.support import free_port

pytestmark = pytest.mark.live
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


@pytest.fixture
def dovecot():
    if not os.path.exists(DOVECOT):
        pytest.skip("dovecot is not installed (.ci/install apt list: dovecot-imapd)")
    # dovecot's auth process runs as the unprivileged dovecot user: the passwd file must be readable
    # by it, so not under pytest's 0700 tmp tree.
    tmp_path = Path(tempfile.mkdtemp(prefix="sargas-dovecot-"))
    tmp_path.chmod(0o755)
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:  # dovecot refuses to run a mail user as root: the mailbox belongs to nobody
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
    for d in ("mail", "home"):
        (tmp_path / d).mkdir()
        os.chown(tmp_path / d, uid, gid)
    port = free_port()
    (tmp_path / "passwd").write_text("helpdesk:{PLAIN}secret-pass::::::\n")
    conf = tmp_path / "dovecot.conf"
    conf.write_text(f"""
base_dir = {tmp_path}/run
state_dir = {tmp_path}/state
log_path = {tmp_path}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{tmp_path}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {tmp_path}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp_path}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
    proc = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    end = time.monotonic() + 20
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                raise AssertionError("dovecot did not start: " + proc.stderr.read().decode()[-500:]) from None
            time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(10)
    if os.environ.get("SARGAS_KEEP_DOVECOT") is None:
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_imap_intake(client, world, settings, smtp, dovecot):
    from intake_api.mail.imap import fetch

    _, box = smtp
    mail = pii_mail(sender="ona@alpha.example", to=SUPPORT, subject="Per IMAP",
                    msg_id="<imap-1@alpha.example>")
    with MailBoxUnencrypted("127.0.0.1", dovecot).login("helpdesk", "secret-pass") as mb:
        mb.append(mail.as_bytes(policy=mail.policy.clone(linesep="\r\n")), "INBOX")
    s = settings.model_copy(update={"imap_host": "127.0.0.1", "imap_port": dovecot, "imap_ssl": False,
                                    "imap_user": "helpdesk", "imap_password": "secret-pass"})
    assert fetch(s) == 1
    with MailBoxUnencrypted("127.0.0.1", dovecot).login("helpdesk", "secret-pass") as mb:
        assert list(mb.fetch()) == []  # the inbox is empty
        mb.folder.set(s.imap_done_folder)
        assert len(list(mb.fetch())) == 1
    fwd = box.wait_for(lambda r, m: HELPDESK in r and "imap-1@alpha.example" in str(m.get("References")),
                       timeout=180)
    assert fwd is not None
    text = everything(fwd)
    for v in VALUES:
        assert squash(v) not in squash(text)
    ref = fwd["X-Sargas-Ticket"]
    assert box.wait_for(lambda r, m: "ona@alpha.example" in r and ref in str(m["Subject"]), timeout=60)
