"""Documents and printable forms over HTTP, against the real binary, on both
engines (issue #4 items 4 and 9): uploads recognised by content, limits,
who may download, the same file stored once, and the pre-filled forms read
back with pdftotext (poppler-utils)."""
import glob
import os
import struct
import subprocess
import tempfile
import zlib

import pytest
import requests

from conftest import AMS

APPLICANT = "pemohon@demo.local"
NIP = "199006052015032001"


def png_bytes():
    """A real 1x1 PNG (RFC 2083), made here rather than trusted from a file."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00\x43\x00" + bytes(range(64)) + b"\xff\xd9")


def upload(client, files, purpose="supporting", headers=None, owner_id=None):
    data = {"purpose": purpose}
    if owner_id is not None:
        data["owner_id"] = str(owner_id)
    return client.call("POST", "/api/v1/documents", data=data, headers=headers,
                       files=[("file", f) for f in files])


def stored_blobs(server):
    """Blobs as the configured store holds them: a folder for SQLite, the
    blobs table for PostgreSQL (the defaults)."""
    if server.engine == "postgres":
        return server.count("blobs")
    return len([p for p in glob.glob(os.path.join(server.data, "documents", "*", "*"))
                if not os.path.basename(p).startswith(".tmp")])


def unchanged(server):
    return server.audit_length(), server.count("documents"), stored_blobs(server)


def pdftotext(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True,
                             timeout=30)
    assert out.returncode == 0, out.stderr
    # One space between words: the checks do not depend on the layout.
    return " ".join(out.stdout.decode("utf-8").split())


def form(client, kind):
    r = client.call("GET", f"/api/v1/forms/{kind}.pdf")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    return r.content


def new_applicant(server, email):
    password = "kopi-tubruk-pagi-hari"
    env = dict(server.env, AMS_NEW_PASSWORD=password)
    subprocess.run([AMS, "user", "add", "--data", server.data, *server.db_args, "--email", email,
                    "--role", "applicant", "--name", "Rina Wati"],
                   env=env, check=True, capture_output=True, timeout=60)
    return password


def test_upload_pdf_jpeg_png_and_read_them_back(server, client):
    client.login(APPLICANT)
    pdf = form(client, "data_change")  # the printed form, as if signed and scanned
    before = server.audit_length()
    r = upload(client, [("Formulir Perubahan.pdf", pdf, "application/pdf"),
                        ("ktp.jpg", JPEG, "image/jpeg"),
                        ("C:\\scan\\foto.png", png_bytes(), "image/png")], purpose="form")
    assert r.status_code == 201, r.text
    docs = r.json()["documents"]
    assert [d["media_type"] for d in docs] == ["application/pdf", "image/jpeg", "image/png"]
    assert docs[2]["filename"] == "foto.png", "the client's path is not kept"
    assert all(d["purpose"] == "form" for d in docs)
    assert server.audit_length() == before + 3
    assert server.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'document.uploaded'") == "3"

    for doc, body in zip(docs, [pdf, JPEG, png_bytes()]):
        meta = client.call("GET", f"/api/v1/documents/{doc['id']}")
        assert meta.status_code == 200 and meta.json() == doc
        content = client.call("GET", doc["content_url"])
        assert content.status_code == 200
        assert content.content == body
        assert content.headers["Content-Type"] == doc["media_type"]
        assert content.headers["X-Content-Type-Options"] == "nosniff"
        assert content.headers["Content-Disposition"].startswith("inline; filename=\"")
    listed = client.call("GET", "/api/v1/documents").json()["documents"]
    assert {d["id"] for d in listed} == {d["id"] for d in docs}


def test_the_type_comes_from_the_content_never_the_name(server, client):
    client.login(APPLICANT)
    before = unchanged(server)
    r = upload(client, [("ktp.pdf", b"%PDF-1.7 but really a text file", "application/pdf")],
               purpose="ktp")
    assert r.status_code == 415, r.text
    assert r.json()["error"]["code"] == "document_type_not_allowed"
    r = upload(client, [("foto.png", b"<html><script>alert(1)</script></html>", "image/png")])
    assert r.status_code == 415
    # A real PNG named .pdf and declared a PDF is stored, and served, as a PNG.
    assert unchanged(server) == before
    r = upload(client, [("ktp.pdf", png_bytes(), "application/pdf")])
    assert r.status_code == 201
    doc = r.json()["documents"][0]
    assert doc["media_type"] == "image/png"
    served = client.call("GET", doc["content_url"])
    assert served.headers["Content-Type"] == "image/png"
    assert "ktp.png" in served.headers["Content-Disposition"]


def test_oversized_uploads_are_refused_and_store_nothing(server, client):
    client.login(APPLICANT)
    before = unchanged(server)
    just_over = b"%PDF-1.7\n" + b"0" * (10 * 1000 * 1000) + b"\n%%EOF\n"
    r = upload(client, [("besar.pdf", just_over, "application/pdf")])
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "document_too_large"
    # Far past the limit the server refuses the body before reading it whole.
    huge = b"%PDF-1.7\n" + b"0" * (16 * 1024 * 1024) + b"\n%%EOF\n"
    r = upload(client, [("sangat-besar.pdf", huge, "application/pdf")])
    assert r.status_code == 413
    assert unchanged(server) == before

    many = [(f"f{i}.png", png_bytes(), "image/png") for i in range(11)]
    r = upload(client, many)
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "too_many_files"
    assert unchanged(server) == before


@pytest.mark.parametrize("case", ["no_file", "bad_purpose", "no_csrf", "not_multipart"])
def test_bad_upload_requests_change_nothing(server, client, case):
    client.login(APPLICANT)
    before = unchanged(server)
    if case == "no_file":
        r = client.call("POST", "/api/v1/documents", files={"purpose": (None, "ktp")})
        expected = (400, "no_file")
    elif case == "bad_purpose":
        r = upload(client, [("a.png", png_bytes(), "image/png")], purpose="paspor")
        expected = (400, "invalid_purpose")
    elif case == "no_csrf":
        r = upload(client, [("a.png", png_bytes(), "image/png")], headers={"X-CSRF-Token": "x"})
        expected = (403, "csrf_token_invalid")
    else:
        r = client.call("POST", "/api/v1/documents", json={"purpose": "ktp"})
        expected = (415, "not_multipart")
    assert (r.status_code, r.json()["error"]["code"]) == expected, r.text
    assert unchanged(server) == before


def test_only_owner_agency_operator_auditor_and_admin_download(server, new_client):
    owner = new_client()
    owner.login(APPLICANT)
    r = upload(owner, [("ktp.png", png_bytes(), "image/png")], purpose="ktp")
    assert r.status_code == 201
    doc = r.json()["documents"][0]

    new_applicant(server, "rina.wati@pekalongankota.go.id")
    stranger = new_client()
    stranger.login("rina.wati@pekalongankota.go.id", "kopi-tubruk-pagi-hari")
    for path in (f"/api/v1/documents/{doc['id']}", doc["content_url"],
                 f"/api/v1/documents?owner_id={doc['owner_account_id']}"):
        r = stranger.call("GET", path)
        assert r.status_code == 404, path
        assert r.json()["error"]["code"] == "document_not_found"
    missing = stranger.call("GET", "/api/v1/documents/999999/content")
    assert missing.status_code == 404 and missing.json() == {
        "error": dict(missing.json()["error"], code="document_not_found")}, \
        "someone else's document looks exactly like a missing one"
    before = unchanged(server)
    r = upload(stranger, [("x.png", png_bytes(), "image/png")], owner_id=doc["owner_account_id"])
    assert r.status_code == 404 and unchanged(server) == before

    operator = new_client()
    operator.login_with_second_factor("operator@demo.local")
    assert operator.call("GET", doc["content_url"]).content == png_bytes()
    listed = operator.call("GET", f"/api/v1/documents?owner_id={doc['owner_account_id']}")
    assert [d["id"] for d in listed.json()["documents"]] == [doc["id"]]

    auditor = new_client()
    auditor.login("auditor@demo.local")
    assert auditor.call("GET", doc["content_url"]).status_code == 200
    before = unchanged(server)
    r = upload(auditor, [("x.png", png_bytes(), "image/png")], owner_id=doc["owner_account_id"])
    assert r.status_code == 403 and r.json()["error"]["code"] == "auditor_read_only"
    assert unchanged(server) == before

    assert requests.get(server.url + doc["content_url"]).status_code == 401


def test_the_same_file_twice_is_stored_once(server, client):
    client.login(APPLICANT)
    before_blobs = stored_blobs(server)
    body = png_bytes() + b"unik"
    first = upload(client, [("a.png", body, "image/png")]).json()["documents"][0]
    second = upload(client, [("b.png", body, "image/png")]).json()["documents"][0]
    assert first["id"] != second["id"]
    assert first["sha256"] == second["sha256"]
    assert stored_blobs(server) == before_blobs + 1
    assert client.call("GET", second["content_url"]).content == body


@pytest.mark.parametrize("kind,title", [
    ("data_change", "FORMULIR PERMOHONAN PERUBAHAN DATA PEMOHON SERTIFIKAT ELEKTRONIK"),
    ("registration", "FORMULIR PENDAFTARAN PEMOHON SERTIFIKAT ELEKTRONIK"),
    ("revocation", "FORMULIR PERMOHONAN PENCABUTAN SERTIFIKAT ELEKTRONIK"),
])
def test_printable_forms_are_prefilled_from_the_current_identity(server, client, kind, title):
    client.login(APPLICANT)
    text = pdftotext(form(client, kind))
    assert title in text
    assert "Siti Rahmawati, S.Kom." in text
    assert NIP in text
    assert "3375014506900001" in text
    assert "Dinas Komunikasi dan Informatika" in text
    assert "Tanda tangan pemohon" in text and "Applicant's signature" in text
    if kind == "data_change":
        assert "Data baru" in text and "New data" in text
    if kind == "revocation":
        assert "Identitas berubah" in text and "Affiliation changed" in text


def test_form_requests_that_fail(server, client):
    assert requests.get(server.url + "/api/v1/forms/data_change.pdf").status_code == 401
    client.login(APPLICANT)
    for path in ("/api/v1/forms/passport.pdf", "/api/v1/forms/data_change.exe",
                 "/api/v1/forms/data_change"):
        r = client.call("GET", path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "form_not_found", path


def test_registration_form_for_an_applicant_without_identity(server, client):
    new_applicant(server, "rina.wati@pekalongankota.go.id")
    client.login("rina.wati@pekalongankota.go.id", "kopi-tubruk-pagi-hari")
    text = pdftotext(form(client, "registration"))
    assert "Rina Wati" in text and "rina.wati@pekalongankota.go.id" in text
