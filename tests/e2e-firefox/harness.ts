/**
 * Real Firefox (ESR, headless, WebDriver BiDi) with the built Firefox extension, on the offline
 * X replica: the Firefox counterpart of tests/e2e/harness.ts, driving the extension through the
 * same stable hooks.
 */
import path from 'node:path';
import type { Browser, ElementHandle, HTTPRequest, Page } from 'puppeteer-core';
import { EXTENSION_ORIGIN, launchFirefox } from '../../scripts/firefox';
import type { PostSpec } from '../../scripts/x-replica/post-template';
import { createReplica, X_HOSTS, type ReplicaState } from '../../scripts/x-replica/serve';
import type { BackgroundClient } from '../background-client';

/**
 * The extension pages' own API, inside `evaluate`: read as `(globalThis as Ext).browser`, since
 * the test build rewrites the bare name `browser` to WXT's fake one.
 */
type Ext = typeof globalThis & { browser: ExtensionApi };
interface ExtensionApi {
  runtime: {
    sendMessage(message: unknown): Promise<never>;
    getBackgroundPage(): Promise<Window>;
  };
  tabs: { query(filter: object): Promise<{ id?: number; url?: string; active?: boolean }[]> };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
}

export const EXTENSION_DIR = path.resolve(
  import.meta.dirname,
  '../..',
  process.env.TANGGAP_OUT_DIR ?? '.output',
  'firefox-mv2',
);
export const ANNOTATION = 'tanggap-annotation';

