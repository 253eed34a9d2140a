"""Accounts over HTTP, against the real binary, on both engines (issue #2)."""
import base64
import os
import re
import shutil
import stat
import subprocess
import time

import requests

from conftest import AMS, totp


def test_health_and_readiness(server):
    assert requests.get(server.url + "/healthz").json() == {"status": "ok"}
    ready = requests.get(server.url + "/readyz").json()
    assert ready["status"] == "ready"
    assert ready["engine"] == ("sqlite" if server.engine == "sqlite" else "postgresql")


def test_register_verify_by_mail_login_and_logout(server, client):
    r = client.call("POST", "/api/v1/auth/register", json={
        "email": "Rina.Wati@PekalonganKota.go.id", "password": "kopi-tubruk-pagi-hari",
        "full_name": "Rina Wati, S.Sos."})
    assert r.status_code == 201, r.text

    early = client.call("POST", "/api/v1/auth/login", json={
        "email": "rina.wati@pekalongankota.go.id", "password": "kopi-tubruk-pagi-hari"})
    assert early.status_code == 422
    assert early.json()["error"]["code"] == "email_not_verified"

    mail = server.wait_for_mail("rina.wati@pekalongankota.go.id")
    assert "verifikasi" in mail["Subject"]
    assert "Rina Wati" in mail.text
    link = re.search(r"(http://127\.0\.0\.1:\d+/verify\?token=[A-Za-z0-9_\-]+)", mail.text)
    assert link, mail.text
    page = requests.get(link.group(1))
    assert page.status_code == 200 and "terverifikasi" in page.text
    again = requests.get(link.group(1))
    assert again.status_code == 404, "a verification link works once"

    client.login("rina.wati@pekalongankota.go.id", "kopi-tubruk-pagi-hari")
    me = client.call("GET", "/api/v1/me").json()
    assert me["account"]["role"] == "applicant"
    assert me["account"]["full_name"] == "Rina Wati, S.Sos."
    assert me["identity"] is None

    assert client.call("POST", "/api/v1/auth/logout").status_code == 200
    assert client.call("GET", "/api/v1/me").status_code == 401

    actions = server.sql("SELECT action FROM audit_log ORDER BY seq").split()
    for expected in ("account.registered", "account.email_verified", "auth.login", "auth.logout"):
        assert expected in actions


def test_session_cookie_is_httponly_and_strict(server, client):
    r = client.login("pemohon@demo.local")
    cookie = r.headers["Set-Cookie"]
    assert "ams_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert r.json()["account"]["email"] == "pemohon@demo.local"
    token = client.http.cookies.get("ams_session")
    assert token not in server.sql("SELECT id_hash FROM sessions"), "only the hash is stored"


def test_role_boundaries(server, new_client):
    applicant = new_client()
    applicant.login("pemohon@demo.local")
    own_id = applicant.call("GET", "/api/v1/me").json()["account"]["id"]
    assert applicant.call("GET", f"/api/v1/accounts/{own_id}").status_code == 200
    other = int(server.sql("SELECT id FROM accounts WHERE email = 'auditor@demo.local'"))
    r = applicant.call("GET", f"/api/v1/accounts/{other}")
    assert r.status_code == 404, "an applicant cannot read another account (nor learn it exists)"
    assert applicant.call("GET", "/api/v1/accounts").status_code == 403
    assert applicant.call("GET", "/api/v1/audit").status_code == 403
    before = server.audit_length()
    r = applicant.call("POST", "/api/v1/accounts", json={
        "email": "x@pekalongankota.go.id", "password": "sangat-rahasia-sekali",
        "full_name": "X", "role": "admin"})
    assert r.status_code == 403
    assert server.audit_length() == before

    auditor = new_client()
    auditor.login("auditor@demo.local")
    log = auditor.call("GET", "/api/v1/audit?action=auth.").json()["records"]
    assert {"auth.login"} <= {rec["action"] for rec in log}
    assert auditor.call("GET", "/api/v1/audit/verify").json()["ok"] is True
    assert auditor.call("POST", "/api/v1/accounts/1/role", json={"role": "admin"}).status_code == 403

    operator = new_client()
    operator.login_with_second_factor("operator@demo.local")
    pemohon = operator.call("GET", f"/api/v1/accounts/{own_id}")
    assert pemohon.status_code == 200, "operators read the applicants of their agencies"
    assert pemohon.json()["identity_versions"][0]["nik"] == "3375014506900001"
    assert operator.call("GET", "/api/v1/audit").status_code == 403


