"""The name follows the identity (DESIGN.md "Identity"): once a data change of
the full name is approved (SOP step 3), everything that names the applicant
uses identity version n+1 — GET /api/v1/me, the page header, the operator's
queue, every mail after it ("Yth. <new name>"), and the next certificate."""
import html
import time

from cryptography import x509
from cryptography.x509.oid import NameOID

from conftest import Client
from test_ca import Workdir
from test_procedure_mail import submit
from test_procedures import mails_to

APPLICANT = "pemohon@demo.local"
OPERATOR = "operator@demo.local"
NEW_NAME = "Rina Kusumawati Wardhani, S.H."


def mail_with(server, to, needle, timeout=15):
    """The body of the one mail to `to` whose subject holds `needle`, once the
    outbox has written it."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = [b for s, b in mails_to(server, to) if needle in s]
        if found:
            assert len(found) == 1, f"{needle!r} mailed {len(found)} times"
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no mail {needle!r} to {to}")


def test_an_approved_name_change_renames_the_applicant_everywhere(server):
    applicant = Client(server)
    applicant.login(APPLICANT)
    operator = Client(server)
    operator.login_with_second_factor(OPERATOR)
    old_name = applicant.call("GET", "/api/v1/me").json()["identity"]["full_name"]
    assert old_name != NEW_NAME

    request = submit(applicant, {"full_name": NEW_NAME})
    me = applicant.call("GET", "/api/v1/me").json()
    assert me["account"]["full_name"] == old_name, "a proposal renames nobody"
    r = operator.call("POST", f"/api/v1/requests/{request['id']}/approve")
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "completed"

    me = applicant.call("GET", "/api/v1/me").json()
    assert me["identity"]["full_name"] == NEW_NAME
    assert me["account"]["full_name"] == NEW_NAME, "one source of truth for the name"

    page = applicant.call("GET", "/dashboard")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert NEW_NAME in text, "the header and the welcome (old notices keep the old name)"

    # The approval's and the completion's mails went out after the change.
    for needle in (f"#{request['id']} disetujui", f"#{request['id']} selesai"):
        body = mail_with(server, APPLICANT, needle)
        assert f"Yth. {NEW_NAME}," in body and f"Dear {NEW_NAME}," in body, body

    # The operator's queue names the applicant by the new name.
    second = submit(applicant, {"position": "Kepala Seksi"})
    queue = operator.call("GET", "/api/v1/requests/queue").json()["requests"]
    [queued] = [q for q in queue if q["id"] == second["id"]]
    assert queued["applicant_name"] == NEW_NAME
    queue_page = html.unescape(operator.call("GET", "/queue").text)
    assert NEW_NAME in queue_page
    assert operator.call("POST", f"/api/v1/requests/{second['id']}/approve").status_code == 200

    # The next certificate carries it.
    work = Workdir(server)
    r = applicant.call("POST", "/api/v1/certificates", json={"csr": work.csr("n")})
    assert r.status_code == 201, r.text
    cert = x509.load_pem_x509_certificate(r.json()["pem"].encode())
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == NEW_NAME
    issued_mail = mail_with(server, APPLICANT, "telah terbit")
    assert f"Yth. {NEW_NAME}," in issued_mail
