/**
 * `npm run fixtures:import -- <saved-page.html> [name]`: makes a fixture of the project's own
 * from a page saved from X (see import-page.ts) and writes it to tests/fixtures/x/<name>.html.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importSavedPage } from './import-page';

const FIXTURE_DIR = path.resolve(import.meta.dirname, '../../tests/fixtures/x');

const [input, name] = process.argv.slice(2);
if (!input) {
  console.error('Usage: npm run fixtures:import -- <saved-page.html> [name]');
  process.exit(2);
}
const base = (name ?? path.basename(input)).replace(/\.html?$/i, '');
if (!/^[\w.-]+$/.test(base)) {
  console.error(`A fixture name is letters, digits, '.', '_' and '-': ${base}`);
  process.exit(2);
}
const out = path.join(FIXTURE_DIR, `${base}.html`);
const { html, replaced } = importSavedPage(fs.readFileSync(input, 'utf8'), path.basename(input));
fs.mkdirSync(FIXTURE_DIR, { recursive: true });
fs.writeFileSync(out, html);
console.log(
  `${path.relative(process.cwd(), out)}: ${replaced.handles} handles, ${replaced.names} names, ` +
    `${replaced.ids} ids, ${replaced.texts} texts and ${replaced.media} images replaced`,
);