def test_admin_manages_accounts_with_second_factor(server, new_client):
    admin = new_client()
    secret, recovery = admin.login_with_second_factor("admin@demo.local")
    r = admin.call("POST", "/api/v1/accounts", json={
        "email": "ops2@pekalongankota.go.id", "password": "teh-manis-hangat-99",
        "full_name": "Operator Dua", "role": "operator", "agencies": [1]})
    assert r.status_code == 201, r.text
    new_id = r.json()["id"]
    r = admin.call("POST", f"/api/v1/accounts/{new_id}/role", json={"role": "auditor"})
    assert r.status_code == 200
    rec = server.sql(f"SELECT details FROM audit_log WHERE action = 'account.role_changed'")
    assert '"from":"operator"' in rec and '"to":"auditor"' in rec

    # The second factor is now required: the password alone no longer signs in.
    second = new_client()
    r = second.login("admin@demo.local", expect=401)
    assert r.json()["error"]["code"] == "second_factor_required"
    second.login("admin@demo.local", totp_code=recovery[0])
    second.csrf = None
    reuse = new_client()
    r = reuse.login("admin@demo.local", totp_code=recovery[0], expect=401)


def test_admin_resets_a_forgotten_password_over_the_api(server, new_client):
    admin = new_client()
    admin.login_with_second_factor("admin@demo.local")
    owner = new_client()
    owner.login("pemohon@demo.local")
    me = owner.call("GET", "/api/v1/me").json()["account"]["id"]
    own = admin.call("GET", "/api/v1/me").json()["account"]["id"]
    before = server.audit_length()
    for path, body, status, code in [
            (f"/api/v1/accounts/{me}/password", {"password": "pendek"}, 400, "password_too_short"),
            (f"/api/v1/accounts/{me}/password", {}, 400, "missing_field"),
            (f"/api/v1/accounts/{own}/password", {"password": "kopi-tubruk-tanpa-ampas"}, 422,
             "cannot_reset_own_password"),
            ("/api/v1/accounts/999999/password", {"password": "kopi-tubruk-tanpa-ampas"}, 404,
             "account_not_found")]:
        r = admin.call("POST", path, json=body)
        assert r.status_code == status, r.text
        assert r.json()["error"]["code"] == code
    r = owner.call("POST", f"/api/v1/accounts/{me}/password", json={"password": "kopi-tubruk-tanpa-ampas"})
    assert r.status_code == 403, "applicants reset nothing"
    assert server.audit_length() == before
    assert owner.call("GET", "/api/v1/me").status_code == 200

    r = admin.call("POST", f"/api/v1/accounts/{me}/password", json={"password": "kopi-tubruk-tanpa-ampas"})
    assert r.status_code == 200, r.text
    assert owner.call("GET", "/api/v1/me").status_code == 401, "the owner's sessions ended"
    new_client().login("pemohon@demo.local", "kopi-tubruk-tanpa-ampas")
    assert "account.password_reset" in server.sql("SELECT action FROM audit_log").split()
    assert "kopi-tubruk" not in server.sql("SELECT details FROM audit_log")


