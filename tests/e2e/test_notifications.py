"""Notifications (issue #4 items 6-8) against the real binary, on both engines,
with a real SMTP server on loopback: aiosmtpd's Controller runs in this process
and keeps what it accepts, so the test can stop and restart it mid-way."""
import email
import email.policy
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from conftest import ENGINES, PG_URL, Client, Server, free_port

APPLICANT = "pemohon@demo.local"
OTHER = "auditor@demo.local"


class Sink:
    """An SMTP server that keeps every message it accepts. Stop and start
    reopen it on the same port, as a mail relay that went down and came back."""

    def __init__(self):
        self.port = free_port()
        self.messages = []  # (envelope recipients, parsed message)
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None

    def to(self, address):
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]

    def wait_for(self, addresses, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if all(self.to(a) for a in addresses):
                return
            time.sleep(0.1)
        missing = [a for a in addresses if not self.to(a)]
        raise AssertionError(f"no mail to {missing} within {timeout} s")


@pytest.fixture(params=ENGINES)
def mail_server(request):
    """The real `ams serve`, delivering over SMTP to a Sink; retries start after 1 s."""
    if request.param == "postgres" and not PG_URL:
        pytest.fail("AMS_TEST_PG_URL is not set: run the suite through `make test`")
    sink = Sink()
    sink.start()
    tmp = tempfile.mkdtemp(prefix="ams-e2e-notify-")
    s = Server(request.param, tmp)
    s.env.update(AMS_SMTP_HOST="127.0.0.1", AMS_SMTP_PORT=str(sink.port), AMS_SMTP_TLS="none",
                 AMS_SMTP_FROM="ams@pekalongankota.go.id", AMS_SMTP_RETRY_BASE_SECONDS="1")
    s.sink = sink
    s.start()
    yield s
    s.stop()
    if sink.controller:
        sink.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def body_of(msg):
    return msg.get_body(("plain",)).get_content()


def register(server, address):
    r = Client(server).call("POST", "/api/v1/auth/register", json={
        "email": address, "password": "kopi-tubruk-pagi-hari", "full_name": "Pegawai Uji"})
    assert r.status_code == 201, r.text


def wait_until(check, timeout=20, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} not reached within {timeout} s")


def test_smtp_outage_loses_nothing_and_sends_nothing_twice(mail_server):
    s = mail_server
    addresses = [f"pegawai{i}@pekalongankota.go.id" for i in range(4)]
    register(s, addresses[0])
    s.sink.wait_for(addresses[:1])

    # The relay goes away; three more people register meanwhile.
    s.sink.stop()
    for a in addresses[1:]:
        register(s, a)
    wait_until(lambda: int(s.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND "
                                 "last_error LIKE '%mail_server_unavailable%'")) == 3,
               what="the dispatcher meeting the closed port")
    time.sleep(2)  # a few more failed rounds, with back-off
    assert int(s.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")) == 3
    assert int(s.sql("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")) == 0
    assert all(not s.sink.to(a) for a in addresses[1:])

    s.sink.start()
    s.sink.wait_for(addresses, timeout=40)
    time.sleep(3)  # a duplicate, if any, would arrive now
    ids = set()
    for a in addresses:
        got = s.sink.to(a)
        assert len(got) == 1, f"{a} got {len(got)} mails"
        msg = got[0]
        assert msg["To"] == a
        assert "verifikasi" in msg["Subject"]
        assert re.search(r"/verify\?token=[A-Za-z0-9_\-]+", body_of(msg))
        ids.add(msg["Message-ID"])
    assert len(ids) == 4
    assert int(s.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")) == 0
    assert "pending: 0" in s.cli("notify", "outbox").stdout


def issue_by_cli(server):
    work = tempfile.mkdtemp(prefix="ams-e2e-csr-")
    key, csr, pem = (os.path.join(work, n) for n in ("k.pem", "r.csr", "c.pem"))
    subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr,
                    "-subj", "/CN=ignored"], check=True, capture_output=True)
    server.cli("cert", "issue", "--user", APPLICANT, "--csr", csr, "--out", pem)
    out = subprocess.run(["openssl", "x509", "-in", pem, "-noout", "-enddate"], check=True,
                         capture_output=True, text=True).stdout
    shutil.rmtree(work, ignore_errors=True)
    not_after = out.strip().split("=", 1)[1]
    return int(subprocess.run(["date", "-u", "-d", not_after, "+%s"], check=True,
                              capture_output=True, text=True).stdout)


def unread(client):
    r = client.call("GET", "/api/v1/notifications")
    assert r.status_code == 200, r.text
    return r.json()["unread_count"]


