"""The API does what docs/api.md and the README say, walked over HTTP and the
CLI: the agencies list that account creation needs, an admin-created
operator's first sign-in in its real order, what AMS sets on a request (never
the client), the values of `ownership`, numbers that are numbers, and one
environment variable for each [smtp] setting."""
import shutil
import subprocess
import tempfile

from conftest import AMS, Client, Server, totp
from test_notifications import Sink, register
from test_procedure_mail import submit

APPLICANT = "pemohon@demo.local"
OPERATOR = "operator@demo.local"


def test_agencies_are_listed_for_whoever_must_name_one(server, new_client):
    assert new_client().call("GET", "/api/v1/agencies").status_code == 401
    applicant = new_client()
    applicant.login(APPLICANT)
    r = applicant.call("GET", "/api/v1/agencies")
    assert r.status_code == 200, r.text
    agencies = r.json()["agencies"]
    assert agencies and all(set(a) == {"id", "code", "name"} for a in agencies)
    assert all(isinstance(a["id"], int) for a in agencies)
    mine = applicant.call("GET", "/api/v1/me").json()["identity"]["agency_id"]
    assert mine in [a["id"] for a in agencies], "the applicant's own agency is among them"

    admin = new_client()
    admin.login_with_second_factor("admin@demo.local")
    assert admin.call("GET", "/api/v1/agencies").json()["agencies"] == agencies
    first = agencies[0]
    # The id is what POST /api/v1/accounts takes, the code what the CLI takes.
    r = admin.call("POST", "/api/v1/accounts", json={
        "email": "ops.api@pekalongankota.go.id", "password": "teh-manis-hangat-99",
        "full_name": "Operator Api", "role": "operator", "agencies": [first["id"]]})
    assert r.status_code == 201, r.text
    r = subprocess.run([AMS, "user", "add", "--data", server.data, *server.db_args,
                        "--email", "ops.cli@pekalongankota.go.id", "--role", "operator",
                        "--agency", first["code"]],
                       env=dict(server.env, AMS_NEW_PASSWORD="teh-manis-hangat-98"),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for email in ("ops.api@pekalongankota.go.id", "ops.cli@pekalongankota.go.id"):
        rows = server.sql("SELECT g.agency_id FROM operator_agencies g JOIN accounts a ON "
                          f"a.id = g.account_id WHERE a.email = '{email}'")
        assert rows.split() == [str(first["id"])], email


def test_an_admin_created_operator_enrols_totp_then_changes_the_password(server, new_client):
    admin = new_client()
    admin.login_with_second_factor("admin@demo.local")
    email, chosen = "ops.baru@pekalongankota.go.id", "Sandi-Awal-Dari-Admin-7"
    r = admin.call("POST", "/api/v1/accounts", json={
        "email": email, "password": chosen, "full_name": "Operator Baru", "role": "operator",
        "agencies": [1]})
    assert r.status_code == 201, r.text

    op = new_client()
    login = op.login(email, chosen).json()
    assert login["second_factor_enrolment_required"] is True
    assert login["password_change_required"] is True
    # First the second factor: until it is enrolled nothing else answers,
    # not even the password change.
    for method, path, body in [("GET", "/api/v1/me", None),
                               ("POST", "/api/v1/auth/password",
                                {"current_password": chosen, "new_password": chosen + "-x"})]:
        r = op.call(method, path, json=body)
        assert r.status_code == 401, (path, r.text)
        assert r.json()["error"]["code"] == "second_factor_enrolment_required"
    secret = op.call("POST", "/api/v1/auth/totp/enrol").json()["secret"]
    assert op.call("POST", "/api/v1/auth/totp/confirm",
                   json={"code": totp(secret)}).status_code == 200
    # Then the password: /me answers, the queue does not.
    me = op.call("GET", "/api/v1/me")
    assert me.status_code == 200 and me.json()["account"]["password_change_required"] is True
    r = op.call("GET", "/api/v1/requests/queue")
    assert r.status_code == 403 and r.json()["error"]["code"] == "password_change_required"
    server.passwords[email] = chosen
    op.change_admin_chosen_password(email, secret)
    assert op.call("GET", "/api/v1/requests/queue").status_code == 200


def test_what_ams_sets_on_a_request_and_the_values_of_ownership(server, new_client):
    applicant = new_client()
    applicant.login(APPLICANT)
    operator = new_client()
    operator.login_with_second_factor(OPERATOR)
    # previous_id links a resubmission to the rejected request: AMS sets it.
    before = server.count("requests")
    r = applicant.call("POST", "/api/v1/requests", json={
        "kind": "data_change", "fields": {"position": "Kepala Seksi"}, "documents": [],
        "previous_id": 1})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "unknown_field"
    assert server.count("requests") == before

    first = submit(applicant, {"position": "Kepala Seksi"})
    assert first["previous_id"] is None and first["ownership"] is None
    assert isinstance(first["agency_id"], int)
    assert isinstance(first["current"]["agency_id"], int), "a number, as everywhere else"
    assert operator.call("POST", f"/api/v1/requests/{first['id']}/reject",
                         json={"reason": "SK belum dilampirkan"}).status_code == 200
    second = submit(applicant, {"position": "Kepala Seksi"})
    assert second["previous_id"] == first["id"]
    done = operator.call("POST", f"/api/v1/requests/{second['id']}/approve").json()
    assert done["ownership"] == "none", "step 5: no valid certificate"


def test_each_smtp_setting_has_an_environment_variable(tmp_path):
    sink = Sink()
    sink.start()
    s = Server("sqlite", str(tmp_path))
    s.env.update(AMS_SMTP_HOST="127.0.0.1", AMS_SMTP_PORT=str(sink.port), AMS_SMTP_TLS="none",
                 AMS_SMTP_FROM_ADDRESS="tte@pekalongankota.go.id",
                 AMS_SMTP_FROM_NAME="AMS Kota Pekalongan", AMS_SMTP_RETRY_BASE_SECONDS="1",
                 AMS_SMTP_RETRY_MAX_SECONDS="2", AMS_SMTP_MAX_ATTEMPTS="3")
    try:
        s.start()
        register(s, "pegawai.env@pekalongankota.go.id")
        sink.wait_for(["pegawai.env@pekalongankota.go.id"])
        [msg] = sink.to("pegawai.env@pekalongankota.go.id")
        assert str(msg["From"]) == "AMS Kota Pekalongan <tte@pekalongankota.go.id>"
    finally:
        s.stop()
        sink.stop()
    # A bad value is refused, naming the variable, before anything starts.
    for name, value in [("AMS_SMTP_MAX_ATTEMPTS", "0"), ("AMS_SMTP_RETRY_MAX_SECONDS", "soon"),
                        ("AMS_SMTP_PORT", "70000")]:
        r = subprocess.run([AMS, "notify", "outbox", "--data", s.data],
                           env=dict(s.env, **{name: value}), capture_output=True, text=True)
        assert r.returncode != 0, name
        assert name in r.stdout + r.stderr, (name, r.stdout, r.stderr)