def test_a_password_an_admin_chose_is_changed_before_anything_else(server, new_client):
    admin = new_client()
    admin.login_with_second_factor("admin@demo.local")
    email, chosen = "sari@pekalongankota.go.id", "Sandi-Dari-Admin-2026"
    r = admin.call("POST", "/api/v1/accounts", json={
        "email": email, "password": chosen, "full_name": "Sari Wulandari", "role": "applicant"})
    assert r.status_code == 201, r.text
    sari = r.json()["id"]
    accounts = {a["email"]: a for a in admin.call("GET", "/api/v1/accounts").json()["accounts"]}
    assert accounts[email]["password_change_required"] is True, "the admin sees it is due"

    owner = new_client()
    r = owner.login(email, chosen)
    assert r.json()["password_change_required"] is True
    # Until it is changed the session does nothing else, and writes nothing.
    before = (server.audit_length(), server.count("api_tokens"), server.count("requests"))
    for method, path, body in [("GET", "/api/v1/notifications", None),
                               ("POST", "/api/v1/tokens", {"name": "skrip"}),
                               ("GET", "/api/v1/certificates", None),
                               ("POST", "/api/v1/requests", {"kind": "registration", "fields": {}})]:
        r = owner.call(method, path, json=body)
        assert r.status_code == 403, (path, r.text)
        error = r.json()["error"]
        assert error["code"] == "password_change_required"
        assert "/api/v1/auth/password" in error["hint"], "says what to do next"
    assert (server.audit_length(), server.count("api_tokens"), server.count("requests")) == before
    me = owner.call("GET", "/api/v1/me")
    assert me.status_code == 200 and me.json()["account"]["password_change_required"] is True
    # The owner's own choice lifts it (the helper checks the refusal, changes, signs in again).
    server.passwords[email] = chosen
    owner.change_admin_chosen_password(email)
    assert owner.call("GET", "/api/v1/notifications").status_code == 200
    assert "auth.password_changed" in server.sql("SELECT action FROM audit_log").split()

    # An admin's reset makes it due again; the console's does not (a lone
    # admin back in with a password of their own).
    r = admin.call("POST", f"/api/v1/accounts/{sari}/password", json={"password": "Sandi-Reset-Admin-1"})
    assert r.status_code == 200, r.text
    assert new_client().login(email, "Sandi-Reset-Admin-1").json()["password_change_required"] is True
    r = subprocess.run([AMS, "user", "reset-password", "--data", server.data, *server.db_args, email],
                       env=dict(server.env, AMS_NEW_PASSWORD="Sandi-Dari-Konsol-1"),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    back = new_client()
    assert back.login(email, "Sandi-Dari-Konsol-1").json()["password_change_required"] is False
    assert back.call("GET", "/api/v1/notifications").status_code == 200


def test_totp_secrets_are_sealed_at_rest_and_survive_a_restart(server, new_client, tmp_path):
    email = "operator@demo.local"
    secret, recovery = new_client().login_with_second_factor(email)
    in_clear = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    stored = lambda: server.sql(f"SELECT totp_secret FROM accounts WHERE email = '{email}'")
    assert stored().startswith("sealed1:") and in_clear not in stored()
    key_file = os.path.join(server.data, "ca", "totp-secrets.key")
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert secret not in open(key_file, "rb").read().decode("latin-1")

    # As an older version stored it, in clear: the next start seals it, on record.
    server.sql(f"UPDATE accounts SET totp_secret = '{in_clear}' WHERE email = '{email}'")
    server.stop()
    server.start()
    assert stored().startswith("sealed1:")
    assert "auth.totp_secrets_sealed" in server.sql("SELECT action FROM audit_log").split()
    # The enrolment used this step's code; the next step's signs in after the restart.
    new_client().login(email, totp_code=totp(secret, step_offset=1))

    # Another deployment's key file (the same passphrase): the start is
    # refused, saying why, and nothing is changed.
    server.stop()
    other = tmp_path / "other"
    subprocess.run([AMS, "init", "--data", str(other)], env=server.env, check=True,
                   capture_output=True)
    original = open(key_file, "rb").read()
    shutil.copy(other / "ca" / "totp-secrets.key", key_file)
    sealed_before = stored()
    r = subprocess.run([AMS, "serve", "--data", server.data, *server.db_args, "--listen",
                        f"127.0.0.1:{server.port}"], env=server.env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0
    assert "sealed_value_unreadable" in r.stderr and "same key file" in r.stderr, r.stderr
    assert stored() == sealed_before
    # Its own key file back: a recovery code signs in, which opens the
    # sealed secret first (a key that could not would answer 500).
    open(key_file, "wb").write(original)
    server.start()
    new_client().login(email, totp_code=recovery[0])


def test_api_token_for_scripts(server, client):
    client.login("pemohon@demo.local")
    r = client.call("POST", "/api/v1/tokens", json={"name": "skrip arsip"})
    assert r.status_code == 201, r.text
    token, token_id = r.json()["token"], r.json()["id"]
    assert token not in server.sql("SELECT token_hash FROM api_tokens")
    bearer = {"Authorization": f"Bearer {token}"}
    me = requests.get(server.url + "/api/v1/me", headers=bearer)
    assert me.status_code == 200 and me.json()["account"]["email"] == "pemohon@demo.local"
    # A script needs no CSRF token: a bearer token is not ambient authority.
    r = requests.post(server.url + "/api/v1/tokens", headers=bearer, json={"name": "kedua"})
    assert r.status_code == 201
    assert "token.created" in server.sql("SELECT action FROM audit_log")
    assert client.call("DELETE", f"/api/v1/tokens/{token_id}").status_code == 200
    assert requests.get(server.url + "/api/v1/me", headers=bearer).status_code == 401
    wrong = requests.get(server.url + "/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "token_invalid"


def test_password_change_signs_out_everywhere_and_refusals_change_nothing(server, new_client):
    email, old = "pemohon@demo.local", server.passwords["pemohon@demo.local"]
    here, elsewhere = new_client(), new_client()
    here.login(email)
    elsewhere.login(email)
    token = here.call("POST", "/api/v1/tokens", json={"name": "skrip"}).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    change = lambda c, current, new: c.call("POST", "/api/v1/auth/password", json={
        "current_password": current, "new_password": new})

    # Refused, each with its reason, and nothing changes.
    before = server.audit_length()
    cases = [("salah-sama-sekali", "kopi-tubruk-tanpa-ampas", 401, "current_password_wrong"),
             (old, old, 400, "password_unchanged"),
             (old, "pendek", 400, "password_too_short"),
             (old, None, 400, "missing_field")]
    for current, new, status, code in cases:
        r = change(here, current, new)
        assert r.status_code == status, r.text
        assert r.json()["error"]["code"] == code
        assert r.json()["error"]["message"], "the reason in words"
    r = requests.post(server.url + "/api/v1/auth/password", headers=bearer,
                      json={"current_password": old, "new_password": "kopi-tubruk-tanpa-ampas"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "session_required"
    assert server.audit_length() == before + 1, "only the wrong current password, as a failed login"
    assert here.call("GET", "/api/v1/me").status_code == 200

    # Changed: both sessions end, the token stays, only the new password signs in.
    r = change(here, old, "kopi-tubruk-tanpa-ampas")
    assert r.status_code == 200, r.text
    assert "ams_session=;" in r.headers["Set-Cookie"]
    assert here.call("GET", "/api/v1/me").status_code == 401
    assert elsewhere.call("GET", "/api/v1/me").status_code == 401
    assert requests.get(server.url + "/api/v1/me", headers=bearer).status_code == 200
    new_client().login(email, old, expect=401)
    new_client().login(email, "kopi-tubruk-tanpa-ampas")
    assert "auth.password_changed" in server.sql("SELECT action FROM audit_log").split()
    assert "kopi-tubruk" not in open(server.log.name).read(), "no password in the log"
    # The owner is told, in case it was not them; never the password itself.
    mail = server.wait_for_mail(email)
    assert "kata sandi Anda diubah" in mail["Subject"] and "oleh Anda sendiri" in mail.text
    assert "/password-reset" in mail.text and "kopi-tubruk" not in mail.text


def test_forgotten_password_by_mailed_link(server, new_client):
    email = "pemohon@demo.local"
    owner = new_client()
    owner.login(email)
    unknown = requests.post(server.url + "/api/v1/auth/password-reset",
                            json={"email": "tidak.ada@demo.local"})
    r = requests.post(server.url + "/api/v1/auth/password-reset", json={"email": email})
    assert r.status_code == unknown.status_code == 202, r.text
    assert r.json() == unknown.json(), "the same answer for an address without an account"
    bad = requests.post(server.url + "/api/v1/auth/password-reset", json={"email": "bukan alamat"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_email"

    mail = server.wait_for_mail(email)
    assert "kata sandi" in mail["Subject"]
    link = re.search(r"(http://127\.0\.0\.1:\d+/password-reset\?token=[A-Za-z0-9_\-]+)", mail.text)
    assert link, mail.text
    token = link.group(1).split("token=")[1]
    assert token not in server.sql("SELECT token_hash FROM one_time_tokens"), "only the hash is stored"
    page = requests.get(link.group(1))
    assert page.status_code == 200 and 'name="new_password"' in page.text
    # The token leaves the address at once: a redirect, the token in a cookie
    # for the form's path only, never in the page.
    assert [r.status_code for r in page.history] == [303]
    assert page.url == server.url + "/password-reset/new"
    cookie = page.history[0].headers["Set-Cookie"]
    assert cookie.startswith("ams_reset=" + token) and "Path=/password-reset" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert token not in page.text
    stale = requests.get(server.url + "/password-reset/new")
    assert stale.status_code == 404 and "Minta tautan baru" in stale.text, "no link followed"

    complete = lambda t, p: requests.post(server.url + "/api/v1/auth/password-reset/complete",
                                          json={"token": t, "new_password": p})
    r = complete(token, "pendek")
    assert r.status_code == 400 and r.json()["error"]["code"] == "password_too_short"
    r = complete("r_bukan-tautan", "kopi-tubruk-tanpa-ampas")
    assert r.status_code == 404 and r.json()["error"]["code"] == "reset_link_invalid"
    assert owner.call("GET", "/api/v1/me").status_code == 200, "nothing changed yet"
    r = complete(token, "kopi-tubruk-tanpa-ampas")
    assert r.status_code == 200, r.text
    assert complete(token, "kopi-tubruk-lain-lagi").status_code == 404, "the link works once"
    assert owner.call("GET", "/api/v1/me").status_code == 401, "every session ended"
    new_client().login(email, "kopi-tubruk-tanpa-ampas")
    actions = server.sql("SELECT action FROM audit_log").split()
    assert "auth.password_reset_requested" in actions and "auth.password_reset_by_link" in actions


def test_repeated_failed_logins_are_throttled(server, client):
    for _ in range(4):
        client.login("pemohon@demo.local", password="salah-sekali-ini", expect=401)
    last_failure = time.monotonic()
    # Four failures impose a wait of 1 s, doubling with each further failure
    # (login_throttle.h). One attempt (argon2id) can outlast a short wait on a
    # busy machine, so keep failing until the wait outlasts an attempt: the
    # throttle must answer 429 within a few tries.
    failures, attempts = 4, 4
    while True:
        r = client.call("POST", "/api/v1/auth/login",
                        json={"email": "pemohon@demo.local", "password": "salah-sekali-ini"})
        attempts += 1
        if r.status_code == 429 or attempts >= 9:
            break
        assert r.status_code == 401, r.text
        failures += 1
        last_failure = time.monotonic()
    assert r.status_code == 429, "no throttling after %d failures" % failures
    assert r.json()["error"]["code"] in ("login_throttled", "account_locked")
    # Even the right password waits; should the wait have run out meanwhile,
    # at least the whole wait must have passed.
    right = client.call("POST", "/api/v1/auth/login",
                        json={"email": "pemohon@demo.local",
                              "password": server.passwords["pemohon@demo.local"]})
    if right.status_code != 429:
        assert right.status_code == 200, right.text
        assert time.monotonic() - last_failure >= 2 ** (failures - 4), "a login inside the wait"
    fails = server.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed'")
    assert int(fails) == attempts + (1 if right.status_code == 429 else 0)
    unknown = client.login("tidak.ada@demo.local", password="apa-saja-boleh", expect=401)
    assert unknown.json()["error"]["code"] == "login_failed", "same answer as a wrong password"


def test_audit_verify_catches_a_tampered_row(server, client):
    client.login("pemohon@demo.local")
    ok = server.cli("audit", "verify")
    assert "intact" in ok.stdout
    n = server.audit_length()
    assert n >= 5
    if server.engine == "sqlite":
        server.sql("DROP TRIGGER audit_log_no_update; "
                   "UPDATE audit_log SET actor_label = 'mallory' WHERE seq = 3")
    else:
        server.sql("ALTER TABLE audit_log DISABLE TRIGGER USER; "
                   "UPDATE audit_log SET actor_label = 'mallory' WHERE seq = 3")
    bad = server.cli("audit", "verify", check=False)
    assert bad.returncode == 1
    assert "record 3" in bad.stdout, bad.stdout


def test_audit_rows_cannot_be_changed_through_sql(server):
    try:
        server.sql("UPDATE audit_log SET actor_label = 'x' WHERE seq = 1")
    except subprocess.CalledProcessError as e:
        assert "append-only" in (e.stderr or "")
    else:
        raise AssertionError("the append-only trigger let an UPDATE through")
