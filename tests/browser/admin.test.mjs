// Admins and auditors in the browser: the admin pages (accounts and roles,
// agencies and operator assignment, standard times, CA, mail settings with a
// test mail) and the auditor's timing report (SVG charts) and CSV exports.
// The tests of this file run in order: the admin's work is the auditor's data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BASE, DATA, LOGINS, launch, newContext, newPage, checkA11y, screenshot, login, totp, waitForMail,
  assertOnlyLanguage,
} from './lib/harness.mjs';

const AMS = process.env.AMS_BIN;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function visitor(t, options) {
  const context = await newContext(browser, options);
  t.after(() => context.close());
  return newPage(context, t);
}

// An account of our own (the demo admin is enrolled by staff.test.mjs, in parallel).
function addAccount(email, role) {
  const password = `teh-poci-${crypto.randomBytes(9).toString('base64url')}`;
  execFileSync(AMS, ['user', 'add', '--data', DATA, '--email', email, '--role', role, '--name', 'Pegawai Coba'],
    { env: { ...process.env, AMS_NEW_PASSWORD: password }, stdio: 'pipe' });
  return { email, password };
}

// On /account/password after signing in with a password an admin chose:
// told why, no way elsewhere but out; changes it to one of the owner's own
// (returned) and is signed out.
async function changeAdminChosenPassword(page, current) {
  assert.match(await page.locator('#change-required').innerText(), /Kata sandi Anda ditetapkan oleh admin\./);
  assert.equal(await page.locator('nav a[href="/dashboard"]').count(), 0, 'no way around it');
  await checkA11y(page, 'password change required');
  const own = `pilihan-sendiri-${crypto.randomBytes(6).toString('hex')}`;
  await page.locator('#current_password').fill(current);
  await page.locator('#new_password').fill(own);
  await page.locator('#new_password_confirm').fill(own);
  await page.locator('form.form button[type=submit]').click();
  await page.waitForURL(/\/login\?notice=password_changed$/);
  return own;
}

async function adminPage(t) {
  const page = await visitor(t);
  const admin = addAccount(`admin-${crypto.randomBytes(4).toString('hex')}@demo.local`, 'admin');
  await login(page, admin);
  await page.waitForURL(/\/enrol-totp$/);
  const secret = await page.locator('input[name=secret]').inputValue();
  await page.locator('#code').fill(totp(secret));
  await page.locator('form.form button[type=submit]').click();
  assert.equal(await page.locator('h1').innerText(), 'Kode pemulihan');
  return page;
}

async function notice(page) {
  return page.locator('.alert.notice').innerText();
}

