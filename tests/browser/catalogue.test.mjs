// The translation catalogue: both languages have the same keys and the same
// placeholders, so that no page mixes languages or shows a raw "{name}".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalogue as load } from './lib/catalogue.mjs';

test('Bahasa Indonesia and English have the same keys and placeholders', () => {
  const id = load('id');
  const en = load('en');
  assert.deepEqual(Object.keys(en).sort(), Object.keys(id).sort());
  const holes = (text) => (text.match(/\{[a-z_]+\}/g) || []).sort();
  for (const key of Object.keys(id)) {
    assert.deepEqual(holes(en[key]), holes(id[key]), key);
    assert.ok(id[key].trim() && en[key].trim(), `${key} is not empty`);
  }
});

test('every refusal has a message and a next step', () => {
  const id = load('id');
  for (const key of Object.keys(id).filter((k) => k.startsWith('err_') && !k.endsWith('_hint'))) {
    assert.ok(id[`${key}_hint`], `${key}_hint`);
  }
});
