"""The procedures of SOP.md over HTTP with the real binary (issue #4): the
data change in both branches (owns a certificate / does not), reject and
resubmit, the issuance block and its lifting, registration to issuance, two
operators on one request, the timeline and the timing report, and the bad
input that must change nothing."""
import email
import email.policy
import subprocess
import tempfile
import threading

import shutil

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from conftest import ENGINES, PG_URL, Client, Server

APPLICANT = "pemohon@demo.local"
OPERATOR = "operator@demo.local"
ADMIN = "admin@demo.local"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def upload(client, purpose="form", content=PDF, name="formulir.pdf"):
    r = client.call("POST", "/api/v1/documents", data={"purpose": purpose},
                    files=[("file", (name, content, "application/pdf"))])
    assert r.status_code == 201, r.text
    return r.json()["documents"][0]["id"]


def csr():
    d = tempfile.mkdtemp(prefix="ams-proc-")
    subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{d}/k.pem", "-out",
                    f"{d}/r.csr", "-subj", "/CN=ignored"], check=True, capture_output=True)
    return open(f"{d}/r.csr").read()


def mails_to(server, to):
    out = []
    for raw in server.mails():
        msg = email.message_from_string(raw, policy=email.policy.default)
        if to.lower() in str(msg["To"]).lower():
            out.append((str(msg["Subject"]), msg.get_body(("plain",)).get_content()))
    return out


def wait_mail(server, to, needle, timeout=10):
    import time
    deadline = time.time() + timeout
    while time.time() < deadline:
        for subject, body in mails_to(server, to):
            if needle in subject:
                return subject, body
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to} with {needle!r}: {[s for s, _ in mails_to(server, to)]}")


@pytest.fixture
def people(server, new_client):
    applicant = new_client()
    applicant.login(APPLICANT)
    operator = new_client()
    operator.login_with_second_factor(OPERATOR)
    return applicant, operator


def submit(applicant, fields, documents, expect=201):
    r = applicant.call("POST", "/api/v1/requests",
                       json={"kind": "data_change", "fields": fields, "documents": documents})
    assert r.status_code == expect, r.text
    return r.json()