test('admin: standard times, agencies and operator assignment, accounts and roles', async (t) => {
  const page = await adminPage(t);
  await page.goto(`${BASE}/dashboard`);
  await page.getByRole('link', { name: 'Administrasi', exact: true }).click();
  await page.waitForURL(/\/admin$/);
  assert.equal(await page.locator('h1').innerText(), 'Administrasi');
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'admin home');
  await screenshot(page, 'admin-home');

  // Standard times: step 2 of the data change from 5 to 7 minutes.
  await page.locator('nav.subnav').getByRole('link', { name: 'Waktu baku' }).click();
  await page.waitForURL(/\/admin\/standard-times$/);
  const row = page.locator('#time-data_change-2');
  assert.match(await row.locator('.standard-now').innerText(), /^5,0 mnt$/);
  await row.locator('input[name=minutes]').fill('abc');
  await row.getByRole('button').click();
  assert.match(await page.getByRole('alert').innerText(), /Waktu standar tidak sah\./);
  assert.match(await page.locator('#time-data_change-2 .standard-now').innerText(), /^5,0 mnt$/, 'nothing changed');
  await page.locator('#time-data_change-2 input[name=minutes]').fill('7');
  await page.locator('#time-data_change-2').getByRole('button').click();
  await page.waitForURL(/notice=standard_time_saved/);
  assert.match(await notice(page), /Waktu baku disimpan\./);
  assert.match(await page.locator('#time-data_change-2 .standard-now').innerText(), /^7,0 mnt diubah$/);
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'standard times');
  await screenshot(page, 'admin-standard-times');

  // Agencies: a refused code, then a new agency, and the demo operator assigned to it.
  await page.locator('nav.subnav').getByRole('link', { name: 'Instansi dan verifikator' }).click();
  await page.waitForURL(/\/admin\/agencies$/);
  await page.getByLabel('Kode instansi').fill('x');
  await page.getByLabel('Nama instansi').fill('Dinas Uji Coba');
  await page.getByRole('button', { name: 'Tambah instansi' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Kode instansi tidak valid\./);
  assert.equal(await page.getByLabel('Nama instansi').inputValue(), 'Dinas Uji Coba', 'typed values are kept');
  await page.getByLabel('Kode instansi').fill('uji-admin');
  await page.getByRole('button', { name: 'Tambah instansi' }).click();
  await page.waitForURL(/notice=agency_added/);
  assert.match(await page.locator('#agencies').innerText(), /UJI-ADMIN\s+Dinas Uji Coba/);
  await page.locator('#assign-operator').selectOption(LOGINS.operator.email);
  await page.locator('#assign-agency').selectOption({ label: 'Dinas Uji Coba (UJI-ADMIN)' });
  await page.getByRole('button', { name: 'Tugaskan' }).click();
  await page.waitForURL(/notice=agency_assigned/);
  const operatorRow = page.locator('#operators tr', { hasText: LOGINS.operator.email });
  assert.match(await operatorRow.innerText(), /Dinas Uji Coba \(UJI-ADMIN\)/);
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'agencies');
  await screenshot(page, 'admin-agencies');
  await operatorRow.getByRole('button', { name: `Cabut tugas ${LOGINS.operator.email} dari Dinas Uji Coba (UJI-ADMIN)` }).click();
  await page.waitForURL(/notice=agency_unassigned/);
  assert.doesNotMatch(await page.locator('#operators tr', { hasText: LOGINS.operator.email }).innerText(), /UJI-ADMIN/);

  // Accounts: search, change a role, disable; one's own account has no buttons.
  const other = addAccount(`peran-${crypto.randomBytes(4).toString('hex')}@demo.local`, 'applicant');
  await page.locator('nav.subnav').getByRole('link', { name: 'Akun dan peran' }).click();
  await page.waitForURL(/\/admin\/accounts$/);
  assert.match(await page.locator('#accounts').innerText(), /pemohon@demo\.local/);
  await page.getByLabel('Nama atau e-mail memuat').fill(other.email);
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  assert.match(await page.locator('#accounts-count').innerText(), /1 akun/);
  const account = page.locator('#accounts tbody tr');
  await account.getByLabel(`Peran untuk ${other.email}`).selectOption('auditor');
  await account.getByRole('button', { name: `Ubah peran ${other.email}` }).click();
  await page.waitForURL(/notice=role_changed/);
  assert.match(page.url(), /q=peran-/, 'the search is kept');
  assert.match(await page.locator('#accounts tbody tr').innerText(), /Auditor/);
  await page.locator('#accounts tbody tr').getByRole('button', { name: `Nonaktifkan ${other.email}` }).click();
  await page.waitForURL(/notice=account_disabled/);
  assert.match(await page.locator('#accounts tbody tr').innerText(), /Nonaktif/);
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'accounts');
  await screenshot(page, 'admin-accounts');

  // A form without its CSRF token changes nothing.
  const response = await page.request.post(`${BASE}/admin/agencies`, { form: { code: 'TANPA-TOKEN', name: 'Tanpa token' } });
  assert.equal(response.status(), 403);
  await page.goto(`${BASE}/admin/agencies`);
  assert.doesNotMatch(await page.locator('#agencies').innerText(), /TANPA-TOKEN/);
});

