"""The whole data change SOP as a new user would carry it out, over the API and
the CLI alone, with every mail delivered to a real SMTP server on loopback
(aiosmtpd): both branches of step 5, reject and resubmit, the revocation of
step 6 seen by `openssl ocsp` and in the CRL, a renewal inside its window, and
a revocation by the operator. Each mail is asserted by recipient, subject and
the content that matters, and none is sent twice (issue #4 items 1, 3, 6, 8)."""
import shutil
import tempfile
import time

import pytest
from cryptography import x509

from conftest import ENGINES, PG_URL, Client, Server
from test_ca import Workdir, run, serial_hex
from test_notifications import Sink, body_of
from test_procedures import PDF

APPLICANT = "pemohon@demo.local"
OPERATOR = "operator@demo.local"


@pytest.fixture(params=ENGINES)
def office(request):
    """`ams serve` mailing through a Sink; renewal opens 800 days ahead so a
    certificate issued in the test can be renewed in it."""
    if request.param == "postgres" and not PG_URL:
        pytest.fail("AMS_TEST_PG_URL is not set: run the suite through `make test`")
    sink = Sink()
    sink.start()
    tmp = tempfile.mkdtemp(prefix="ams-e2e-sop-")
    s = Server(request.param, tmp)
    s.env.update(AMS_SMTP_HOST="127.0.0.1", AMS_SMTP_PORT=str(sink.port), AMS_SMTP_TLS="none",
                 AMS_SMTP_FROM="ams@pekalongankota.go.id", AMS_SMTP_RETRY_BASE_SECONDS="1",
                 AMS_CA_RENEWAL_WINDOW_DAYS="800")
    s.sink = sink
    s.start()
    yield s
    s.stop()
    sink.stop()
    shutil.rmtree(tmp, ignore_errors=True)


class Mailbox:
    """What one address received, in order, with a cursor: `expect` waits for
    the next mail whose subject holds `needle` and checks nothing else came
    in between but what the caller allows."""

    def __init__(self, sink, address):
        self.sink = sink
        self.address = address

    def subjects(self):
        return [str(m["Subject"]) for m in self.sink.to(self.address)]

    def expect(self, needle, *contents, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.sink.to(self.address) if needle in str(m["Subject"])]
            if found:
                assert len(found) == 1, f"{needle!r} mailed {len(found)} times to {self.address}"
                msg = found[0]
                assert [a.strip() for a in str(msg["To"]).split(",")] == [self.address]
                subject = str(msg["Subject"])
                assert subject.startswith("AMS: ") and " / " in subject, "Indonesian / English"
                body = body_of(msg)
                for text in contents:
                    assert text in body, f"{text!r} not in the mail {subject!r}:\n{body}"
                return subject, body
            time.sleep(0.1)
        raise AssertionError(f"no mail {needle!r} to {self.address}; got {self.subjects()}")


def upload(client, purpose="form"):
    r = client.call("POST", "/api/v1/documents", data={"purpose": purpose},
                    files=[("file", ("formulir.pdf", PDF, "application/pdf"))])
    assert r.status_code == 201, r.text
    return r.json()["documents"][0]["id"]


def submit(applicant, fields):
    r = applicant.call("POST", "/api/v1/requests", json={
        "kind": "data_change", "fields": fields,
        "documents": [upload(applicant, "form"), upload(applicant, "supporting")]})
    assert r.status_code == 201, r.text
    return r.json()


