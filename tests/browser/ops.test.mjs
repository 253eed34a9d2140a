// The data change SOP through the pages: an applicant and an operator, each
// in a browser context of their own, carry out registration, a data change
// without a certificate (-> completed) and one with a certificate
// (-> revocation_required -> the applicant revokes -> completed), with a
// refused upload and a refused empty rejection reason on the way.
//
// The tests of this file run in order and share the two contexts; they use
// accounts of their own (scripts/browser-tests.sh: LOGINS.ops_applicant,
// LOGINS.ops_operator, agency DINKES), so the other files never see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import {
  BASE, LOGINS, launch, newContext, newPage, checkA11y, screenshot, login, totp, assertOnlyLanguage,
} from './lib/harness.mjs';

// The smallest PDF the content check accepts: header and end-of-file marker.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n' +
  'trailer<</Root 1 0 R>>\n%%EOF\n');
const NOT_PDF = Buffer.from('MZ\x90\x00 this is an executable pretending to be a PDF\n');

const IDENTITY = {
  full_name: 'Rina Wulandari, S.E.',
  nik: '3375016203920002',    // woman born 22-03-1992 (day + 40)
  nip: '199203222017012003',
  email: 'rina.wulandari@pekalongankota.go.id',
  phone: '081298765432',
  unit: 'Bidang Pelayanan Kesehatan',
  position: 'Analis Kebijakan Ahli Pertama',
};

let browser;
let applicant;  // page of the applicant's context
let operator;   // page of the operator's context
let requestId;  // the request the current test works on

before(async () => {
  browser = await launch();
});
after(async () => { await browser.close(); });

async function pageFor(t, options) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  page.problems = problems;
  return page;
}

// Every page of this suite: no CSP violation, one language, accessible, and
// a screenshot at 1280 and 360 px.
async function review(page, name, lang = 'id') {
  assert.deepEqual(page.problems, [], `${name}: no CSP violation or script error`);
  await assertOnlyLanguage(page, lang);
  await checkA11y(page, name);
  await screenshot(page, name);
}

async function upload(page, name, buffer, purpose = 'form') {
  await page.locator('#u-purpose').selectOption(purpose);
  await page.locator('#u-file').setInputFiles({ name, mimeType: 'application/pdf', buffer });
  await page.locator('#upload-form button[type=submit]').click();
  await page.waitForLoadState();
}

async function stateOf(page) {
  return (await page.locator('#request-state').innerText()).trim();
}

// The operator opens the request from the queue (filtered by kind).
async function openFromQueue(kind) {
  await operator.goto(`${BASE}/queue?kind=${kind}`);
  const row = operator.locator(`#queue-table tr[data-request="${requestId}"]`);
  assert.equal(await row.count(), 1, `request ${requestId} is in the ${kind} queue`);
  await row.getByRole('link', { name: new RegExp(`#${requestId}$`) }).click();
  await operator.waitForURL(new RegExp(`/requests/${requestId}$`));
}

