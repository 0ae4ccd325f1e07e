/**
 * `web-ext lint` (addons.mozilla.org's linter) on the Firefox build, as signing runs it: fails
 * on any error, and on any warning or notice our own code causes.
 *
 * The one finding let through is Preact's own `dangerouslySetInnerHTML` branch, bundled into
 * every page that renders with Preact (UNSAFE_VAR_ASSIGNMENT on `e.innerHTML=x.__html`): our
 * sources never use `dangerouslySetInnerHTML`, which this script checks too, so that branch
 * never runs with anything of ours.
 *
 * Not `--self-hosted`: the extension is signed through addons.mozilla.org (README,
 * installing), whose checks are the ones that count.
 */
import fs from 'node:fs';
import path from 'node:path';
import webExt, { type LintMessage } from 'web-ext';

const root = path.resolve(import.meta.dirname, '..');
const sourceDir = path.resolve(root, process.env.TANGGAP_OUT_DIR ?? '.output', 'firefox-mv2');
if (!fs.existsSync(path.join(sourceDir, 'manifest.json'))) {
  console.error(`No Firefox build in ${sourceDir}: run \`npm run build:firefox\` first`);
  process.exit(1);
}

const PREACT_INNER_HTML = /^[\w$]+\.innerHTML=[\w$]+\.__html\)/;

/** Whether a finding is Preact's own innerHTML branch (see above). */
function isPreactInnerHtml(message: LintMessage): boolean {
  if (message.code !== 'UNSAFE_VAR_ASSIGNMENT' || !message.file || !message.line) return false;
  const lines = fs.readFileSync(path.join(sourceDir, message.file), 'utf8').split('\n');
  const at = lines[message.line - 1]?.slice((message.column ?? 1) - 1) ?? '';
  return PREACT_INNER_HTML.test(at);
}

/** Our source files that hand Preact raw HTML (none may). */
function rawHtmlInSources(): string[] {
  const found: string[] = [];
  for (const dir of ['components', 'entrypoints', 'utils']) {
    for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true })) {
      const file = path.join(dir, String(entry));
      if (!/\.(tsx?|jsx?)$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
      if (fs.readFileSync(path.join(root, file), 'utf8').includes('dangerouslySetInnerHTML')) {
        found.push(file);
      }
    }
  }
  return found;
}

const result = await webExt.cmd.lint(
  { sourceDir, output: 'none', selfHosted: false, warningsAsErrors: false, boring: true },
  { shouldExitProgram: false },
);

const findings = [...result.errors, ...result.warnings, ...result.notices];
const ours = findings.filter((m) => !isPreactInnerHtml(m));
const rawHtml = rawHtmlInSources();
for (const m of ours) {
  const where = m.file ? `${m.file}${m.line ? `:${m.line}:${m.column ?? 0}` : ''}` : '';
  console.error(`${m._type} ${m.code} ${where}: ${m.message}\n  ${m.description ?? ''}`);
}
for (const file of rawHtml) {
  console.error(`${file} uses dangerouslySetInnerHTML: build the elements instead`);
}
const allowed = findings.length - ours.length;
console.log(
  `web-ext lint ${path.relative(root, sourceDir)}: ${result.summary.errors} errors, ` +
    `${result.summary.warnings} warnings, ${result.summary.notices} notices` +
    (allowed ? ` (${allowed} of them Preact's own innerHTML branch, unused by our code)` : ''),
);
if (ours.length > 0 || rawHtml.length > 0) process.exit(1);