def test_expiry_reminders_in_app_list_mark_read_and_isolation(mail_server):
    s = mail_server
    applicant = Client(s)
    applicant.login(APPLICANT)
    assert applicant.call("GET", "/api/v1/notifications").json() == {"items": [], "unread_count": 0}

    not_after = issue_by_cli(s)
    serial = applicant.call("GET", "/api/v1/certificates").json()["certificates"][0]["serial"]
    # The issuance itself was announced; read it, so the reminders stand alone.
    issued = applicant.call("GET", "/api/v1/notifications").json()
    assert [n["event"] for n in issued["items"]] == ["certificate_issued"]
    assert applicant.call("POST", "/api/v1/notifications/read-all").status_code == 200

    def expiring():
        return [m for m in s.sink.to(APPLICANT) if "berakhir" in str(m["Subject"])]

    # Five days before the end: the 7-day reminder (the 30-day one is past).
    seven = s.cli("notify", "reminders", "--now", str(not_after - 5 * 86400)).stdout
    assert "reminders written now: 1" in seven
    again = s.cli("notify", "reminders", "--now", str(not_after - 5 * 86400)).stdout
    assert "reminders written now: 0" in again, "each reminder once"
    one = s.cli("notify", "reminders", "--now", str(not_after - 12 * 3600)).stdout
    assert "reminders written now: 1" in one

    s.sink.wait_for([APPLICANT])
    wait_until(lambda: len(expiring()) == 2, what="both reminder mails")
    subjects = sorted(m["Subject"] for m in expiring())
    assert "berakhir dalam 1 hari" in subjects[0] and "expires in 1 days" in subjects[0]
    assert "berakhir dalam 7 hari" in subjects[1] and "expires in 7 days" in subjects[1]
    text = body_of(expiring()[0])
    assert f"{s.url}/certificates/{serial}" in text
    assert text.index("Yth.") < text.index("Dear"), "Bahasa Indonesia first"
    assert "pembaruan" in text and "renewal" in text, "says what to do next"

    page = applicant.call("GET", "/api/v1/notifications").json()
    assert page["unread_count"] == 2
    newest, older = page["items"][:2]
    assert newest["event"] == "certificate_expiring"
    assert "1 hari" in newest["title"]["id"] and "1 days" in newest["title"]["en"]
    assert "7 hari" in older["title"]["id"]
    assert newest["link"] == f"{s.url}/certificates/{serial}"
    assert newest["read_at"] is None
    one_page = applicant.call("GET", "/api/v1/notifications?unread=1&limit=1&offset=1").json()
    assert [n["id"] for n in one_page["items"]] == [older["id"]]

    # Without the CSRF token nothing changes.
    r = applicant.call("POST", f"/api/v1/notifications/{older['id']}/read",
                       headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403
    assert unread(applicant) == 2

    r = applicant.call("POST", f"/api/v1/notifications/{older['id']}/read")
    assert r.status_code == 200, r.text
    assert r.json() == {"id": older["id"], "read": True, "unread_count": 1}
    listed = applicant.call("GET", "/api/v1/notifications").json()["items"]
    assert listed[1]["read_at"] is not None
    assert [n["id"] for n in
            applicant.call("GET", "/api/v1/notifications?unread=1").json()["items"]] == [newest["id"]]

    # Someone else: sees none of it, and cannot mark it (404, as if it did not exist).
    other = Client(s)
    other.login(OTHER)
    assert other.call("GET", "/api/v1/notifications").json() == {"items": [], "unread_count": 0}
    for target in (newest["id"], 999999):
        r = other.call("POST", f"/api/v1/notifications/{target}/read")
        assert r.status_code == 404, r.text
        assert r.json()["error"]["code"] == "notification_not_found"
    assert other.call("POST", "/api/v1/notifications/read-all").json()["marked"] == 0
    assert unread(applicant) == 1

    r = applicant.call("POST", "/api/v1/notifications/read-all")
    assert r.status_code == 200
    assert r.json() == {"marked": 1, "unread_count": 0}


@pytest.mark.parametrize("query,code", [
    ("limit=0", "invalid_limit"), ("limit=101", "invalid_limit"), ("limit=abc", "invalid_limit"),
    ("offset=-1", "invalid_offset"), ("unread=yes", "invalid_unread"), ("limit=", "invalid_limit"),
])
def test_bad_list_queries_are_refused(server, client, query, code):
    client.login(APPLICANT)
    r = client.call("GET", "/api/v1/notifications?" + query)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == code


def test_notifications_need_a_login_and_a_numeric_id(server, client):
    before = server.count("notifications")
    assert client.call("GET", "/api/v1/notifications").status_code == 401
    assert client.call("POST", "/api/v1/notifications/read-all").status_code == 401
    client.login(APPLICANT)
    r = client.call("POST", "/api/v1/notifications/abc/read")
    assert r.status_code in (400, 404), r.text
    assert server.count("notifications") == before
