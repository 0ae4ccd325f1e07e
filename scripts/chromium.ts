/**
 * One place for launching Debian's Chromium with the built extension (demo, tests, bench).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable; throws with the install command when missing. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  for (const p of fromEnv ? [fromEnv, ...CANDIDATES] : CANDIDATES) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error(
    'Chromium not found (looked in ' +
      CANDIDATES.join(', ') +
      '). Install it with: apt-get install -y chromium',
  );
}

export interface LaunchOptions {
  extensionDir?: string;
  headless?: boolean;
  userDataDir?: string;
  viewport?: { width: number; height: number };
  /** More command-line switches, e.g. `--lang=id`. */
  args?: string[];
}

/** Without `extensionDir`, a plain browser (to look at the replica alone). */
export async function launchWithExtension({
  extensionDir,
  headless = true,
  userDataDir,
  viewport,
  args: extraArgs = [],
}: LaunchOptions = {}): Promise<BrowserContext> {
  const dir = userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tanggap-chromium-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...extraArgs,
  ];
  if (extensionDir) {
    const abs = path.resolve(extensionDir);
    if (!fs.existsSync(path.join(abs, 'manifest.json'))) {
      throw new Error(`No built extension in ${abs} (run \`npx wxt build\` first)`);
    }
    args.unshift(`--disable-extensions-except=${abs}`, `--load-extension=${abs}`);
  }
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: findChromium(),
    headless,
    args,
    viewport: viewport ?? { width: 1280, height: 900 },
  });
  if (!userDataDir) {
    // Chromium may still be writing its profile as it exits: cleanup is best effort.
    context.on('close', () => {
      setTimeout(() => fs.rm(dir, { recursive: true, force: true, maxRetries: 5 }, () => {}), 500);
    });
  }
  return context;
}

/** The extension's id, from its service worker (waits for it to start). */
export async function extensionIdOf(context: BrowserContext, timeoutMs = 15_000): Promise<string> {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: timeoutMs });
  const id = new URL(worker.url()).host;
  if (!id) throw new Error(`Unexpected service worker URL: ${worker.url()}`);
  return id;
}