test('applicant registers: a fake PDF is refused and changes nothing, then the request is submitted', async (t) => {
  applicant = await pageFor(t);
  await login(applicant, LOGINS.ops_applicant);
  await applicant.waitForURL(/\/dashboard$/);
  await applicant.getByRole('link', { name: 'Pendaftaran data identitas' }).click();
  await applicant.waitForURL(/\/requests\/new\/registration$/);
  assert.equal(await applicant.locator('h1').innerText(), 'Permohonan pendaftaran');
  assert.equal(await applicant.locator('#form-pdf').getAttribute('href'), '/api/v1/forms/registration.pdf');
  await review(applicant, 'request-registration');

  // A file named .pdf whose content is not a PDF: refused, nothing stored.
  await upload(applicant, 'formulir.pdf', NOT_PDF);
  assert.match(await applicant.getByRole('alert').innerText(), /bukan PDF, JPEG atau PNG[\s\S]*mengganti nama berkas saja tidak cukup/);
  assert.equal(await applicant.locator('#u-file').getAttribute('aria-invalid'), 'true');
  assert.equal(await applicant.locator('input[name=doc]').count(), 0, 'no document was stored');
  await review(applicant, 'request-upload-refused');

  // Submitting without documents is refused with the next step.
  await applicant.locator('#request-form button[type=submit]').click();
  assert.match(await applicant.getByRole('alert').innerText(), /Dokumen wajib belum dilampirkan/);

  await upload(applicant, 'formulir-pendaftaran.pdf', PDF);
  assert.match(await applicant.getByRole('status').first().innerText(), /Dokumen tersimpan/);
  assert.equal(await applicant.locator('input[name=doc]:checked').count(), 1, 'the upload is ticked');
  await upload(applicant, 'ktp.pdf', PDF, 'ktp');
  assert.equal(await applicant.locator('input[name=doc]:checked').count(), 2, 'both uploads are ticked');
  // The SOP's kelengkapan: without the SK the registration is refused, with what to bring.
  for (const [name, value] of Object.entries(IDENTITY)) await applicant.locator(`#f-${name}`).fill(value);
  await applicant.locator('#f-agency_id').selectOption({ label: 'Dinas Kesehatan (DINKES)' });
  await applicant.locator('#request-form button[type=submit]').click();
  assert.match(await applicant.getByRole('alert').innerText(), /KTP, SK pengangkatan dan formulir/);
  assert.equal(await applicant.locator('#f-nik').inputValue(), IDENTITY.nik, 'what was typed is kept');
  await upload(applicant, 'sk-pengangkatan.pdf', PDF, 'sk');
  assert.equal(await applicant.locator('input[name=doc]:checked').count(), 3, 'all three are ticked');

  for (const [name, value] of Object.entries(IDENTITY)) await applicant.locator(`#f-${name}`).fill(value);
  await applicant.locator('#f-agency_id').selectOption({ label: 'Dinas Kesehatan (DINKES)' });
  await applicant.locator('#request-form button[type=submit]').click();
  await applicant.waitForURL(/\/requests\/\d+\?notice=submitted$/);
  requestId = applicant.url().match(/\/requests\/(\d+)/)[1];
  assert.equal(await stateOf(applicant), 'Diajukan');
  assert.equal(await applicant.locator('figure.document').count(), 3);
  await review(applicant, 'request-applicant');
});