test('admin: CA information and a test mail through the outbox', async (t) => {
  const page = await adminPage(t);
  await page.goto(`${BASE}/admin/ca`);
  assert.equal(await page.locator('h1').innerText(), 'Otoritas sertifikat');
  assert.match(await page.locator('#ca-card-root').innerText(), /CA induk[\s\S]*CN=AMS Root CA[\s\S]*ecdsa-p256/);
  assert.match(await page.locator('#ca-card-issuing').innerText(), /CA penerbit[\s\S]*CN=AMS Issuing CA/);
  assert.match(await page.locator('#crl-number').innerText(), /^\d+$/);
  const crt = await page.request.get(new URL(await page.locator('#ca-card-root a').getAttribute('href'), BASE).href);
  assert.equal(crt.headers()['content-type'], 'application/pkix-cert');
  const crl = await page.request.get(`${BASE}/crl/issuing.crl`);
  assert.equal(crl.headers()['content-type'], 'application/pkix-crl');
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'CA');
  await screenshot(page, 'admin-ca');

  await page.goto(`${BASE}/admin/smtp`);
  assert.match(await page.locator('#smtp-settings').innerText(), /belum diatur/);
  await page.getByLabel('Kirim ke alamat').fill('bukan alamat');
  await page.locator('#test-to').evaluate((e) => { e.type = 'text'; });  // past the browser's own check
  await page.getByRole('button', { name: 'Kirim e-mail uji' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Alamat e-mail tidak valid\./);
  const to = `uji-smtp-${crypto.randomBytes(4).toString('hex')}@demo.local`;
  await page.getByLabel('Kirim ke alamat').fill(to);
  await page.getByRole('button', { name: 'Kirim e-mail uji' }).click();
  await page.waitForURL(/\/admin\/smtp\?notice=test_mail_queued&test=/);
  // The POST answers at once (no worker thread waits for the SMTP server):
  // the page says the mail is queued, and "Periksa lagi" reads the outcome
  // the dispatcher (every second) has reached since.
  assert.match(await page.locator('.alert.notice').first().innerText(), /sudah masuk antrean keluar/);
  for (let i = 0; i < 10 && /antrean/.test(await page.locator('#test-result').innerText()); i++) {
    await new Promise((r) => setTimeout(r, 1000));
    await page.getByRole('link', { name: 'Periksa lagi' }).click();
  }
  assert.match(await page.locator('#test-result').innerText(), new RegExp(`E-mail uji ke ${to} terkirim pada .* WIB\\.`));
  const mail = await waitForMail(to);
  assert.ok(mail && /e-mail uji dari AMS/.test(mail), 'the .eml arrived');
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'mail settings');
  await screenshot(page, 'admin-smtp');

  // The same pages in English.
  await page.locator('.lang-switch').click();
  for (const [url, title] of [['/admin', 'Administration'], ['/admin/accounts', 'Accounts and roles'],
    ['/admin/agencies', 'Agencies and operators'], ['/admin/standard-times', 'Standard times'],
    ['/admin/ca', 'Certificate authority'], ['/admin/smtp', 'Mail settings']]) {
    await page.goto(`${BASE}${url}`);
    assert.equal(await page.locator('h1').innerText(), title);
    await assertOnlyLanguage(page, 'en');
  }
});

