// Operators, admins and auditors in the browser: the TOTP enrolment at first
// login, recovery codes, the role dashboards and the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, LOGINS, launch, newContext, newPage, checkA11y, screenshot, login, totp, assertOnlyLanguage,
} from './lib/harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function visitor(t, options) {
  const context = await newContext(browser, options);
  t.after(() => context.close());
  return newPage(context, t);
}

test('operator: the first login enrols TOTP, shows the recovery codes once, then the dashboard', async (t) => {
  const page = await visitor(t);
  await login(page, LOGINS.operator);
  await page.waitForURL(/\/enrol-totp$/);
  assert.equal(await page.locator('h1').innerText(), 'Daftarkan autentikator');
  await page.goto(`${BASE}/dashboard`);
  assert.match(page.url(), /\/enrol-totp$/, 'nothing else opens before the second factor');
  const secret = await page.locator('input[name=secret]').inputValue();
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  assert.equal((await page.locator('#totp-secret').innerText()).replace(/\s/g, ''), secret);
  assert.match(await page.locator('#totp-uri').innerText(), /^otpauth:\/\/totp\/AMS:.*secret=[A-Z2-7]+/);
  await checkA11y(page, 'TOTP enrolment');
  await screenshot(page, 'enrol-totp');

  const right = totp(secret);
  const wrong = String((Number(right) + 500000) % 1000000).padStart(6, '0');
  await page.locator('#code').fill(wrong);
  await page.locator('form.form button[type=submit]').click();
  assert.match(await page.getByRole('alert').innerText(), /Kode autentikator salah\./);
  assert.equal(await page.locator('input[name=secret]').inputValue(), secret, 'the same secret is shown again');

  await page.locator('#code').fill(totp(secret));
  await page.locator('form.form button[type=submit]').click();
  assert.equal(await page.locator('h1').innerText(), 'Kode pemulihan');
  const codes = await page.locator('#recovery-codes code').allInnerTexts();
  assert.equal(codes.length, 10);
  await checkA11y(page, 'recovery codes');
  await screenshot(page, 'recovery-codes');

  await page.getByRole('link', { name: 'Lanjut ke beranda' }).click();
  await page.waitForURL(/\/dashboard$/);
  assert.match(await page.locator('#queue').innerText(), /Antrean permohonan/);
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'operator dashboard');
  await screenshot(page, 'dashboard-operator');
  await page.getByRole('button', { name: 'Keluar' }).click();

  // From now on the password alone is not enough; a recovery code works once.
  await login(page, LOGINS.operator);
  assert.match(await page.getByRole('alert').innerText(), /memerlukan kode autentikator/);
  assert.equal(await page.locator('#totp').getAttribute('aria-invalid'), 'true');
  await login(page, LOGINS.operator, { totp: codes[0] });
  await page.waitForURL(/\/dashboard$/);
});

test('auditor: the audit log shows the login events and an intact chain, with filters', async (t) => {
  const page = await visitor(t);
  await login(page, { email: LOGINS.auditor.email, password: 'bukan-kata-sandinya' });
  assert.match(await page.getByRole('alert').innerText(), /salah/);
  await login(page, LOGINS.auditor);
  await page.waitForURL(/\/dashboard$/);
  await checkA11y(page, 'auditor dashboard');
  await screenshot(page, 'dashboard-auditor');

  await page.getByRole('link', { name: 'Buka log audit' }).click();
  await page.waitForURL(/\/audit$/);
  assert.match(await page.locator('#chain-status').innerText(), /Rantai hash utuh: \d+ catatan diperiksa\./);
  const actions = await page.locator('#audit-records tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(actions.includes('auth.login'), `a login is listed: ${actions}`);
  assert.ok(actions.includes('auth.login_failed'), `a failed login is listed: ${actions}`);
  await assertOnlyLanguage(page, 'id');
  await checkA11y(page, 'audit log');
  await screenshot(page, 'audit');

  await page.locator('#f-action').fill('auth.login_failed');
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await page.waitForURL(/\/audit\?action=auth\.login_failed&/);
  const filtered = await page.locator('#audit-records tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(filtered.length >= 1 && filtered.every((a) => a === 'auth.login_failed'), `${filtered}`);
  assert.ok((await page.locator('#audit-records').innerText()).includes(LOGINS.auditor.email));

  await page.goto(`${BASE}/audit?actor=abc`);
  assert.match(await page.getByRole('alert').innerText(), /Saringan tidak valid\./);

  // Paging: one record per page is too few to test; ask for records before the newest.
  await page.goto(`${BASE}/audit`);
  const newest = Number(await page.locator('#audit-records tbody tr td:first-child').first().innerText());
  await page.goto(`${BASE}/audit?before=${newest}`);
  const first = Number(await page.locator('#audit-records tbody tr td:first-child').first().innerText());
  assert.equal(first, newest - 1, 'before=seq pages backwards');
  assert.ok(await page.getByRole('link', { name: 'Terbaru' }).count() === 1);
});

test('admin: enrols TOTP at first login, then sees the admin landing and the audit log', async (t) => {
  const page = await visitor(t);
  await login(page, LOGINS.admin);
  await page.waitForURL(/\/enrol-totp$/);
  const secret = await page.locator('input[name=secret]').inputValue();
  await page.locator('#code').fill(totp(secret));
  await page.locator('form.form button[type=submit]').click();
  assert.equal(await page.locator('h1').innerText(), 'Kode pemulihan');
  await page.goto(`${BASE}/dashboard`);
  assert.equal(await page.locator('h1').innerText(), 'Beranda');
  assert.match(await page.locator('main').innerText(), /Sebagai admin/);
  await checkA11y(page, 'admin dashboard');
  await screenshot(page, 'dashboard-admin');
  await page.getByRole('link', { name: 'Log audit', exact: true }).click();
  await page.waitForURL(/\/audit$/);
  assert.match(await page.locator('#chain-status').innerText(), /Rantai hash utuh/);
  assert.ok((await page.locator('#audit-records').innerText()).includes('auth.totp_enrolled'));
});

test('an applicant cannot open the audit log', async (t) => {
  const page = await visitor(t);
  await login(page, LOGINS.applicant);
  await page.waitForURL(/\/dashboard$/);
  assert.equal(await page.getByRole('link', { name: 'Log audit' }).count(), 0, 'not in the navigation');
  const response = await page.goto(`${BASE}/audit`);
  assert.equal(response.status(), 403);
  assert.match(await page.getByRole('alert').innerText(), /tidak berwenang/);
  await checkA11y(page, 'error page');
});