export interface FirefoxHarness extends BackgroundClient {
  browser: Browser;
  /** The replica's live options: change them, then reload the page to see them. */
  replica: ReplicaState;
  /** Errors seen on X pages: uncaught exceptions, and our console errors. */
  pageErrors: string[];
  /** An X page: the replica, or `html` (a saved page) at that address. */
  openX(pathname: string, options?: { html?: string }): Promise<Page>;
  /** `popup.html`, `options.html`… in a tab of its own. */
  openExtensionPage(file: string): Promise<Page>;
  /** Whether the extension holds these origins (granted at run time or in the manifest). */
  hasOrigins(origins: string[]): Promise<boolean>;
  /**
   * Clicks a context-menu item (`tanggap-assign:dlh`…) on the X tab at `page`'s address, as
   * Firefox's menu would: the background page's automation hook calls the menu's own handler.
   */
  menuClick(page: Page, menuItemId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens an extension page in `page`. Puppeteer's `goto` never sees a moz-extension:// page
 * finish loading (it waits for events Firefox does not send for the extension's process), so
 * this asks BiDi to navigate and to answer once the page is complete.
 */
async function navigateToExtensionPage(page: Page, url: string) {
  const frame = page.mainFrame() as unknown as {
    browsingContext?: { navigate(url: string, wait: 'complete'): Promise<unknown> };
  };
  if (!frame.browsingContext) throw new Error('Not a WebDriver BiDi page');
  await frame.browsingContext.navigate(url, 'complete');
}

export async function startFirefox(
  options: {
    theme?: 'dark' | 'light';
    nowMs?: number;
    posts?: PostSpec[];
    /** Requests let through besides X (e.g. a local team sync server). */
    allow?: (url: URL) => boolean;
  } = {},
): Promise<FirefoxHarness> {
  const { browser: ff } = await launchFirefox({ extensionDir: EXTENSION_DIR });
  const { state: replica, html: replicaHtml } = createReplica({
    theme: options.theme,
    nowMs: options.nowMs,
    posts: options.posts,
  });
  const pageErrors: string[] = [];

  const openExtensionPage: FirefoxHarness['openExtensionPage'] = async (file) => {
    const page = await ff.newPage();
    await navigateToExtensionPage(page, `${EXTENSION_ORIGIN}/${file}`);
    return page;
  };

  // A quiet extension page to talk to the background from, as the popup does.
  const control = await openExtensionPage('popup.html');
  const send: FirefoxHarness['send'] = (name, data) =>
    control.evaluate(
      (name, data) =>
        (globalThis as Ext).browser.runtime.sendMessage({ tanggap: 'request', name, data }),
      name,
      data,
    );
  const ask: FirefoxHarness['ask'] = async (name, data) => {
    const reply = await send(name, data);
    if (!reply.ok) throw new Error(`${name}: ${reply.code}: ${reply.message}`);
    return reply.value;
  };
  // The background answers once its database is open and the directory seeded (a loaded
  // machine may take long).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await send('listDepartments', {}).catch(() => undefined);
    if (reply?.ok && reply.value.length > 0) break;
    if (Date.now() > deadline) throw new Error('The background never answered');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // An officer who has given a name: their changes are signed with it.
  await ask('saveSettings', { settings: { officerName: 'Rina' } });

  return {
    browser: ff,
    replica,
    pageErrors,
    send,
    ask,
    openExtensionPage,
    async openX(pathname, { html } = {}) {
      const page = await ff.newPage();
      // Uncaught exceptions and console errors: any on the replica, ours on a saved page
      // (which links to fonts and scripts it cannot load offline: Firefox reports those too).
      const ours = (text: string) => html === undefined || text.includes(EXTENSION_ORIGIN);
      page.on('pageerror', (error) => {
        const text =
          error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
        if (ours(text)) pageErrors.push(`${page.url()}: ${text}`);
      });
      page.on('console', (message) => {
        const where = message.location().url ?? '';
        if (message.type() === 'error' && ours(where)) {
          pageErrors.push(`${page.url()}: ${message.text()}`);
        }
      });
      const address = `https://x.com${pathname}`;
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => {
        const url = new URL(request.url());
        if (url.protocol === 'moz-extension:' || url.protocol === 'data:') {
          void request.continue();
        } else if (X_HOSTS.has(url.hostname)) {
          const isPage = request.isNavigationRequest() && request.method() === 'GET';
          void request.respond(
            isPage
              ? {
                  status: 200,
                  contentType: 'text/html; charset=utf-8',
                  body: html !== undefined && url.href === address ? html : replicaHtml(),
                }
              : { status: 204, body: '' },
          );
        } else if (options.allow?.(url)) {
          void request.continue();
        } else {
          void request.abort('blockedbyclient');
        }
      });
      await page.goto(address);
      return page;
    },
    hasOrigins: (origins) =>
      control.evaluate(
        (origins) => (globalThis as Ext).browser.permissions.contains({ origins }),
        origins,
      ),
    async menuClick(page, menuItemId) {
      const url = page.url();
      await control.evaluate(
        async (menuItemId, url) => {
          const { browser } = globalThis as Ext;
          const tabs = await browser.tabs.query({ url: 'https://x.com/*' });
          const tab = tabs.find((t) => t.url === url);
          if (!tab) throw new Error(`No X tab at ${url}`);
          const background = (await browser.runtime.getBackgroundPage()) as unknown as {
            tanggapAutomation: { menuClick(info: unknown, tab: unknown): Promise<void> };
          };
          await background.tanggapAutomation.menuClick(
            { menuItemId, frameId: 0, editable: false, pageUrl: tab.url },
            tab,
          );
        },
        menuItemId,
        url,
      );
    },
    close: () => ff.close(),
  };
}

/** Waits until every readable post on the page has its annotation. */
export async function waitForAnnotations(page: Page, timeout = 15_000) {
  await page.waitForFunction(
    (tag) => {
      const posts = [...document.querySelectorAll('[data-testid="tweet"]')];
      const readable = posts.filter((p) => !p.closest('[data-testid="placementTracking"]'));
      return readable.length > 0 && readable.every((p) => p.querySelector(tag));
    },
    { timeout },
    ANNOTATION,
  );
}

/** A post's annotation attribute (`data-status`, `data-department`…), or null. */
export const hostAttribute = (page: Page, tweetId: string, name: string) =>
  page.evaluate(
    (selector, name) => document.querySelector(selector)?.getAttribute(name) ?? null,
    `${ANNOTATION}[data-tweet-id="${tweetId}"]`,
    name,
  );

/** Waits until a post's annotation attribute has `value`. */
export async function waitForHost(
  page: Page,
  tweetId: string,
  name: string,
  value: string,
  timeout = 15_000,
) {
  await page.waitForFunction(
    (selector, name, value) => document.querySelector(selector)?.getAttribute(name) === value,
    { timeout },
    `${ANNOTATION}[data-tweet-id="${tweetId}"]`,
    name,
    value,
  );
}

/**
 * The first element matching `inner` inside the open shadow root of the first `host`, once
 * there. Polled: changes inside a shadow root never wake puppeteer's selector waits, which
 * watch the document.
 */
export async function inShadow(
  page: Page,
  host: string,
  inner: string,
  timeout = 15_000,
): Promise<ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    (host, inner) => document.querySelector(host)?.shadowRoot?.querySelector(inner),
    { timeout, polling: 100 },
    host,
    inner,
  );
  return handle as ElementHandle<Element>;
}

/**
 * The button that opens a post's department picker, inside the annotation's open shadow root:
 * "▾" beside a routing suggestion (the suggestion chip itself assigns at once), otherwise the
 * chip.
 */
export async function pickerButton(page: Page, tweetId: string) {
  const handle = await page.waitForFunction(
    (selector) => {
      const root = document.querySelector(selector)?.shadowRoot;
      return (
        root?.querySelector('button[data-action="pick"]') ??
        root?.querySelector('button[data-action="assign"]')
      );
    },
    { timeout: 15_000, polling: 100 },
    `${ANNOTATION}[data-tweet-id="${tweetId}"]`,
  );
  return handle as ElementHandle<Element>;
}