test('auditor: the timing report as SVG charts with text alternatives, and CSV downloads', async (t) => {
  // Data for the report: a certificate issued to a new applicant records an
  // issuance request (steps 1 and 2) in the demo agency.
  const applicant = await (async () => {
    const page = await adminPage(t);
    const csrf = await page.locator('input[name=csrf_token]').first().inputValue();
    const email = `laporan-${crypto.randomBytes(4).toString('hex')}@demo.local`;
    // A man born 1 January 1990, appointed March 2015 (identity/nik.cc, nip.cc).
    const nik = `337501010190${1000 + crypto.randomInt(9000)}`;
    const nip = `199001012015031${100 + crypto.randomInt(900)}`;
    const response = await page.request.post(`${BASE}/api/v1/accounts`, {
      headers: { 'X-CSRF-Token': csrf },
      data: {
        email, password: `teh-poci-${crypto.randomBytes(9).toString('base64url')}`, full_name: 'Rina Laporan', role: 'applicant',
        identity: { full_name: 'Rina Laporan', nik, nip, email, agency_id: 1,
          unit: 'Bagian Umum', position: 'Analis' },
      },
    });
    assert.equal(response.status(), 201, await response.text());
    return email;
  })();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ams-report-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', path.join(dir, 'key.pem'), '-subj', '/CN=x', '-out', path.join(dir, 'csr.pem')], { stdio: 'pipe' });
  execFileSync(AMS, ['cert', 'issue', '--data', DATA, '--user', applicant, '--csr', path.join(dir, 'csr.pem'),
    '--out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });

  const page = await visitor(t);
  await login(page, LOGINS.auditor);
  await page.waitForURL(/\/dashboard$/);
  await page.getByRole('link', { name: 'Laporan waktu', exact: true }).click();
  await page.waitForURL(/\/reports\/timing$/);
  await page.locator('#r-kind').selectOption('issuance');
  await page.getByRole('button', { name: 'Tampilkan' }).click();
  await page.waitForURL(/kind=issuance/);
  for (const name of ['Durasi per langkah: Penerbitan sertifikat', 'Permohonan per minggu: Penerbitan sertifikat',
    'Dalam waktu baku per instansi: Penerbitan sertifikat']) {
    const chart = page.getByRole('img', { name });
    assert.equal(await chart.count(), 1, `chart "${name}"`);
    assert.equal(await chart.evaluate((e) => e.tagName.toLowerCase()), 'svg');
    assert.ok((await chart.locator('desc').textContent()).length > 20, 'the chart is described');
    assert.ok(await chart.locator('rect.bar').count() >= 1, 'bars');
  }
  assert.match(await page.locator('#steps-table').innerText(), /Menerbitkan sertifikat/);
  assert.match(await page.locator('#weekly-table tbody').innerText(), /\b[1-9]\d*$/m);
  assert.match(await page.locator('#agencies-table').innerText(), /\d+,\d%/);
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'timing report');
  await screenshot(page, 'report-timing');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-csv').click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^kind,step,group,group_id,count,median_seconds,p90_seconds,standard_seconds,within_standard\r\n/);
  assert.match(csv, /^issuance,2,all,0,/m);

  await page.goto(`${BASE}/reports/timing?from=2026-02-30`);
  assert.match(await page.getByRole('alert').innerText(), /Periode tidak sah\./);

  // The audit log: filtered by the actor's e-mail, exported as CSV.
  await page.goto(`${BASE}/audit?actor=${encodeURIComponent(LOGINS.auditor.email)}`);
  const actors = await page.locator('#audit-records tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(actors.length > 0 && actors.every((a) => a.startsWith(LOGINS.auditor.email)), `${actors}`);
  const [part] = await Promise.all([page.waitForEvent('download'), page.locator('#audit-export a').first().click()]);
  const audit = fs.readFileSync(await part.path(), 'utf8').split('\r\n');
  assert.equal(audit[0], 'seq,time_utc,time_wib,actor_id,actor,action,object_type,object_id,remote_addr,details,hash');
  assert.ok(audit.slice(1).filter(Boolean).every((line) => line.includes(LOGINS.auditor.email)), 'the filter applies');
  await checkA11y(page, 'audit log with export');
  // The parts are listed a page at a time (?parts=); an offset past the end
  // shows the oldest page: here the only part, without page links.
  await page.goto(`${BASE}/audit?parts=999`);
  assert.match(await page.locator('#audit-export').innerText(), /^Bagian 1: nomor 1–\d+$/);
  assert.equal(await page.getByRole('navigation', { name: 'Halaman bagian ekspor' }).count(), 0);

  await page.locator('.lang-switch').click();
  await page.goto(`${BASE}/reports/timing?kind=issuance`);
  assert.equal(await page.locator('h1').innerText(), 'Service timing report');
  assert.equal(await page.getByRole('img', { name: 'Duration per step: Certificate issuance' }).count(), 1);
  await assertOnlyLanguage(page, 'en');
});

test('an auditor cannot open the admin pages', async (t) => {
  const page = await visitor(t);
  await login(page, LOGINS.auditor);
  await page.waitForURL(/\/dashboard$/);
  assert.equal(await page.getByRole('link', { name: 'Administrasi' }).count(), 0);
  for (const url of ['/admin', '/admin/accounts', '/admin/smtp']) {
    const response = await page.goto(`${BASE}${url}`);
    assert.equal(response.status(), 403, url);
  }
  const post = await page.request.post(`${BASE}/admin/standard-times`, { form: { kind: 'data_change', step: '2', minutes: '1' } });
  assert.equal(post.status(), 403);
});

test('admin: creates an operator account on the accounts page; the initial password is shown once and signs in', async (t) => {
  const page = await adminPage(t);
  await page.goto(`${BASE}/admin/accounts`);
  const form = page.locator('#new-account');
  const email = `verifikator-${crypto.randomBytes(4).toString('hex')}@demo.local`;

  // Bad input: a clear refusal, the typed values kept, nothing created.
  await form.getByLabel('Alamat e-mail').fill('bukan alamat');
  await form.locator('#new-email').evaluate((e) => { e.type = 'text'; });  // past the browser's own check
  await form.getByLabel('Nama lengkap (dengan gelar)').fill('Dewi Lestari, S.E.');
  await form.getByLabel('Peran').selectOption('operator');
  await form.getByRole('button', { name: 'Buat akun' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Alamat e-mail tidak valid\./);
  assert.equal(await page.locator('#new-name').inputValue(), 'Dewi Lestari, S.E.', 'typed values are kept');
  assert.equal(await page.locator('#new-role').inputValue(), 'operator');
  assert.equal(await page.locator('#account-created').count(), 0);
  // An agency for an applicant is refused too.
  const dinkes = await page.locator('#new-agency option', { hasText: '(DINKES)' }).getAttribute('value');
  await page.locator('#new-email').fill(email);
  await page.locator('#new-role').selectOption('applicant');
  await page.locator('#new-agency').selectOption(dinkes);
  await page.getByRole('button', { name: 'Buat akun' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Instansi hanya ditugaskan kepada verifikator\./);
  await page.goto(`${BASE}/admin/accounts?q=${encodeURIComponent(email)}`);
  assert.match(await page.locator('#accounts-count').innerText(), /0 akun/, 'nothing was created');

  // An operator of DINKES: created, audited, the password shown in this answer only.
  await page.locator('#new-email').fill(email);
  await page.locator('#new-name').fill('Dewi Lestari, S.E.');
  await page.locator('#new-role').selectOption('operator');
  await page.locator('#new-agency').selectOption(dinkes);
  await page.getByRole('button', { name: 'Buat akun' }).click();
  const created = page.locator('#account-created');
  assert.match(await created.innerText(), new RegExp(`Akun ${email} \\(Verifikator\\) sudah dibuat`));
  const password = await page.locator('#initial-password').innerText();
  assert.match(password, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  assert.ok(!page.url().includes(password) && new URL(page.url()).search === '', 'no secret in the URL');
  assert.match(await created.innerText(), /mendaftarkan aplikasi autentikator/);
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'account created');
  await screenshot(page, 'admin-account-created');
  await page.goto(`${BASE}/admin/accounts?q=${encodeURIComponent(email)}`);
  assert.match(await page.locator('#accounts tbody tr').innerText(), /Verifikator[\s\S]*Aktif[\s\S]*Kata sandi dari admin belum diganti/);
  assert.match(await page.locator('#accounts tbody tr').innerText(), /Dinas Kesehatan \(DINKES\)/);
  assert.equal(await page.locator('#initial-password').count(), 0, 'the password is not shown again');
  await page.goto(`${BASE}/audit?action=account.created`);
  assert.match(await page.locator('#audit-records').innerText(), new RegExp(email.replace(/\./g, '\\.')));

  // The new operator signs in with it and goes on to enrol the second factor.
  const context = await newContext(browser);
  t.after(() => context.close());
  const newcomer = await newPage(context, t);
  await login(newcomer, { email, password });
  await newcomer.waitForURL(/\/enrol-totp$/);

  // An operator created without an agency is told why the queue stays empty.
  const lonely = `verifikator-${crypto.randomBytes(4).toString('hex')}@demo.local`;
  await page.goto(`${BASE}/admin/accounts`);
  await page.locator('#new-email').fill(lonely);
  await page.locator('#new-name').fill('Yusuf Maulana');
  await page.locator('#new-role').selectOption('operator');
  await page.getByRole('button', { name: 'Buat akun' }).click();
  const lonelyPassword = await page.locator('#initial-password').innerText();
  await newcomer.getByRole('button', { name: 'Keluar' }).click();
  await login(newcomer, { email: lonely, password: lonelyPassword });
  await newcomer.waitForURL(/\/enrol-totp$/);
  const secret = await newcomer.locator('input[name=secret]').inputValue();
  await newcomer.locator('#code').fill(totp(secret));
  await newcomer.locator('form.form button[type=submit]').click();
  // The password the admin chose is changed before anything else.
  await newcomer.goto(`${BASE}/dashboard`);
  await newcomer.waitForURL(/\/account\/password$/);
  const own = await changeAdminChosenPassword(newcomer, lonelyPassword);
  // The enrolment used this step's code: the next step's signs in.
  await login(newcomer, { email: lonely, password: own }, { totp: totp(secret, Date.now() + 30_000) });
  await newcomer.waitForURL(/\/dashboard$/);
  assert.match(await newcomer.locator('#no-agencies').innerText(), /Minta administrator menugaskan instansi Anda/);
  await newcomer.goto(`${BASE}/queue`);
  assert.match(await newcomer.locator('.alert.notice').innerText(), /antrean Anda tetap kosong/);
});

test('admin: resets a forgotten password; the temporary one is shown once, ends the old sessions and signs in', async (t) => {
  const page = await adminPage(t);
  const owner = addAccount(`lupa-${crypto.randomBytes(4).toString('hex')}@demo.local`, 'applicant');
  const context = await newContext(browser);
  t.after(() => context.close());
  const theirs = await newPage(context, t);
  await login(theirs, owner);
  await theirs.waitForURL(/\/dashboard$/);

  await page.goto(`${BASE}/admin/accounts?q=${encodeURIComponent(owner.email)}`);
  await page.getByRole('button', { name: `Atur ulang kata sandi ${owner.email}` }).click();
  const reset = page.locator('#password-reset');
  assert.match(await reset.innerText(), new RegExp(`Kata sandi baru untuk ${owner.email.replace(/\./g, '\\.')}`));
  const temporary = await page.locator('#reset-password').innerText();
  assert.match(temporary, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  assert.ok(!page.url().includes(temporary), 'no secret in the URL');
  await checkA11y(page, 'password reset');
  await page.goto(`${BASE}/admin/accounts?q=${encodeURIComponent(owner.email)}`);
  assert.equal(await page.locator('#reset-password').count(), 0, 'the password is not shown again');
  await page.goto(`${BASE}/audit?action=account.password_reset`);
  assert.match(await page.locator('#audit-records').innerText(), new RegExp(owner.email.replace(/\./g, '\\.')));

  await theirs.goto(`${BASE}/dashboard`);
  assert.match(theirs.url(), /\/login/, 'the owner\'s old session ended');
  await login(theirs, owner);
  assert.match(await theirs.getByRole('alert').innerText(), /E-mail atau kata sandi salah\./);
  await login(theirs, { email: owner.email, password: temporary });
  await theirs.waitForURL(/\/account\/password$/);
  await theirs.goto(`${BASE}/certificates/new`);
  await theirs.waitForURL(/\/account\/password$/);
  const own = await changeAdminChosenPassword(theirs, temporary);
  await login(theirs, { email: owner.email, password: own });
  await theirs.waitForURL(/\/dashboard$/);
});