test('operator: queue, verification page, an empty rejection reason is refused, then approval', async (t) => {
  operator = await pageFor(t);
  await login(operator, LOGINS.ops_operator);
  await operator.waitForURL(/\/enrol-totp$/);
  const secret = await operator.locator('input[name=secret]').inputValue();
  await operator.locator('#code').fill(totp(secret));
  await operator.locator('form.form button[type=submit]').click();
  await operator.getByRole('link', { name: 'Lanjut ke beranda' }).click();
  await operator.waitForURL(/\/dashboard$/);

  await operator.getByRole('link', { name: 'Antrean', exact: true }).click();
  await operator.waitForURL(/\/queue$/);
  assert.match(await operator.locator('#queue-summary').innerText(), /\d+ permohonan, \d+ terlambat\./);
  await review(operator, 'queue');
  await operator.goto(`${BASE}/queue?kind=data_change`);
  assert.equal(await operator.locator(`tr[data-request="${requestId}"]`).count(), 0, 'the kind filter applies');
  await openFromQueue('registration');
  const proposed = await operator.locator('#comparison').innerText();
  assert.ok(proposed.includes(IDENTITY.nik) && proposed.includes('Dinas Kesehatan (DINKES)'), proposed);
  const frames = operator.locator('figure.document iframe.doc-view');
  assert.equal(await frames.count(), 3, 'each PDF is shown inline');
  const src = await frames.first().getAttribute('src');
  const pdf = await operator.request.get(`${BASE}${src}`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await review(operator, 'verify-registration');

  await operator.locator('#claim-form button').click();
  await operator.waitForURL(/notice=claimed$/);
  await operator.locator('#reason').fill('   ');
  await operator.locator('#reject-form button').click();
  assert.match(await operator.getByRole('alert').innerText(), /Alasan wajib diisi\.[\s\S]*akan dibaca pemohon/);
  assert.equal(await operator.locator('#reason').getAttribute('aria-invalid'), 'true');
  assert.equal(await stateOf(operator), 'Diajukan', 'the refused rejection changed nothing');

  await operator.locator('#approve-form button').click();
  await operator.waitForURL(/notice=approved$/);
  assert.equal(await stateOf(operator), 'Selesai');
  await applicant.goto(`${BASE}/dashboard`);
  assert.match(await applicant.locator('#identity').innerText(), /terverifikasi[\s\S]*Rina Wulandari, S\.E\./);
});

test('data change without a certificate: submitted, rejected once with a reason, resubmitted, completed', async (t) => {
  await applicant.getByRole('link', { name: 'Perubahan data identitas' }).click();
  await applicant.waitForURL(/\/requests\/new\/data_change$/);
  assert.equal(await applicant.locator('#f-nik').inputValue(), IDENTITY.nik, 'the form starts from the current data');
  await upload(applicant, 'formulir-perubahan.pdf', PDF);
  await applicant.locator('#f-position').fill('Analis Kebijakan Ahli Muda');
  await applicant.locator('#request-form button[type=submit]').click();
  await applicant.waitForURL(/\/requests\/\d+\?notice=submitted$/);
  requestId = applicant.url().match(/\/requests\/(\d+)/)[1];

  await openFromQueue('data_change');
  const changed = operator.locator('#comparison tr.changed');
  assert.equal(await changed.count(), 1, 'only the position changed');
  assert.match(await changed.innerText(), /Jabatan[\s\S]*Analis Kebijakan Ahli Pertama[\s\S]*Analis Kebijakan Ahli Muda[\s\S]*berubah/);
  await operator.locator('#reason').fill('SK jabatan belum dilampirkan.');
  await operator.locator('#reject-form button').click();
  await operator.waitForURL(/notice=rejected$/);
  assert.equal(await stateOf(operator), 'Ditolak');

  await applicant.goto(`${BASE}/requests/${requestId}`);
  assert.equal(await applicant.locator('#reject-reason').innerText(), 'SK jabatan belum dilampirkan.');
  await applicant.goto(`${BASE}/requests/new/data_change`);
  await upload(applicant, 'formulir-perubahan-ulang.pdf', PDF);
  await upload(applicant, 'sk-jabatan.pdf', PDF, 'sk');
  await applicant.locator('#f-position').fill('Analis Kebijakan Ahli Muda');
  await applicant.locator('#request-form button[type=submit]').click();
  await applicant.waitForURL(/\/requests\/\d+\?notice=submitted$/);
  const previous = requestId;
  requestId = applicant.url().match(/\/requests\/(\d+)/)[1];
  assert.match(await applicant.locator('main').innerText(), new RegExp(`#${previous}`), 'linked to the rejected one');

  await openFromQueue('data_change');
  await operator.locator('#approve-form button').click();
  await operator.waitForURL(/notice=approved$/);
  assert.equal(await stateOf(operator), 'Selesai');
  assert.match(await operator.locator('#ownership').innerText(), /tidak memiliki sertifikat yang berlaku/);

  await applicant.goto(`${BASE}/dashboard`);
  assert.match(await applicant.locator(`#requests li[data-request="${requestId}"]`).innerText(), /Selesai/);
  assert.match(await applicant.locator('#unread-count').innerText(), /^[1-9]\d* notifikasi belum dibaca$/);
  await review(applicant, 'dashboard-applicant-requests');
  await applicant.getByRole('button', { name: 'Tandai semua sudah dibaca' }).click();
  await applicant.waitForURL(/\/dashboard/);
  assert.equal(await applicant.locator('#unread-count').innerText(), '0 notifikasi belum dibaca');
});

test('data change with a certificate: issuance blocked meanwhile, revocation_required, revoke, completed', async (t) => {
  // A key generated by AMS, handed over once as PKCS#12.
  await applicant.goto(`${BASE}/dashboard`);
  await applicant.getByRole('link', { name: 'Penerbitan sertifikat elektronik' }).click();
  await applicant.waitForURL(/\/certificates\/new$/);
  await review(applicant, 'certificate-new');
  await applicant.locator('#m-generate').check();
  await applicant.locator('#passphrase').fill('kata sandi berkas p12');
  await applicant.locator('#passphrase_confirm').fill('kata sandi lain');
  await applicant.locator('#issue-form button[type=submit]').click();
  assert.match(await applicant.getByRole('alert').innerText(), /Kedua kata sandi tidak sama/);
  assert.equal(await applicant.locator('#passphrase').inputValue(), '', 'the passphrase is not sent back');
  await applicant.locator('#m-generate').check();
  await applicant.locator('#passphrase').fill('kata sandi berkas p12');
  await applicant.locator('#passphrase_confirm').fill('kata sandi berkas p12');
  const [download] = await Promise.all([
    applicant.waitForEvent('download'),
    applicant.locator('#issue-form button[type=submit]').click(),
  ]);
  assert.match(download.suggestedFilename(), /^ams-[0-9A-F]+\.p12$/i);
  const p12 = fs.readFileSync(await download.path());
  assert.equal(p12[0], 0x30, 'a DER PKCS#12');
  await applicant.goto(`${BASE}/dashboard`);
  const certRow = applicant.locator('#cert-table tbody tr');
  assert.equal(await certRow.count(), 1);
  assert.match(await certRow.innerText(), /Berlaku/);
  const serial = await certRow.getAttribute('data-serial');
  const chain = await applicant.request.get(`${BASE}/certificates/${serial}/chain.pem`);
  assert.equal((await chain.text()).match(/BEGIN CERTIFICATE/g).length, 3, 'leaf, issuing CA, root');

  // Renewal from a CSR made with openssl: refused with a reason and a next
  // step while the certificate is new, and nothing changes.
  const csr = execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', '/dev/null', '-subj', '/CN=Rina Wulandari'], { encoding: 'utf8' });
  await applicant.goto(`${BASE}/certificates/${serial}/renew`);
  await review(applicant, 'certificate-renew');
  await applicant.locator('#csr').fill(csr);
  await applicant.locator('#renew-form button[type=submit]').click();
  const refusal = applicant.getByRole('alert');
  assert.ok((await refusal.locator('.message').innerText()).length > 0);
  assert.ok((await refusal.locator('.next-step').innerText()).length > 0, 'the refusal says what to do next');
  assert.match(await applicant.locator('#csr').inputValue(), /BEGIN CERTIFICATE REQUEST/, 'the CSR is kept');
  await applicant.goto(`${BASE}/dashboard`);
  assert.equal(await certRow.count(), 1, 'no certificate was added');
  assert.match(await certRow.innerText(), /Berlaku/);

  await applicant.goto(`${BASE}/requests/new/data_change`);
  await upload(applicant, 'formulir-perubahan-2.pdf', PDF);
  await applicant.locator('#f-unit').fill('Bidang Sumber Daya Kesehatan');
  await applicant.locator('#request-form button[type=submit]').click();
  await applicant.waitForURL(/\/requests\/\d+\?notice=submitted$/);
  requestId = applicant.url().match(/\/requests\/(\d+)/)[1];

  // The SOP's warning: no new certificate while the data change is open.
  await applicant.goto(`${BASE}/certificates/new`);
  await applicant.locator('#m-generate').check();
  await applicant.locator('#passphrase').fill('kata sandi berkas p12');
  await applicant.locator('#passphrase_confirm').fill('kata sandi berkas p12');
  await applicant.locator('#issue-form button[type=submit]').click();
  assert.match(await applicant.getByRole('alert').innerText(),
    /tidak dapat diterbitkan selama permohonan perubahan data[\s\S]*Selesaikan permohonan perubahan data dulu/);
  await review(applicant, 'certificate-new-blocked');

  await openFromQueue('data_change');
  await operator.locator('#approve-form button').click();
  await operator.waitForURL(/notice=approved$/);
  assert.equal(await stateOf(operator), 'Menunggu pencabutan sertifikat');
  assert.match(await operator.locator('#ownership').innerText(), new RegExp(`1 sertifikat[\\s\\S]*${serial}`));

  await applicant.goto(`${BASE}/requests/${requestId}`);
  assert.match(await applicant.locator('#revoke-needed').innerText(), /harus dicabut/);
  await applicant.locator('#revoke-needed a').click();
  await applicant.waitForURL(new RegExp(`/certificates/${serial}/revoke`));
  assert.equal(await applicant.locator('#reason').inputValue(), 'affiliationChanged', 'the reason is prefilled');
  assert.match(await applicant.locator('#revoke-context').innerText(), new RegExp(`#${requestId}`));
  await review(applicant, 'certificate-revoke');
  await applicant.locator('#revoke-form button[type=submit]').click();
  await applicant.waitForURL(new RegExp(`/requests/${requestId}\\?notice=revoked$`));
  assert.equal(await stateOf(applicant), 'Selesai');

  await applicant.goto(`${BASE}/dashboard`);
  assert.match(await certRow.innerText(), /Dicabut[\s\S]*Data identitas berubah/);
  assert.match(await applicant.locator('#identity').innerText(), /Bidang Sumber Daya Kesehatan/);
});

test('the pages in English, and the applicant search', async (t) => {
  await operator.goto(`${BASE}/lang?to=en&back=/queue?state=completed`);
  await operator.waitForURL(/\/queue\?state=completed$/);
  assert.equal(await operator.locator('h1').innerText(), 'Verification queue');
  await assertOnlyLanguage(operator, 'en');
  await operator.goto(`${BASE}/requests/${requestId}`);
  assert.equal(await stateOf(operator), 'Completed');
  await review(operator, 'verify-completed-en', 'en');
  // The applicant's name leads to their record, as from the search below.
  assert.match(await operator.locator('#applicant-link').getAttribute('href'), /^\/applicants\/\d+$/);

  await operator.goto(`${BASE}/applicants?q=ab`);
  assert.match(await operator.getByRole('alert').innerText(), /too short/);
  await operator.goto(`${BASE}/applicants?q=${IDENTITY.nip.slice(0, 8)}`);
  assert.match(await operator.locator('#applicant-table').innerText(), /Rina Wulandari/);
  await review(operator, 'applicant-search-en', 'en');
  // The result leads to the applicant's record: every identity version, the
  // requests with their states, the documents and the certificates.
  await operator.locator('#applicant-table').getByRole('link', { name: /Rina Wulandari/ }).click();
  await operator.waitForURL(/\/applicants\/\d+$/);
  const recordUrl = operator.url();
  assert.match(await operator.locator('h1').innerText(), /^Applicant: Rina Wulandari/);
  const identity = await operator.locator('#record-identity').innerText();
  assert.match(identity, /Version 3, since .* WIB\s+in force/, 'the newest version first, marked in force');
  assert.match(identity, /Version 1, since/);
  assert.match(identity, /Bidang Sumber Daya Kesehatan[\s\S]*Bidang Pelayanan Kesehatan/, 'current, then older values');
  const requests = await operator.locator('#record-requests').innerText();
  assert.match(requests, new RegExp(`#${requestId} · Completed`));
  assert.match(requests, /Rejected/, 'the rejected data change stays on record');
  assert.ok(await operator.locator('#record-documents li').count() >= 2, 'the uploaded documents are listed');
  assert.match(await operator.locator('#record-certificates').innerText(), /Revoked/);
  await review(operator, 'applicant-record-en', 'en');
  await operator.getByRole('link', { name: 'Back to the applicant search' }).click();
  await operator.waitForURL(/\/applicants$/);

  await operator.goto(`${BASE}/applicants?q=Siti`);
  assert.match(await operator.locator('#search-status').innerText(), /^0 applicants found\.$/,
    'the demo applicant is of another agency');
  // ... and their record is not found for this operator, even by its address.
  const demoId = execFileSync(process.env.AMS_BIN, ['user', 'list', '--data', process.env.AMS_DATA], { encoding: 'utf8' })
    .split('\n').find((line) => line.includes(LOGINS.applicant.email)).trim().split(/\s+/)[0];
  assert.match(demoId, /^\d+$/);
  const refused = await operator.goto(`${BASE}/applicants/${demoId}`);
  assert.equal(refused.status(), 404);
  assert.notEqual(recordUrl, operator.url());

  await applicant.goto(`${BASE}/lang?to=en&back=/dashboard`);
  await review(applicant, 'dashboard-applicant-en', 'en');
  await applicant.context().close();
  await operator.context().close();
});
