"""The CA in the service (issue #3): certificates issued over the API and the
CLI, revoked, and CRL/OCSP served over HTTP, checked with clients no one here
wrote: openssl, GnuTLS certtool and Python cryptography."""
import base64
import os
import subprocess
import tempfile
import time
import urllib.parse

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

APPLICANT = "pemohon@demo.local"
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


def run(*cmd, check=True, **kw):
    r = subprocess.run(list(cmd), capture_output=True, text=True, timeout=60, **kw)
    if check and r.returncode != 0:
        raise AssertionError(f"{cmd}: {r.stdout}{r.stderr}")
    return r


class Workdir:
    """Files for the command-line clients: the CA chain, keys, CSRs."""

    def __init__(self, server):
        self.dir = tempfile.mkdtemp(prefix="ams-ca-e2e-")
        self.server = server
        for name in ("root", "issuing"):
            r = requests.get(f"{server.url}/ca/{name}.crt", timeout=10)
            assert r.status_code == 200, r.text
            assert r.headers["Content-Type"] == "application/pkix-cert"
            cert = x509.load_der_x509_certificate(r.content)
            setattr(self, name, cert)
            self.write(f"{name}.pem", cert.public_bytes(serialization.Encoding.PEM))
        self.write("chain.pem", open(self.path("issuing.pem"), "rb").read() +
                   open(self.path("root.pem"), "rb").read())

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        with open(self.path(name), "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        return self.path(name)

    def csr(self, name, cn="ignored"):
        """An openssl P-256 key and CSR, as the brief's applicant makes them."""
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-keyout", self.path(f"{name}.key"), "-out", self.path(f"{name}.csr"),
            "-subj", f"/CN={cn}/O=Evil Corp")
        return open(self.path(f"{name}.csr")).read()

    def save_cert(self, name, pem):
        return self.write(f"{name}.pem", pem)

    def ocsp(self, cert_name=None, serial=None, extra=()):
        target = ["-cert", self.path(f"{cert_name}.pem")] if cert_name else ["-serial", serial]
        r = run("openssl", "ocsp", "-issuer", self.path("issuing.pem"), *target,
                "-url", f"{self.server.url}/ocsp", "-CAfile", self.path("chain.pem"),
                "-resp_text", *extra, check=False)
        return r.stdout + r.stderr

    def crl(self):
        r = requests.get(f"{self.server.url}/crl/issuing.crl", timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"] == "application/pkix-crl"
        crl = x509.load_der_x509_crl(r.content)
        self.write("crl.der", r.content)
        self.write("crl.pem", crl.public_bytes(serialization.Encoding.PEM))
        return crl


def serial_hex(cert):
    """Our canonical serial text: lowercase hex of the magnitude's bytes."""
    h = format(cert.serial_number, "x")
    return "0" * (len(h) % 2) + h


def audit_changes(server):
    """Audit records other than the CRL generations the server's background
    tick makes on its own after a revocation."""
    return int(server.sql("SELECT COUNT(*) FROM audit_log WHERE action <> 'crl.generated'"))


def issue(client, csr, expect=201, **extra):
    r = client.call("POST", "/api/v1/certificates", json={"csr": csr, **extra})
    assert r.status_code == expect, r.text
    return r.json()


def ocsp_request_der(cert, issuer, nonce=None):
    builder = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1())
    if nonce:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(serialization.Encoding.DER)


