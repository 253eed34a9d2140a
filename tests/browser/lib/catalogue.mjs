import fs from 'node:fs';

// Each language is id.json / en.json plus one <area>.<lang>.json per page area.
export function loadCatalogue(lang) {
  const dir = new URL('../../../src/web/i18n/', import.meta.url);
  const all = {};
  for (const name of fs.readdirSync(dir).sort()) {
    if (name !== `${lang}.json` && !name.endsWith(`.${lang}.json`)) continue;
    for (const [key, text] of Object.entries(JSON.parse(fs.readFileSync(new URL(name, dir), 'utf8')))) {
      if (key in all) throw new Error(`${lang}: ${key} defined twice (${name})`);
      all[key] = text;
    }
  }
  return all;
}