def test_data_change_without_then_with_a_certificate(server, people):
    applicant, operator = people
    before = applicant.call("GET", "/api/v1/me").json()["identity"]
    form = upload(applicant)

    # Step 1: only the position changes; the request goes to the agency's queue.
    req = submit(applicant, {"position": "Kepala Seksi Persandian", "unit": before["unit"]}, [form])
    assert req["state"] == "submitted"
    assert req["changed_fields"] == ["position"]
    assert req["proposed"] == {"position": "Kepala Seksi Persandian"}
    assert [s["step"] for s in req["timeline"]] == [1]
    assert req["timeline"][0]["standard_seconds"] == 300
    wait_mail(server, APPLICANT, f"#{req['id']}")

    # The applicant cannot decide their own request, nor open a second one.
    own = applicant.call("POST", f"/api/v1/requests/{req['id']}/approve")
    assert own.status_code == 403 and own.json()["error"]["code"] == "cannot_decide_own_request"
    again = submit(applicant, {"position": "Lain"}, [form], expect=409)
    assert again["error"]["code"] == "request_open"

    queue = operator.call("GET", "/api/v1/requests/queue").json()["requests"]
    mine = [q for q in queue if q["id"] == req["id"]]
    assert mine and mine[0]["current"]["position"] == before["position"]
    assert mine[0]["waiting_step"] == 2

    # Step 2, inconsistent: an empty reason is refused and changes nothing.
    claim = operator.call("POST", f"/api/v1/requests/{req['id']}/claim")
    assert claim.status_code == 200 and claim.json()["claimed_by"] is not None
    empty = operator.call("POST", f"/api/v1/requests/{req['id']}/reject", json={"reason": "  "})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "reason_required"
    assert applicant.call("GET", f"/api/v1/requests/{req['id']}").json()["state"] == "submitted"
    reason = "Formulir belum ditandatangani"
    rejected = operator.call("POST", f"/api/v1/requests/{req['id']}/reject", json={"reason": reason})
    assert rejected.status_code == 200, rejected.text
    seen = applicant.call("GET", f"/api/v1/requests/{req['id']}").json()
    assert seen["state"] == "rejected" and seen["reject_reason"] == reason
    _, body = wait_mail(server, APPLICANT, "ditolak")
    assert reason in body

    # Resubmission links to the rejected request; approval completes it at
    # once (no certificate): steps 1-5 and 7, identity version 2 in force.
    second = submit(applicant, {"position": "Kepala Seksi Persandian"}, [upload(applicant)])
    assert second["previous_id"] == req["id"]
    approved = operator.call("POST", f"/api/v1/requests/{second['id']}/approve",
                             json={"version": second["version"]})
    assert approved.status_code == 200, approved.text
    done = approved.json()
    assert done["state"] == "completed" and done["ownership"] == "none"
    assert [s["step"] for s in done["timeline"]] == [1, 2, 3, 4, 5, 7]
    assert all(s["duration_seconds"] >= 0 for s in done["timeline"])
    me = applicant.call("GET", "/api/v1/me").json()["identity"]
    assert me["position"] == "Kepala Seksi Persandian" and me["version"] == before["version"] + 1
    wait_mail(server, APPLICANT, f"#{second['id']}")
    late = operator.call("POST", f"/api/v1/requests/{second['id']}/approve")
    assert late.status_code == 409 and late.json()["error"]["code"] == "request_completed"

    # Now with a certificate: approval waits for its revocation (step 6).
    cert = applicant.call("POST", "/api/v1/certificates", json={"csr": csr()})
    assert cert.status_code == 201, cert.text
    serial = cert.json()["serial"]
    third = submit(applicant, {"unit": "Bidang Aplikasi Informatika"}, [upload(applicant)])
    blocked = applicant.call("POST", "/api/v1/certificates", json={"csr": csr()})
    assert blocked.status_code == 422
    assert blocked.json()["error"]["code"] == "issuance_blocked_by_data_change"
    waiting = operator.call("POST", f"/api/v1/requests/{third['id']}/approve").json()
    assert waiting["state"] == "revocation_required"
    assert waiting["certificates_to_revoke"] == [serial]
    _, body = wait_mail(server, APPLICANT, "dicabut")
    assert serial in body
    # Still open until the certificate is revoked: the refusal says so.
    still = applicant.call("POST", "/api/v1/certificates", json={"csr": csr()})
    assert still.json()["error"]["code"] == "issuance_blocked_by_data_change"

    revoked = applicant.call("POST", f"/api/v1/certificates/{serial}/revoke",
                             json={"reason": "affiliationChanged"})
    assert revoked.status_code == 200, revoked.text
    finished = applicant.call("GET", f"/api/v1/requests/{third['id']}").json()
    assert finished["state"] == "completed"
    assert [s["step"] for s in finished["timeline"]] == [1, 2, 3, 4, 5, 6, 7]
    wait_mail(server, APPLICANT, f"#{third['id']}")

    # The block is lifted: the new certificate carries the new unit.
    fresh = applicant.call("POST", "/api/v1/certificates", json={"csr": csr()})
    assert fresh.status_code == 201, fresh.text
    issued = x509.load_pem_x509_certificate(fresh.json()["pem"].encode())
    ou = issued.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value
    assert ou == "Bidang Aplikasi Informatika"

    # The report shows step 2 of the data change, and exports as CSV.
    report = operator.call("GET", "/api/v1/reports/timing").json()["rows"]
    step2 = [r for r in report if r["kind"] == "data_change" and r["step"] == 2 and r["group"] == "all"]
    assert step2 and step2[0]["count"] == 3 and step2[0]["within_standard"] == 1.0
    csv = operator.call("GET", "/api/v1/reports/timing?format=csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("kind,step,group")
    assert "data_change,2,all,0,3," in csv.text
    server.cli("audit", "verify")


def test_two_operators_exactly_one_wins(server, people, new_client):
    applicant, operator = people
    admin = new_client()
    admin.login_with_second_factor(ADMIN)
    agency = applicant.call("GET", "/api/v1/me").json()["identity"]["agency_id"]
    made = admin.call("POST", "/api/v1/accounts", json={
        "email": "operator2@demo.local", "password": "Sandi-Operator-Kedua-2026",
        "full_name": "Sri Wahyuni", "role": "operator", "agencies": [agency]})
    assert made.status_code == 201, made.text
    server.passwords["operator2@demo.local"] = "Sandi-Operator-Kedua-2026"
    second = new_client()
    second.login_with_second_factor("operator2@demo.local")

    req = submit(applicant, {"phone": "+6285712345678"}, [upload(applicant)])
    audit_before = server.audit_length()
    results = []

    def act(client, path, body):
        results.append(client.call("POST", f"/api/v1/requests/{req['id']}/{path}", json=body))

    threads = [threading.Thread(target=act, args=(operator, "approve", {})),
               threading.Thread(target=act, args=(second, "reject", {"reason": "Tidak sesuai"}))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 409], [r.text for r in results]
    loser = [r for r in results if r.status_code == 409][0]
    assert loser.json()["error"]["code"] in ("request_changed", "request_approved",
                                             "request_completed", "request_rejected")
    final = applicant.call("GET", f"/api/v1/requests/{req['id']}").json()
    assert final["state"] in ("completed", "rejected")
    assert int(server.sql(f"SELECT COUNT(*) FROM request_steps WHERE request_id = {req['id']} "
                          "AND step = 2")) == 1
    assert server.audit_length() > audit_before


def test_registration_then_issuance_with_generated_key(server, people, new_client):
    _, operator = people
    admin = new_client()
    admin.login_with_second_factor(ADMIN)
    agency = operator.call("GET", "/api/v1/me").json()["agencies"][0]
    agency_id = agency["id"] if isinstance(agency, dict) else agency
    made = admin.call("POST", "/api/v1/accounts", json={
        "email": "baru@pekalongankota.go.id", "password": "Sandi-Rahasia-Kuat-2026",
        "full_name": "Dewi Lestari", "role": "applicant"})
    assert made.status_code == 201, made.text
    server.passwords["baru@pekalongankota.go.id"] = "Sandi-Rahasia-Kuat-2026"
    newcomer = new_client()
    newcomer.login("baru@pekalongankota.go.id")
    newcomer.change_admin_chosen_password("baru@pekalongankota.go.id")

    no_identity = newcomer.call("POST", "/api/v1/certificates",
                                json={"generate_key": True, "passphrase": "rahasia-sekali-123"})
    assert no_identity.status_code == 422
    assert no_identity.json()["error"]["code"] == "identity_not_verified"

    docs = [upload(newcomer, "ktp"), upload(newcomer, "sk"), upload(newcomer, "form")]
    fields = {"full_name": "Dewi Lestari", "nik": "3375014506900002", "nip": "199006052015032002",
              "email": "baru@pekalongankota.go.id", "agency_id": agency_id,
              "position": "Pranata Komputer"}
    # Without the appointment decree (SK): refused, saying what to bring.
    rows = server.count("requests")
    r = newcomer.call("POST", "/api/v1/requests",
                      json={"kind": "registration", "fields": fields, "documents": [docs[0], docs[2]]})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "registration_documents_required"
    assert "SK" in r.json()["error"]["message"] and r.json()["error"]["hint"]
    assert server.count("requests") == rows
    r = newcomer.call("POST", "/api/v1/requests",
                      json={"kind": "registration", "fields": fields, "documents": docs})
    assert r.status_code == 201, r.text
    reg = r.json()
    assert reg["kind"] == "registration" and reg["state"] == "submitted"
    ok = operator.call("POST", f"/api/v1/requests/{reg['id']}/approve")
    assert ok.status_code == 200, ok.text
    assert ok.json()["state"] == "completed"
    assert [s["step"] for s in ok.json()["timeline"]] == [1, 2, 3, 4]

    cert = newcomer.call("POST", "/api/v1/certificates",
                         json={"generate_key": True, "passphrase": "rahasia-sekali-123"})
    assert cert.status_code == 201, cert.text
    assert cert.json()["pkcs12"]
    kinds = [q["kind"] for q in newcomer.call("GET", "/api/v1/requests").json()["requests"]]
    assert kinds == ["issuance", "registration"]


def test_bad_input_changes_nothing(server, people, new_client):
    applicant, operator = people
    form = upload(applicant)
    supporting = upload(applicant, "supporting", name="akta.pdf")
    rows = server.count("requests")
    cases = [
        ({"kind": "data_change", "fields": {"position": "X"}, "documents": [supporting]}, 400,
         "signed_form_required"),
        ({"kind": "data_change", "fields": {"nik": "1234"}, "documents": [form]}, 400, "invalid_nik"),
        ({"kind": "data_change", "fields": {"salary": "1"}, "documents": [form]}, 400, "unknown_field"),
        ({"kind": "data_change", "fields": {"position": "X"}, "documents": []}, 400,
         "documents_required"),
        ({"kind": "data_change", "fields": {"position": "X"}, "documents": [999999]}, 400,
         "unknown_document"),
        ({"kind": "data_change", "fields": {}, "documents": [form]}, 400, "nothing_changed"),
        ({"kind": "data_change", "fields": {"position": 7}, "documents": [form]}, 400, "invalid_type"),
        ({"kind": "renewal", "fields": {"serial": "0a"}, "documents": [form]}, 400,
         "renewal_needs_no_request"),
        ({"kind": "issuance", "fields": {"position": "X"}, "documents": [form]}, 400, "invalid_kind"),
        ({"kind": "registration", "fields": {"position": "X"}, "documents": [form]}, 409,
         "already_registered"),
        ({"kind": "data_change", "fields": {"position": "X"}, "documents": [form], "extra": 1}, 400,
         "unknown_field"),
    ]
    for body, status, code in cases:
        r = applicant.call("POST", "/api/v1/requests", json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"]["code"] == code, (body, r.text)
    assert server.count("requests") == rows

    req = submit(applicant, {"position": "Analis"}, [form])
    # Standard times are the admin's to set.
    no = operator.call("PUT", "/api/v1/sop/standard-times/data_change/2", json={"seconds": 600})
    assert no.status_code == 403
    admin = new_client()
    admin.login_with_second_factor(ADMIN)
    bad_step = admin.call("PUT", "/api/v1/sop/standard-times/data_change/9", json={"seconds": 600})
    assert bad_step.status_code == 400 and bad_step.json()["error"]["code"] == "invalid_step"
    bad_time = admin.call("PUT", "/api/v1/sop/standard-times/data_change/2", json={"seconds": 0})
    assert bad_time.status_code == 400
    set_ok = admin.call("PUT", "/api/v1/sop/standard-times/data_change/2", json={"seconds": 600})
    assert set_ok.status_code == 200, set_ok.text
    times = admin.call("GET", "/api/v1/sop/standard-times").json()["standard_times"]
    step2 = [t for t in times if t["kind"] == "data_change" and t["step"] == 2][0]
    assert step2["seconds"] == 600 and step2["sop_default_seconds"] == 300

    stale = operator.call("POST", f"/api/v1/requests/{req['id']}/approve", json={"version": 99})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "request_changed"
    missing = operator.call("POST", "/api/v1/requests/424242/approve")
    assert missing.status_code == 404
    assert applicant.call("GET", f"/api/v1/requests/{req['id']}").json()["state"] == "submitted"


@pytest.fixture(params=ENGINES)
def checking_office(request):
    """An office that verifies renewals (ca.renewal_needs_check) and renews two years ahead."""
    if request.param == "postgres" and not PG_URL:
        pytest.fail("AMS_TEST_PG_URL is not set: run the suite through `make test`")
    tmp = tempfile.mkdtemp(prefix="ams-e2e-renewal-")
    s = Server(request.param, tmp)
    s.env.update(AMS_CA_RENEWAL_NEEDS_CHECK="true", AMS_CA_RENEWAL_WINDOW_DAYS="800")
    s.start()
    yield s
    s.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def test_renewal_verified_by_an_operator_when_the_office_asks(checking_office):
    office = checking_office
    applicant = Client(office)
    applicant.login(APPLICANT)
    operator = Client(office)
    operator.login_with_second_factor(OPERATOR)
    r = applicant.call("POST", "/api/v1/certificates", json={"csr": csr()})
    assert r.status_code == 201, r.text
    serial = r.json()["serial"]

    # Renewing straight away is refused, saying what to do; nothing issued.
    certs = office.count("certificates")
    r = applicant.call("POST", f"/api/v1/certificates/{serial}/renew", json={"csr": csr()})
    assert r.status_code == 422 and r.json()["error"]["code"] == "renewal_needs_approval", r.text
    assert r.json()["error"]["hint"]
    assert office.count("certificates") == certs

    # The renewal request: the signed form, and a certificate of one's own.
    rows = office.count("requests")
    for body, status, code in [
        ({"fields": {"serial": serial}, "documents": [upload(applicant, "supporting")]}, 400,
         "signed_form_required"),
        ({"fields": {"serial": "7f" * 8}, "documents": [upload(applicant)]}, 404, "certificate_not_found"),
        ({"fields": {"serial": serial, "position": "X"}, "documents": [upload(applicant)]}, 400,
         "unknown_field"),
        ({"fields": {}, "documents": [upload(applicant)]}, 400, "missing_field"),
    ]:
        r = applicant.call("POST", "/api/v1/requests", json={"kind": "renewal", **body})
        assert r.status_code == status and r.json()["error"]["code"] == code, (body, r.text)
    # Before the renewal window the request is refused at once, with the date
    # it opens (the window is 800 days here: the row is made to end later).
    office.sql(f"UPDATE certificates SET not_after = not_after + 900 * 86400 WHERE serial = '{serial}'")
    r = applicant.call("POST", "/api/v1/requests",
                       json={"kind": "renewal", "fields": {"serial": serial}, "documents": [upload(applicant)]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "renewal_too_early", r.text
    assert r.json()["error"]["hint"]
    office.sql(f"UPDATE certificates SET not_after = not_after - 900 * 86400 WHERE serial = '{serial}'")
    assert office.count("requests") == rows
    r = applicant.call("POST", "/api/v1/requests",
                       json={"kind": "renewal", "fields": {"serial": serial}, "documents": [upload(applicant)]})
    assert r.status_code == 201, r.text
    req = r.json()
    assert req["kind"] == "renewal" and req["state"] == "submitted"
    again = applicant.call("POST", "/api/v1/requests",
                           json={"kind": "renewal", "fields": {"serial": serial}, "documents": [upload(applicant)]})
    assert again.status_code == 409 and again.json()["error"]["code"] == "request_open"
    queued = [q["id"] for q in operator.call("GET", "/api/v1/requests/queue").json()["requests"]]
    assert req["id"] in queued

    # Approved (steps 1-2): now the renewal goes through and completes it (step 3).
    ok = operator.call("POST", f"/api/v1/requests/{req['id']}/approve")
    assert ok.status_code == 200, ok.text
    assert ok.json()["state"] == "approved"
    assert [s["step"] for s in ok.json()["timeline"]] == [1, 2]
    r = applicant.call("POST", f"/api/v1/certificates/{serial}/renew", json={"csr": csr()})
    assert r.status_code == 201, r.text
    renewed = r.json()["serial"]
    done = applicant.call("GET", f"/api/v1/requests/{req['id']}").json()
    assert done["state"] == "completed"
    assert [s["step"] for s in done["timeline"]] == [1, 2, 3]
    assert done["certificates"] == [serial, renewed]
    # The approval was for one renewal only.
    r = applicant.call("POST", f"/api/v1/certificates/{renewed}/renew", json={"csr": csr()})
    assert r.status_code == 422 and r.json()["error"]["code"] == "renewal_needs_approval"