def test_data_change_sop_with_every_mail_over_smtp(office):
    applicant = Client(office)
    applicant.login(APPLICANT)
    operator = Client(office)
    operator.login_with_second_factor(OPERATOR)
    inbox = Mailbox(office.sink, APPLICANT)
    queue_mail = Mailbox(office.sink, OPERATOR)
    work = Workdir(office)
    name = applicant.call("GET", "/api/v1/me").json()["identity"]["full_name"]

    # Branch 1, step 1: the applicant submits; both sides are told.
    first = submit(applicant, {"position": "Kepala Seksi Persandian"})
    inbox.expect(f"#{first['id']} telah diterima", name, f"#{first['id']}")
    queue_mail.expect(f"#{first['id']} menunggu verifikasi", f"#{first['id']}", name)
    # Step 2, inconsistent: rejected with a reason the applicant reads.
    reason = "Formulir belum ditandatangani"
    r = operator.call("POST", f"/api/v1/requests/{first['id']}/reject", json={"reason": reason})
    assert r.status_code == 200, r.text
    inbox.expect(f"#{first['id']} ditolak", reason)

    # Resubmitted (linked), approved: no certificate, so completed at once (steps 3-5, 7).
    second = submit(applicant, {"position": "Kepala Seksi Persandian"})
    assert second["previous_id"] == first["id"]
    inbox.expect(f"#{second['id']} telah diterima")
    done = operator.call("POST", f"/api/v1/requests/{second['id']}/approve").json()
    assert done["state"] == "completed" and done["ownership"] == "none"
    inbox.expect(f"#{second['id']} disetujui")
    inbox.expect(f"#{second['id']} selesai")
    assert [s["step"] for s in done["timeline"]] == [1, 2, 3, 4, 5, 7]

    # A certificate with the new data; its owner is mailed.
    r = applicant.call("POST", "/api/v1/certificates", json={"csr": work.csr("a")})
    assert r.status_code == 201, r.text
    cert = r.json()
    work.save_cert("a", cert["pem"])
    inbox.expect(f"{cert['serial']} telah terbit")

    # Branch 2: with a valid certificate the approval waits for step 6.
    third = submit(applicant, {"unit": "Bidang Aplikasi Informatika"})
    waiting = operator.call("POST", f"/api/v1/requests/{third['id']}/approve").json()
    assert waiting["state"] == "revocation_required"
    inbox.expect(f"#{third['id']}: 1 sertifikat harus dicabut", cert["serial"])
    blocked = applicant.call("POST", "/api/v1/certificates", json={"csr": work.csr("b")})
    assert blocked.status_code == 422
    error = blocked.json()["error"]
    assert error["code"] == "issuance_blocked_by_data_change" and error["hint"]

    # Step 6 from the CLI beside the server, as the office's scripts do it.
    assert cert["serial"] in office.cli("cert", "list", "--user", APPLICANT).stdout
    office.cli("cert", "revoke", cert["serial"], "--reason", "affiliationChanged")
    inbox.expect(f"{cert['serial']} telah dicabut")
    inbox.expect(f"#{third['id']} selesai")
    finished = applicant.call("GET", f"/api/v1/requests/{third['id']}").json()
    assert finished["state"] == "completed"
    assert [s["step"] for s in finished["timeline"]] == [1, 2, 3, 4, 5, 6, 7]
    assert all(s["standard_seconds"] > 0 for s in finished["timeline"])
    # Seen at once by openssl ocsp, and in the CRL with its reason.
    status = work.ocsp("a")
    assert ": revoked" in status and "Reason: affiliationChanged" in status, status
    deadline = time.time() + 10
    while True:
        entry = work.crl().get_revoked_certificate_by_serial_number(int(cert["serial"], 16))
        if entry is not None or time.time() > deadline:
            break
        time.sleep(0.2)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == \
        x509.ReasonFlags.affiliation_changed
    verify = run("openssl", "verify", "-crl_check", "-CAfile", work.path("chain.pem"), "-CRLfile",
                 work.path("crl.pem"), work.path("a.pem"), check=False)
    assert verify.returncode != 0 and "certificate revoked" in verify.stdout + verify.stderr

    # The block is lifted; the new certificate is renewed inside its window.
    r = applicant.call("POST", "/api/v1/certificates", json={"csr": work.csr("b")})
    assert r.status_code == 201, r.text
    fresh = r.json()
    inbox.expect(f"{fresh['serial']} telah terbit")
    r = applicant.call("POST", f"/api/v1/certificates/{fresh['serial']}/renew",
                       json={"csr": work.csr("c")})
    assert r.status_code == 201, r.text
    renewed = r.json()
    work.save_cert("b", fresh["pem"])
    work.save_cert("c", renewed["pem"])
    inbox.expect(f"{renewed['serial']} telah terbit")
    inbox.expect(f"{fresh['serial']} telah dicabut")
    assert "Reason: superseded" in work.ocsp("b") and ": good" in work.ocsp("c")
    kinds = [q["kind"] for q in applicant.call("GET", "/api/v1/requests").json()["requests"]]
    assert "renewal" in kinds

    # Revocation by the operator, with a reason; keyCompromise takes effect at once.
    r = operator.call("POST", f"/api/v1/certificates/{renewed['serial']}/revoke",
                      json={"reason": "keyCompromise"})
    assert r.status_code == 200, r.text
    status = work.ocsp("c")
    assert ": revoked" in status and "Reason: keyCompromise" in status, status
    inbox.expect(f"{renewed['serial']} telah dicabut")

    # The report shows compliance per step, and the audit chain holds.
    report = operator.call("GET", "/api/v1/reports/timing").json()["rows"]
    steps = {r["step"] for r in report if r["kind"] == "data_change" and r["group"] == "all"}
    assert steps == {1, 2, 3, 4, 5, 6, 7}
    office.cli("audit", "verify")
    # Nothing was mailed twice, and the operator only got the queue notices.
    for box in (inbox, queue_mail):
        subjects = box.subjects()
        assert len(subjects) == len(set(subjects)), subjects
    assert all("menunggu verifikasi" in s for s in queue_mail.subjects())
    assert serial_hex(x509.load_pem_x509_certificate(renewed["pem"].encode())) == renewed["serial"]
