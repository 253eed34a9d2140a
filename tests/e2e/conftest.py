"""End-to-end fixtures: the real `ams` binary on a free loopback port, on a
fresh SQLite file or a fresh database in the throwaway PostgreSQL cluster that
`make test` starts (AMS_TEST_PG_URL). Each test gets its own server."""
import base64
import email
import email.policy
import glob
import hashlib
import hmac
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

AMS = os.environ.get("AMS_BIN", os.path.join(os.path.dirname(__file__), "../../build/ams"))
PG_URL = os.environ.get("AMS_TEST_PG_URL", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp(secret_b32, at=None, step_offset=0):
    """RFC 6238 with SHA-1, 6 digits, 30 s steps: what an authenticator app shows."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((at or time.time()) // 30) + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Server:
    def __init__(self, engine, tmp):
        self.engine = engine
        self.data = os.path.join(tmp, "data")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, AMS_CA_PASSPHRASE="e2e-passphrase-" + uuid.uuid4().hex,
                        AMS_PUBLIC_URL=self.url)
        self.db_args = []
        if engine == "postgres":
            name = "e2e_" + uuid.uuid4().hex[:12]
            subprocess.run(["psql", PG_URL, "-q", "-c", f"CREATE DATABASE {name}"], check=True,
                           capture_output=True)
            self.db_url = PG_URL.rsplit("/", 1)[0] + "/" + name
            self.db_args = ["--database", self.db_url]
        self.cli("init")
        demo = self.cli("demo").stdout
        self.passwords = dict(re.findall(r"^\s+\w+\t(\S+@demo\.local)\t(\S+)$", demo, re.M))
        self.proc = None

    def cli(self, *args, check=True):
        cmd = [AMS, args[0], *args[1:], "--data", self.data, *self.db_args]
        if args[0] in ("user",):
            cmd = [AMS, *args[:2], "--data", self.data, *self.db_args, *args[2:]]
        result = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"{cmd} failed: {result.stdout}{result.stderr}")
        return result

    def start(self):
        self.log = open(os.path.join(os.path.dirname(self.data), "serve.log"), "w")
        self.proc = subprocess.Popen(
            [AMS, "serve", "--data", self.data, *self.db_args, "--listen", f"127.0.0.1:{self.port}"],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("ams serve did not come up")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise
        if self.proc:
            self.log.close()

    def sql(self, query):
        """Runs SQL directly on the database (for checks, and for tampering)."""
        if self.engine == "sqlite":
            out = subprocess.run(["sqlite3", os.path.join(self.data, "ams.db"), query],
                                 capture_output=True, text=True, check=True)
        else:
            out = subprocess.run(["psql", self.db_url, "-qAt", "-c", query], capture_output=True,
                                 text=True, check=True)
        return out.stdout.strip()

    def audit_length(self):
        return int(self.sql("SELECT seq FROM audit_head"))

    def count(self, table):
        return int(self.sql(f"SELECT COUNT(*) FROM {table}"))

    def mails(self):
        """The .eml files written to the outbox folder, oldest first."""
        files = sorted(glob.glob(os.path.join(self.data, "outbox", "*.eml")), key=os.path.getmtime)
        return [open(f, encoding="utf-8", errors="replace").read() for f in files]

    def wait_for_mail(self, to, timeout=10):
        """The first mail to `to`, parsed: msg["Subject"] decoded, msg.text the body."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for raw in self.mails():
                msg = email.message_from_string(raw, policy=email.policy.default)
                if to.lower() in str(msg["To"]).lower():
                    msg.text = msg.get_body(("plain",)).get_content()
                    return msg
            time.sleep(0.1)
        raise AssertionError(f"no mail to {to} in {os.path.join(self.data, 'outbox')}")


class Client:
    """A browser-like client: cookie jar plus the CSRF token from login."""

    def __init__(self, server):
        self.server = server
        self.http = requests.Session()
        self.csrf = None

    def call(self, method, path, json=None, headers=None, **kw):
        h = dict(headers or {})
        if self.csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRF-Token", self.csrf)
        return self.http.request(method, self.server.url + path, json=json, headers=h,
                                 timeout=30, **kw)

    def login(self, email, password=None, totp_code=None, expect=200):
        body = {"email": email, "password": password or self.server.passwords[email]}
        if totp_code:
            body["totp"] = totp_code
        r = self.call("POST", "/api/v1/auth/login", json=body)
        assert r.status_code == expect, r.text
        if r.status_code == 200:
            self.csrf = r.json()["csrf_token"]
        return r

    def login_with_second_factor(self, email):
        """Operators and admins enrol TOTP at their first login."""
        r = self.login(email)
        assert r.json()["second_factor_enrolment_required"] is True
        blocked = self.call("GET", "/api/v1/me")
        assert blocked.status_code == 401, "a half-signed-in session must not reach the API"
        assert blocked.json()["error"]["code"] == "second_factor_enrolment_required"
        enrol = self.call("POST", "/api/v1/auth/totp/enrol")
        assert enrol.status_code == 200, enrol.text
        secret = enrol.json()["secret"]
        done = self.call("POST", "/api/v1/auth/totp/confirm", json={"code": totp(secret)})
        assert done.status_code == 200, done.text
        assert len(done.json()["recovery_codes"]) == 10
        if self.call("GET", "/api/v1/me").json()["account"]["password_change_required"]:
            self.change_admin_chosen_password(email, secret)
        return secret, done.json()["recovery_codes"]

    def change_admin_chosen_password(self, email, totp_secret=None):
        """A password an admin chose must be changed before anything else;
        then the session has ended and the client signs in again."""
        blocked = self.call("GET", "/api/v1/notifications")
        assert blocked.status_code == 403, blocked.text
        assert blocked.json()["error"]["code"] == "password_change_required"
        old = self.server.passwords[email]
        new = old + "-Pilihan-Sendiri"
        r = self.call("POST", "/api/v1/auth/password",
                      json={"current_password": old, "new_password": new})
        assert r.status_code == 200, r.text
        self.server.passwords[email] = new
        # The enrolment just used this step's code: a code is accepted once.
        self.login(email, totp_code=totp(totp_secret, step_offset=1) if totp_secret else None)
        me = self.call("GET", "/api/v1/me")
        assert me.json()["account"]["password_change_required"] is False


ENGINES = ["sqlite", "postgres"]


@pytest.fixture(params=ENGINES)
def server(request):
    if request.param == "postgres" and not PG_URL:
        pytest.fail("AMS_TEST_PG_URL is not set: run the suite through `make test`")
    tmp = tempfile.mkdtemp(prefix="ams-e2e-")
    s = Server(request.param, tmp)
    s.start()
    yield s
    s.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def client(server):
    return Client(server)


@pytest.fixture
def new_client(server):
    return lambda: Client(server)
