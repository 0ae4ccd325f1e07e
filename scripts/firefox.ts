/**
 * Debian's Firefox ESR with the built extension, for the real-Firefox tests: headless, driven by
 * puppeteer-core over WebDriver BiDi, kept off the network (the pages it opens are served by
 * request interception; anything else meets a proxy that is not there), except for servers on
 * 127.0.0.1 and localhost such as a test's team sync server.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'];

/** The extension's id in its Firefox manifest (browser_specific_settings.gecko.id). */
export const GECKO_ID = 'tanggap@tanggap.app';
/**
 * The extension's moz-extension:// host. Firefox gives each install a random one unless the
 * profile names it in advance (`extensions.webextensions.uuids`), as this launcher does.
 */
export const EXTENSION_UUID = '5a3c1e42-7d0b-4f6e-9c21-7a9b0d3e6f18';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** The Firefox executable; throws with the install command when missing. */
export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  for (const p of fromEnv ? [fromEnv, ...CANDIDATES] : CANDIDATES) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error(
    `Firefox not found (looked in ${CANDIDATES.join(', ')}). ` +
      'Install it with: apt-get install -y firefox-esr',
  );
}

/** A local port nothing listens on: the proxy every non-local request is sent to. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface FirefoxWithExtension {
  browser: Browser;
  /** `moz-extension://<uuid>`, for the extension's own pages. */
  origin: string;
}

/**
 * Launches headless Firefox and installs the unpacked build in `extensionDir` (a temporary
 * add-on, as `about:debugging` loads one). Optional permissions are granted without their
 * doorhanger (`extensions.webextOptionalPermissionPrompts`): the request is still made, from a
 * user's click, and still needs the origin in the manifest.
 */
export async function launchFirefox({
  extensionDir,
  prefs = {},
}: {
  extensionDir: string;
  prefs?: Record<string, unknown>;
}): Promise<FirefoxWithExtension> {
  const abs = path.resolve(extensionDir);
  if (!fs.existsSync(path.join(abs, 'manifest.json'))) {
    throw new Error(`No built extension in ${abs} (run \`npx wxt build -b firefox\` first)`);
  }
  const port = await closedPort();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: findFirefox(),
    headless: true,
    // Starting takes seconds, and far longer while other browsers start on the same cores.
    timeout: 60_000,
    // Without it Firefox refuses to let automation open moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    defaultViewport: { width: 1280, height: 900 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'extensions.webextOptionalPermissionPrompts': false,
      // Offline: every name resolves here, and whatever is not intercepted goes to a proxy
      // that refuses it; local servers are reached directly.
      'network.dns.forceResolve': '127.0.0.1',
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.no_proxies_on': '127.0.0.1, localhost',
      'network.proxy.allow_hijacking_localhost': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'app.update.enabled': false,
      'intl.locale.requested': 'en-US',
      ...prefs,
    },
  });
  try {
    const id = await browser.installExtension(abs);
    if (id !== GECKO_ID) throw new Error(`Installed ${id}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { browser, origin: EXTENSION_ORIGIN };
}
