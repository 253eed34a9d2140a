"""Every bad input: a clear 4xx, and nothing changed (issue #2, item 9)."""
import pytest
import requests


def unchanged(server):
    return (server.audit_length(), server.count("accounts"), server.count("identity_versions"))


def post(server, path, body=None, raw=None, headers=None):
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return requests.post(server.url + path, data=raw if raw is not None else None,
                         json=body if raw is None else None, headers=h, timeout=30)


REGISTER = "/api/v1/auth/register"
GOOD = {"email": "ani@pekalongankota.go.id", "password": "nasi-megono-enak-sekali",
        "full_name": "Ani Suryani"}


@pytest.mark.parametrize("raw,code", [
    (b"{not json", "malformed_json"),
    (b"[1,2,3]", "malformed_json"),
    (b"", "malformed_json"),
    (b'{"email": 5, "password": "nasi-megono-enak-sekali", "full_name": "A"}', "invalid_type"),
    (b'{"email": "a@b.go.id", "password": "nasi-megono-enak", "full_name": "A", "role": "admin"}',
     "unknown_field"),
    (b'{"email": "a@b.go.id", "full_name": "A"}', "missing_field"),
])
def test_malformed_bodies(server, raw, code):
    before = unchanged(server)
    r = post(server, REGISTER, raw=raw)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == code
    assert unchanged(server) == before


@pytest.mark.parametrize("field,value,code", [
    ("email", "bukan-email", "invalid_email"),
    ("email", "a@b.go.id'; DROP TABLE accounts; --", "invalid_email"),
    ("email", "x" * 300 + "@b.go.id", "too_long"),
    ("full_name", "<script>alert(1)</script>", "invalid_name"),
    ("full_name", "Robert'); DROP TABLE accounts;--", "invalid_name"),
    ("full_name", "A" * 600, "too_long"),
    ("password", "pendek", "password_too_short"),
    ("password", "password123", "password_too_common"),
])
def test_invalid_registration_fields(server, field, value, code):
    before = unchanged(server)
    body = dict(GOOD, **{field: value})
    r = post(server, REGISTER, body)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == code
    assert unchanged(server) == before


def test_wrong_content_type_and_oversized_body(server):
    before = unchanged(server)
    r = requests.post(server.url + REGISTER, data="email=a", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    big = b'{"email": "' + b"a" * (13 * 1024 * 1024) + b'"}'
    r = post(server, REGISTER, raw=big)
    assert r.status_code == 413
    assert unchanged(server) == before
    assert requests.get(server.url + "/healthz").status_code == 200


def test_duplicate_registration_is_a_conflict(server):
    assert post(server, REGISTER, GOOD).status_code == 201
    before = unchanged(server)
    r = post(server, REGISTER, dict(GOOD, email="ANI@pekalongankota.go.id"))
    assert r.status_code == 409 and r.json()["error"]["code"] == "email_taken"
    assert unchanged(server) == before


def test_missing_or_wrong_csrf_token_changes_nothing(server, client):
    client.login("pemohon@demo.local")
    before = (server.count("api_tokens"), server.audit_length())
    saved = client.csrf
    client.csrf = None
    r = client.call("POST", "/api/v1/tokens", json={"name": "x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_token_invalid"
    client.csrf = "salah"
    r = client.call("POST", "/api/v1/tokens", json={"name": "x"})
    assert r.status_code == 403
    assert (server.count("api_tokens"), server.audit_length()) == before
    client.csrf = saved
    assert client.call("POST", "/api/v1/tokens", json={"name": "x"}).status_code == 201


@pytest.mark.parametrize("field,value,code", [
    ("nik", "337501450690000", "invalid_nik"),
    ("nik", "3375014513900001", "invalid_nik"),
    ("nip", "199002302015032001", "invalid_nip"),
    ("nip", "19900605201503300'", "invalid_nip"),
    ("email", "siti@", "invalid_email"),
    ("agency_id", 999, "agency_not_found"),
])
def test_admin_cannot_create_an_invalid_identity(server, new_client, field, value, code):
    admin = new_client()
    admin.login_with_second_factor("admin@demo.local")
    identity = {"full_name": "Siti Aminah", "nik": "3375016506920002",
                "nip": "199206252018012002", "email": "siti.aminah@pekalongankota.go.id",
                "phone": "081298765432", "agency_id": 1, "unit": "Sekretariat",
                "position": "Staf"}
    identity[field] = value
    before = unchanged(server)
    r = admin.call("POST", "/api/v1/accounts", json={
        "email": "siti.aminah@pekalongankota.go.id", "password": "gula-jawa-manis-99",
        "full_name": "Siti Aminah", "role": "applicant", "identity": identity})
    assert r.status_code in (400, 404), r.text
    assert r.json()["error"]["code"] == code
    assert unchanged(server) == before


def test_unknown_routes_and_bad_ids(server, client):
    client.login("pemohon@demo.local")
    assert client.call("GET", "/api/v1/tidak-ada").status_code == 404
    r = client.call("GET", "/api/v1/accounts/1;DROP")
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_id"
    assert client.call("PUT", "/api/v1/me").status_code == 405


@pytest.mark.parametrize("who,path,code", [
    ("pemohon@demo.local", "/api/v1/certificates?account_id=-1", "invalid_id"),
    ("pemohon@demo.local", "/api/v1/certificates?account_id=", "invalid_id"),
    ("pemohon@demo.local", "/api/v1/requests?account_id=1e3", "invalid_id"),
    ("pemohon@demo.local", "/api/v1/documents?owner_id=99999999999999999999", "invalid_id"),
    ("pemohon@demo.local", "/api/v1/notifications?limit=%2B5", "invalid_limit"),
    ("pemohon@demo.local", "/api/v1/notifications?offset=1000000", "invalid_offset"),
    ("operator@demo.local", "/api/v1/requests/queue?agency_id=x", "invalid_agency_id"),
    ("operator@demo.local", "/api/v1/requests/queue?older_than_minutes=99999999999",
     "invalid_older_than_minutes"),
    ("operator@demo.local", "/api/v1/requests/queue?limit=9223372036854775808", "invalid_limit"),
    ("auditor@demo.local", "/api/v1/audit?from=99999999999", "invalid_query"),
    ("auditor@demo.local", "/api/v1/audit?limit=501", "invalid_query"),
])
def test_bad_integers_in_the_query(server, client, who, path, code):
    if who.startswith("operator"):
        client.login_with_second_factor(who)
    else:
        client.login(who)
    before = unchanged(server)
    r = client.call("GET", path)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == code
    assert unchanged(server) == before
