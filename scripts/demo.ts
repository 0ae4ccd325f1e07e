/**
 * The demo: the built extension in Debian's Chromium, on an offline replica of X's mentions
 * page, with a third of the complaints already assigned so every state shows at first look.
 *
 *   npm run demo             (wxt build && tsx scripts/demo.ts)
 *   tsx scripts/demo.ts [--headless] [--theme light|dark]
 *   tsx scripts/demo.ts --team [--headless]   (two officers and a sync server: demo-team.ts)
 *
 * With a display and without --headless it opens a window and runs until the browser is
 * closed. Otherwise it writes screenshots to demo-output/ and exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionIdOf, findChromium, launchWithExtension } from './chromium';
import { demoAssignments } from './x-replica/complaints';
import { routeXReplica } from './x-replica/serve';

/** The extension page's own API, inside `evaluate`. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<Reply> } };
type Reply = { ok: true } | { ok: false; code: string; message: string };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = path.join(repoRoot, '.output', 'chrome-mv3');
const outDir = path.join(repoRoot, 'demo-output');
const MENTIONS = 'https://x.com/notifications/mentions';

const args = process.argv.slice(2);
const themeArg = args.includes('--theme') ? args[args.indexOf('--theme') + 1] : 'dark';
if (themeArg !== 'dark' && themeArg !== 'light')
  fail(`--theme must be light or dark, not "${themeArg}"`);
const theme = themeArg;
const headless = args.includes('--headless') || !process.env.DISPLAY;

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(1);
}

try {
  findChromium();
} catch (error) {
  fail((error as Error).message);
}
if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
  fail(`no built extension in ${extensionDir}: run \`npx wxt build\` first (or \`npm run demo\`)`);
}

if (args.includes('--team')) {
  // Loaded only for --team: it brings the sync server along.
  const { runTeamDemo } = await import('./demo-team.ts');
  await runTeamDemo({ extensionDir, outDir, headless });
  process.exit(0);
}

const nowMs = Date.now();
const context = await launchWithExtension({ extensionDir, headless });
try {
  const id = await extensionIdOf(context);
  const replica = await routeXReplica(context, { theme, nowMs });

  // Seed through the extension's own protocol, from an extension page, as the popup would.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  const assignments = demoAssignments(nowMs);
  let reply: Reply | undefined;
  // The background registers its handlers as it starts (onInstalled runs a little after the
  // worker appears): retry until it answers.
  for (let attempt = 0; attempt < 50; attempt++) {
    reply = await popup.evaluate(
      async (data) => {
        try {
          return await chrome.runtime.sendMessage({
            tanggap: 'request',
            name: 'importAssignments',
            data,
          });
        } catch (error) {
          return { ok: false, code: 'no-answer', message: String(error) };
        }
      },
      { assignments },
    );
    if (reply && (reply.ok || reply.code !== 'no-answer')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!reply?.ok) {
    fail(
      `seeding the demo assignments failed: ${reply ? `${reply.code}: ${reply.message}` : 'no answer from the background'}`,
    );
  }
  console.log(`demo: seeded ${assignments.length} assignments`);

  const page = await context.newPage();
  await page.goto(MENTIONS);
  await page.bringToFront();

  if (!headless) {
    console.log('demo: Chromium is open on the X replica; close the browser to stop.');
    await new Promise((resolve) => context.on('close', resolve));
    process.exit(0);
  }

  fs.mkdirSync(outDir, { recursive: true });
  const waitForAnnotations = async () => {
    try {
      await page.waitForSelector('[data-testid="tweet"] tanggap-annotation', { timeout: 15_000 });
      await page.waitForTimeout(500);
    } catch {
      fail(
        'no Tanggap annotation appeared on the X replica within 15 s: is the content script running?',
      );
    }
  };
  const shots: string[] = [];
  for (const t of theme === 'dark' ? ['dark', 'light'] : ['light', 'dark']) {
    replica.theme = t as 'dark' | 'light';
    if (page.url() !== MENTIONS || t !== theme) await page.goto(MENTIONS);
    await waitForAnnotations();
    const file = path.join(outDir, `mentions-${t}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  }
  const popupShot = await context.newPage();
  await popupShot.setViewportSize({ width: 380, height: 600 });
  await popupShot.goto(`chrome-extension://${id}/popup.html`);
  await popupShot.waitForTimeout(1000);
  const file = path.join(outDir, 'popup.png');
  await popupShot.screenshot({ path: file });
  shots.push(file);
  console.log(
    `demo: screenshots written:\n${shots.map((s) => `  ${path.relative(process.cwd(), s)}`).join('\n')}`,
  );
} finally {
  await context.close().catch(() => {});
}
