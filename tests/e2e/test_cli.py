"""The `ams` command line, beside a running server (issue #2, item 3)."""
import os
import subprocess

from conftest import AMS


def test_every_subcommand_has_help():
    for args in (["--help"], ["init", "--help"], ["serve", "--help"], ["demo", "--help"],
                 ["migrate", "--help"], ["user", "--help"], ["user", "add", "--help"],
                 ["user", "list", "--help"], ["user", "set-role", "--help"],
                 ["user", "disable", "--help"], ["user", "reset-password", "--help"],
                 ["audit", "verify", "--help"]):
        r = subprocess.run([AMS, *args], capture_output=True, text=True)
        assert r.returncode == 0, (args, r.stderr)
        assert "--help" in r.stdout or "Usage" in r.stdout, args
    r = subprocess.run([AMS, "version"], capture_output=True, text=True)
    assert r.stdout.startswith("ams ")
    r = subprocess.run([AMS, "no-such-command"], capture_output=True, text=True)
    assert r.returncode != 0


def test_init_and_migrate_are_idempotent(server):
    again = server.cli("init")
    assert "nothing to do" in again.stdout
    assert "up to date" in server.cli("migrate").stdout
    assert server.cli("demo", check=False).returncode == 1, "demo data is added once"


def test_user_administration_is_audited_and_takes_effect(server, new_client):
    env_password = "mendoan-hangat-sekali"
    before = server.audit_length()
    r = subprocess.run([AMS, "user", "add", "--data", server.data, *server.db_args,
                        "--email", "Baru@PekalonganKota.go.id", "--role", "auditor",
                        "--name", "Pegawai Baru"],
                       env=dict(server.env, AMS_NEW_PASSWORD=env_password),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert env_password not in r.stdout + r.stderr
    listing = server.cli("user", "list").stdout
    assert "baru@pekalongankota.go.id\tauditor" in listing

    c = new_client()
    c.login("baru@pekalongankota.go.id", env_password)
    assert c.call("GET", "/api/v1/audit").status_code == 200

    server.cli("user", "set-role", "baru@pekalongankota.go.id", "applicant")
    assert c.call("GET", "/api/v1/me").status_code == 401, "a role change ends the sessions"
    server.cli("user", "disable", "baru@pekalongankota.go.id")
    c.login("baru@pekalongankota.go.id", env_password, expect=401)
    actions = server.sql(f"SELECT action FROM audit_log WHERE seq > {before}").split()
    for expected in ("account.created", "account.role_changed", "account.disabled"):
        assert expected in actions
    assert "intact" in server.cli("audit", "verify").stdout


def test_cli_resets_a_lone_admins_forgotten_password(server, new_client):
    c = new_client()
    c.login_with_second_factor("admin@demo.local")
    short = subprocess.run([AMS, "user", "reset-password", "--data", server.data, *server.db_args,
                            "admin@demo.local"], env=dict(server.env, AMS_NEW_PASSWORD="pendek"),
                           capture_output=True, text=True)
    assert short.returncode == 1 and "password_too_short" in short.stderr
    assert c.call("GET", "/api/v1/me").status_code == 200, "a refusal changes nothing"
    r = subprocess.run([AMS, "user", "reset-password", "--data", server.data, *server.db_args,
                        "admin@demo.local"], env=dict(server.env, AMS_NEW_PASSWORD="mendoan-hangat-sekali"),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "mendoan" not in r.stdout + r.stderr
    assert c.call("GET", "/api/v1/me").status_code == 401, "its sessions ended"
    r = new_client().login("admin@demo.local", "mendoan-hangat-sekali", expect=401)
    assert r.json()["error"]["code"] == "second_factor_required", "the password is right; TOTP stays"
    assert "account.password_reset" in server.sql("SELECT action FROM audit_log").split()


def test_cli_refuses_bad_input_and_changes_nothing(server):
    before = (server.audit_length(), server.count("accounts"))
    bad = [
        (["user", "add", "--email", "bukan-email", "--role", "applicant"], "invalid_email"),
        (["user", "add", "--email", "a@pekalongankota.go.id", "--role", "superuser"], "invalid_role"),
        (["user", "set-role", "tidak.ada@demo.local", "admin"], "account_not_found"),
        (["user", "reset-password", "tidak.ada@demo.local"], "account_not_found"),
    ]
    for args, reason in bad:
        r = subprocess.run([AMS, *args[:2], "--data", server.data, *server.db_args, *args[2:]],
                           env=dict(server.env, AMS_NEW_PASSWORD="cukup-panjang-sekali"),
                           capture_output=True, text=True)
        assert r.returncode == 1, args
        assert reason in r.stderr, (args, r.stderr)
    # No password from a file or AMS_NEW_PASSWORD (never from the command line).
    no_password = {k: v for k, v in server.env.items() if k != "AMS_NEW_PASSWORD"}
    for args in (["user", "add", "--email", "b@pekalongankota.go.id", "--role", "applicant"],
                 ["user", "reset-password", "pemohon@demo.local"]):
        r = subprocess.run([AMS, *args[:2], "--data", server.data, *server.db_args, *args[2:]],
                           env=no_password, capture_output=True, text=True)
        assert r.returncode == 1 and "password_missing" in r.stderr, (args, r.stderr)
    assert (server.audit_length(), server.count("accounts")) == before


def test_serve_refuses_a_bad_listen_address(server):
    r = subprocess.run([AMS, "serve", "--data", server.data, *server.db_args,
                        "--listen", "127.0.0.1:notaport"], env=server.env,
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and "listen_invalid" in r.stderr