def ocsp_post(server, der):
    r = requests.post(f"{server.url}/ocsp", data=der,
                      headers={"Content-Type": "application/ocsp-request"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(r.content)


def wait_for_crl_with(work, serial, timeout=10):
    """The CRL follows a revocation promptly (coalesced, at most 1 s apart)."""
    deadline = time.time() + timeout
    while True:
        crl = work.crl()
        if crl.get_revoked_certificate_by_serial_number(serial) is not None:
            return crl
        assert time.time() < deadline, "the CRL never listed the revoked certificate"
        time.sleep(0.3)


def test_issue_verify_ocsp_revoke_crl_with_independent_clients(server, client):
    client.login(APPLICANT)
    me = client.call("GET", "/api/v1/me").json()
    work = Workdir(server)
    before = server.count("certificates")
    body = issue(client, work.csr("leaf"))
    assert server.count("certificates") == before + 1
    serial = body["serial"]
    path = work.save_cert("leaf", body["pem"])
    cert = x509.load_pem_x509_certificate(body["pem"].encode())
    assert serial_hex(cert) == serial

    # Subject from the verified identity, never from the CSR.
    identity = me["identity"]
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == identity["full_name"]
    assert subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "ID"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == identity["unit"]
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == identity["position"]
    assert "ignored" not in subject.rfc4514_string() and "Evil" not in subject.rfc4514_string()
    assert identity["nik"] not in subject.rfc4514_string(), "NIK stays out unless configured"

    # Every extension of the profile, checked by cryptography.
    ext = cert.extensions
    ku = ext.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.digital_signature and ku.value.content_commitment
    assert not ku.value.key_cert_sign
    eku = ext.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku and DOCUMENT_SIGNING in eku
    bc = ext.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca is False
    ski = ext.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski.digest == x509.SubjectKeyIdentifier.from_public_key(cert.public_key()).digest
    aki = ext.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier == work.issuing.extensions.get_extension_for_class(
        x509.SubjectKeyIdentifier).value.digest
    san = ext.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.RFC822Name) == [identity["email"]]
    cdp = ext.get_extension_for_class(x509.CRLDistributionPoints).value
    assert cdp[0].full_name[0].value == f"{server.url}/crl/issuing.crl"
    aia = {d.access_method: d.access_location.value
           for d in ext.get_extension_for_class(x509.AuthorityInformationAccess).value}
    assert aia[x509.oid.AuthorityInformationAccessOID.OCSP] == f"{server.url}/ocsp"
    assert aia[x509.oid.AuthorityInformationAccessOID.CA_ISSUERS] == f"{server.url}/ca/issuing.crt"
    assert ext.get_extension_for_class(x509.CertificatePolicies).value[0].policy_identifier.dotted_string \
        == "2.16.360.1.1.1.1"
    # RFC 5280 lint: positive serial of at most 20 octets, validity inside the issuer's.
    assert 0 < cert.serial_number < 2 ** 159
    assert work.issuing.not_valid_before <= cert.not_valid_before
    assert cert.not_valid_after <= work.issuing.not_valid_after

    # The AIA caIssuers URL serves the issuing CA; the chain verifies.
    assert "OK" in run("openssl", "verify", "-CAfile", work.path("root.pem"), "-untrusted",
                       work.path("issuing.pem"), path).stdout
    chain = work.write("fullchain.pem", open(path).read() + open(work.path("chain.pem")).read())
    out = run("certtool", "--verify-chain", "--infile", chain).stdout
    assert "Chain verification output: Verified" in out, out

    # OCSP: good (openssl sends a nonce: the freshly signed path), unknown for a
    # serial we never issued; cryptography over POST without nonce (cached path).
    out = work.ocsp("leaf")
    assert f"{path}: good" in out and "Response verify OK" in out, out
    assert "WARNING: no nonce" not in out
    out = work.ocsp(serial="0x0123456789abcdef")
    assert ": unknown" in out, out
    resp = ocsp_post(server, ocsp_request_der(cert, work.issuing))
    assert resp.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert resp.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert resp.serial_number == cert.serial_number
    assert resp.this_update <= resp.next_update
    responder = resp.certificates[0]
    assert x509.ExtendedKeyUsageOID.OCSP_SIGNING in responder.extensions.get_extension_for_class(
        x509.ExtendedKeyUsage).value
    responder.public_key().verify(resp.signature, resp.tbs_response_bytes,
                                  ec.ECDSA(resp.signature_hash_algorithm))

    # Revoke over the API: OCSP says so on the very next request.
    audit_before = audit_changes(server)
    r = client.call("POST", f"/api/v1/certificates/{serial}/revoke", json={"reason": "keyCompromise"})
    assert r.status_code == 200, r.text
    assert audit_changes(server) == audit_before + 1
    out = work.ocsp("leaf")
    assert f"{path}: revoked" in out and "Reason: keyCompromise" in out, out
    resp = ocsp_post(server, ocsp_request_der(cert, work.issuing))
    assert resp.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert resp.revocation_reason == x509.ReasonFlags.key_compromise

    # The CRL follows: openssl and certtool read it; the chain check fails as revoked.
    crl = wait_for_crl_with(work, cert.serial_number)
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == \
        x509.ReasonFlags.key_compromise
    assert crl.is_signature_valid(work.issuing.public_key())
    number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    text = run("openssl", "crl", "-inform", "DER", "-in", work.path("crl.der"), "-text",
               "-noout").stdout
    assert serial.upper() in text.upper().replace(":", ""), text
    r = run("openssl", "verify", "-crl_check", "-CAfile", work.path("root.pem"), "-untrusted",
            work.path("issuing.pem"), "-CRLfile", work.path("crl.pem"), path, check=False)
    assert r.returncode != 0 and "certificate revoked" in r.stdout + r.stderr, r.stdout + r.stderr
    info = run("certtool", "--crl-info", "--inder", "--infile", work.path("crl.der")).stdout
    assert serial.lower() in info.lower().replace(":", ""), info

    # The list shows it revoked; the download formats work.
    listed = client.call("GET", "/api/v1/certificates").json()["certificates"]
    assert [c["status"] for c in listed if c["serial"] == serial] == ["revoked"]
    r = client.call("GET", f"/api/v1/certificates/{serial}?format=der")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/pkix-cert"
    assert x509.load_der_x509_certificate(r.content) == cert
    r = client.call("GET", f"/api/v1/certificates/{serial}?format=pem")
    assert x509.load_pem_x509_certificate(r.content) == cert

    # The CRL is served, not re-signed, per request: same bytes, same number.
    again = requests.get(f"{server.url}/crl/issuing.crl", timeout=10).content
    assert again == open(work.path("crl.der"), "rb").read()
    assert number >= 1


def test_ocsp_get_encodings_and_malformed_requests(server, client):
    client.login(APPLICANT)
    work = Workdir(server)
    cert = x509.load_pem_x509_certificate(issue(client, work.csr("g"))["pem"].encode())
    # Nonces until the base64 has '+', '/' and '=' in it (RFC 6960 A.1 GET).
    seen = set()
    for i in range(200):
        nonce = os.urandom(14 + i % 3)  # three lengths: padding "", "=" and "=="
        der = ocsp_request_der(cert, work.issuing, nonce=nonce)
        b64 = base64.b64encode(der).decode()
        for form in (urllib.parse.quote(b64, safe=""), b64):
            r = requests.get(f"{server.url}/ocsp/{form}", timeout=10)
            assert r.status_code == 200 and r.headers["Content-Type"] == "application/ocsp-response"
            resp = ocsp.load_der_ocsp_response(r.content)
            assert resp.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL, b64
            assert resp.certificate_status == ocsp.OCSPCertStatus.GOOD
            # The nonce is echoed.
            assert resp.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == nonce
        seen |= set(b64) & set("+/=")
        if seen == set("+/="):
            break
    assert seen == set("+/="), seen
    # Malformed: an OCSP malformedRequest response, not JSON.
    for bad in (b"", b"garbage", b"\x30\x03\x02\x01\x01", os.urandom(64)):
        r = requests.post(f"{server.url}/ocsp", data=bad,
                          headers={"Content-Type": "application/ocsp-request"}, timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"] == "application/ocsp-response"
        assert ocsp.load_der_ocsp_response(r.content).response_status == \
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    r = requests.get(f"{server.url}/ocsp/!!notbase64!!", timeout=10)
    assert ocsp.load_der_ocsp_response(r.content).response_status == \
        ocsp.OCSPResponseStatus.MALFORMED_REQUEST


def test_cli_issue_list_revoke_seen_by_running_server(server, client):
    work = Workdir(server)
    work.csr("cli")
    r = server.cli("cert", "issue", "--user", APPLICANT, "--csr", work.path("cli.csr"), "--out",
                   work.path("cli.pem"))
    cert = x509.load_pem_x509_certificate(open(work.path("cli.pem"), "rb").read())
    serial = serial_hex(cert)
    assert serial in r.stderr
    listed = server.cli("cert", "list", "--user", APPLICANT).stdout
    assert serial in listed and "valid" in listed
    # The server answers good and caches the signed answer ...
    der = ocsp_request_der(cert, work.issuing)
    assert ocsp_post(server, der).certificate_status == ocsp.OCSPCertStatus.GOOD
    assert ocsp_post(server, der).certificate_status == ocsp.OCSPCertStatus.GOOD
    # ... and another process revokes: the next answer is revoked.
    server.cli("cert", "revoke", serial, "--reason", "superseded")
    resp = ocsp_post(server, der)
    assert resp.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert resp.revocation_reason == x509.ReasonFlags.superseded
    assert "revoked(superseded)" in server.cli("cert", "list").stdout
    # Revoking again is refused and changes nothing.
    before = audit_changes(server)
    r = server.cli("cert", "revoke", serial, "--reason", "keyCompromise", check=False)
    assert r.returncode == 1 and "already_revoked" in r.stderr
    assert audit_changes(server) == before
    # `ams crl generate` beside the server: the number keeps increasing.
    first = work.crl().extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    server.cli("crl", "generate", "--out", work.path("gen.crl"))
    generated = x509.load_der_x509_crl(open(work.path("gen.crl"), "rb").read())
    number = generated.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert number > first
    assert generated.get_revoked_certificate_by_serial_number(cert.serial_number) is not None
    served = work.crl()
    assert served.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number >= number
    for cmd in (["cert", "issue"], ["cert", "revoke"], ["cert", "list"], ["crl", "generate"]):
        assert "--data" in server.cli(*cmd, "--help").stdout


def test_bad_input_permissions_renewal_and_issuance_rule(server, client, new_client):
    client.login(APPLICANT)
    work = Workdir(server)

    def unchanged():
        return audit_changes(server), server.count("certificates")

    # Garbage, truncated and weak CSRs: 400 with the reason, nothing stored.
    good = work.csr("a")
    run("openssl", "req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", work.path("weak.key"),
        "-out", work.path("weak.csr"), "-subj", "/CN=x")
    cases = [("garbage", "csr_malformed"), (good[: len(good) // 2], "csr_malformed"),
             (open(work.path("weak.csr")).read(), "csr_key_too_weak")]
    for csr, code in cases:
        before = unchanged()
        r = client.call("POST", "/api/v1/certificates", json={"csr": csr})
        assert r.status_code == 400, r.text
        assert r.json()["error"]["code"] == code
        assert unchanged() == before
    r = client.call("POST", "/api/v1/certificates", json={})
    assert r.status_code == 400 and r.json()["error"]["code"] == "csr_or_generate_key"

    mine = issue(client, good)
    # Revoke twice: 409 and nothing changed; a bad reason: 400.
    r = client.call("POST", f"/api/v1/certificates/{mine['serial']}/revoke", json={"reason": "cACompromise"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "revocation_reason_unknown"

    # Renewal opens 30 days before notAfter: a certificate just issued is
    # refused, with why and what to do, and nothing is issued or revoked.
    assert mine["renewable_from"] < mine["not_after"]
    before = unchanged()
    r = client.call("POST", f"/api/v1/certificates/{mine['serial']}/renew", json={"csr": work.csr("b")},
                    headers={"Accept-Language": "en-US,en;q=0.9"})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "renewal_too_early"
    assert error["message"] == "This certificate cannot be renewed yet." and "expires" in error["hint"]
    assert unchanged() == before
    # The same refusal in Bahasa Indonesia by default.
    r = client.call("POST", f"/api/v1/certificates/{mine['serial']}/renew", json={"csr": work.csr("b")})
    assert r.json()["error"]["message"] == "Sertifikat ini belum dapat diperbarui."
    # An office that renews two years ahead says so in the configuration.
    server.stop()
    server.env["AMS_CA_RENEWAL_WINDOW_DAYS"] = "800"
    server.start()

    # Renewal: a new certificate from the same identity; the old one superseded.
    r = client.call("POST", f"/api/v1/certificates/{mine['serial']}/renew", json={"csr": work.csr("b")})
    assert r.status_code == 201, r.text
    renewed = r.json()
    assert renewed["serial"] != mine["serial"]
    old = client.call("GET", f"/api/v1/certificates/{mine['serial']}").json()
    assert old["status"] == "revoked" and old["reason"] == "superseded"
    assert old["replaced_by"] == renewed["serial"]
    before = unchanged()
    r = client.call("POST", f"/api/v1/certificates/{mine['serial']}/revoke", json={"reason": "keyCompromise"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_revoked"
    assert unchanged() == before
    r = client.call("POST", "/api/v1/certificates/00ff00ff/revoke", json={"reason": "keyCompromise"})
    assert r.status_code == 404

    # Someone else's certificate: another applicant, issued by an admin.
    admin = new_client()
    admin.login_with_second_factor("admin@demo.local")
    r = admin.call("POST", "/api/v1/accounts", json={
        "email": "agus@pekalongankota.go.id", "password": "soto-tauto-pekalongan-7",
        "full_name": "Agus Salim", "role": "applicant",
        "identity": {"full_name": "Agus Salim", "nik": "3375011203880002",
                     "nip": "198803122010011002", "email": "agus@pekalongankota.go.id",
                     "phone": "081234567891", "agency_id": 2, "unit": "Bidang Mutasi",
                     "position": "Analis Kepegawaian"}})
    assert r.status_code == 201, r.text
    other_id = r.json()["id"]
    other = issue(admin, work.csr("c"), account_id=other_id)
    assert other["account_id"] == other_id
    before = unchanged()
    for method, suffix, body in (("POST", "/revoke", {"reason": "keyCompromise"}),
                                 ("GET", "", None), ("POST", "/renew", {"csr": work.csr("d")})):
        r = client.call(method, f"/api/v1/certificates/{other['serial']}{suffix}", json=body)
        assert r.status_code == 404, r.text
    assert unchanged() == before
    r = client.call("POST", "/api/v1/certificates", json={"csr": work.csr("e"), "account_id": other_id})
    assert r.status_code == 404
    assert client.call("GET", f"/api/v1/certificates?account_id={other_id}").status_code == 404
    assert unchanged() == before

    # The SOP rule: a valid certificate with a superseded identity version
    # blocks issuance until it is revoked.
    server.sql("INSERT INTO identity_versions (account_id, version, full_name, nik, nip, email, "
               "phone, agency_id, unit, position, created_by, created_at) SELECT account_id, "
               "version + 1, full_name, nik, nip, email, phone, agency_id, unit, "
               "'Kepala Seksi', created_by, created_at + 1 FROM identity_versions WHERE "
               f"account_id = {renewed['account_id']} ORDER BY version DESC LIMIT 1")
    before = unchanged()
    r = client.call("POST", "/api/v1/certificates", json={"csr": work.csr("f")})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "issuance_blocked_by_superseded_identity"
    assert unchanged() == before
    r = client.call("POST", f"/api/v1/certificates/{renewed['serial']}/revoke",
                    json={"reason": "affiliationChanged"})
    assert r.status_code == 200
    fresh = issue(client, work.csr("g"))
    cert = x509.load_pem_x509_certificate(fresh["pem"].encode())
    assert cert.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Kepala Seksi"


def test_generated_key_in_pkcs12(server, client):
    client.login(APPLICANT)
    r = client.call("POST", "/api/v1/certificates",
                    json={"generate_key": True, "passphrase": "pendek"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "pkcs12_passphrase_too_short"
    r = client.call("POST", "/api/v1/certificates",
                    json={"generate_key": True, "passphrase": "batik-pekalongan-2025"})
    assert r.status_code == 201, r.text
    key, cert, extra = pkcs12.load_key_and_certificates(base64.b64decode(r.json()["pkcs12"]),
                                                        b"batik-pekalongan-2025")
    assert serial_hex(cert) == r.json()["serial"]
    assert key.public_key().public_numbers() == cert.public_key().public_numbers()
    # The key is never stored: the database holds the certificate only.
    row = server.sql(f"SELECT der FROM certificates WHERE serial = '{r.json()['serial']}'")
    assert x509.load_der_x509_certificate(base64.b64decode(row)) == cert
    # The access log reaches the file within a second (flushed every 100 ms
    # while requests come, every second otherwise).
    time.sleep(1.2)
    log = open(os.path.join(os.path.dirname(server.data), "serve.log")).read()
    assert "/api/v1/certificates" in log, "the log was written: the check below means something"
    assert "batik-pekalongan-2025" not in log
