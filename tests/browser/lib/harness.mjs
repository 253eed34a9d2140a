// Shared by the browser tests: the running server (started by
// scripts/browser-tests.sh), a headless Debian chromium, axe-core, TOTP and
// screenshots.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadCatalogue } from './catalogue.mjs';

const require = createRequire(import.meta.url);

export const BASE = process.env.AMS_URL;
export const DATA = process.env.AMS_DATA;
export const SHOTS = process.env.AMS_SCREENSHOTS || path.resolve('screenshots');
if (!BASE || !DATA) throw new Error('run through scripts/browser-tests.sh (AMS_URL, AMS_DATA unset)');

// `ams demo` prints "  <role>\t<email>\t<password>" per account.
export const LOGINS = Object.fromEntries(
  (process.env.AMS_DEMO_LOGINS || '').split('\n')
    .map((line) => line.trim().split('\t'))
    .filter((parts) => parts.length === 3)
    .map(([role, email, password]) => [role, { email, password }]));

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// One browser per test file. Playwright gives chromium a fresh temporary
// profile (user-data-dir) of its own and removes it on close.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

// A fresh context (its own cookies), as a new visitor would have.
export async function newContext(browser, options = {}) {
  return browser.newContext({
    viewport: { width: 1280, height: 800 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta', ...options,
  });
}

// A page that fails the test on any CSP violation or page error: the pages
// must work under `script-src 'self'; style-src 'self'`.
export async function newPage(context, t) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  t.after(() => assert.deepEqual(problems, [], 'no CSP violation or script error'));
  return page;
}

// axe-core on the current page: no serious or critical violation. Injected
// through the DevTools protocol (page.evaluate), which the page's CSP does
// not govern, so the check needs no relaxed policy.
export async function checkA11y(page, name) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(report, [], `accessibility of ${name}`);
}

// Full-page screenshots at 1280 px and 360 px wide, for review.
export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  // At 360 px nothing may need sideways scrolling (a table scrolls in its own box).
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `${name} fits 360 px (scrollWidth ${overflow})`);
  await page.setViewportSize(before);
}

export async function login(page, who, { totp } = {}) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel(/Alamat e-mail|E-mail address/).fill(who.email);
  await page.locator('#password').fill(who.password);
  if (totp) await page.locator('#totp').fill(totp);
  await page.locator('form.form button[type=submit]').click();
}

// RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30 s steps (RFC 4226 §5.3 truncation).
export function totp(base32Secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

// The newest .eml under <data>/outbox addressed to `email`, or null after `ms`.
export async function waitForMail(email, ms = 10_000) {
  const dir = path.join(DATA, 'outbox');
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (fs.existsSync(dir)) {
      for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        if (text.toLowerCase().includes(email.toLowerCase())) return decodeQuotedPrintable(text);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

// The mail body is quoted-printable (RFC 2045 §6.7): soft line breaks and =XX.
function decodeQuotedPrintable(text) {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

// Fails when the page shows a text that exists only in the other language of
// the catalogue: no page may mix Bahasa Indonesia and English.
const CATALOGUE = { id: loadCatalogue('id'), en: loadCatalogue('en') };
export { CATALOGUE };

export async function assertOnlyLanguage(page, lang) {
  const other = lang === 'id' ? 'en' : 'id';
  const mine = Object.values(CATALOGUE[lang]);
  // Texts of the other language long enough to be distinctive and not part
  // of any text of this language ("Admin" is inside "Administrator").
  const foreign = Object.entries(CATALOGUE[other])
    .filter(([key, text]) => !key.startsWith('lang_other') && text.length >= 8 &&
      CATALOGUE[lang][key] !== text && !mine.some((m) => m.includes(text)))
    .map(([, text]) => text.replace(/\{[a-z_]+\}.*$/, '').trim())
    .filter((text) => text.length >= 8);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
  // The language switch names the other language in that language, marked
  // lang=; code elements hold data (audit actions and details), not texts.
  const body = await page.evaluate(() => {
    const clone = document.body.cloneNode(true);
    clone.querySelectorAll('.lang-switch, code').forEach((e) => e.remove());
    return clone.innerText;
  });
  const found = foreign.filter((text) => body.includes(text));
  assert.deepEqual(found, [], `a ${lang} page shows ${other} text`);
}
