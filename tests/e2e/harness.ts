/**
 * Real Chromium with the built extension, on the offline X replica. Every e2e test drives the
 * extension like a user would, through the stable hooks of design.md.
 */
import path from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { extensionIdOf, launchWithExtension } from '../../scripts/chromium';
import {
  routeXReplica,
  type ReplicaOptions,
  type ReplicaState,
} from '../../scripts/x-replica/serve';
import type { PostSpec } from '../../scripts/x-replica/post-template';
import type { BackgroundClient } from '../background-client';
import type { Post } from '../../utils/domain/types';

/** The extension pages' and the worker's own APIs, inside `evaluate`. */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<never> };
  tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> };
};

export const EXTENSION_DIR = path.resolve(
  import.meta.dirname,
  '../..',
  process.env.TANGGAP_OUT_DIR ?? '.output',
  'chrome-mv3',
);
export const ANNOTATION = 'tanggap-annotation';
/** The name the harness's officer has given, unless a test starts unnamed (`officerName: ''`). */
export const OFFICER_NAME = 'Rina';

export interface Harness extends BackgroundClient {
  context: BrowserContext;
  replica: ReplicaState;
  extensionId: string;
  /** Errors seen on X pages: uncaught exceptions, and our console errors. */
  pageErrors: string[];
  openX(pathname: string): Promise<Page>;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  worker(): Promise<Worker>;
  /** Stops the service worker, as MV3 may at any moment; the next message wakes it. */
  stopWorker(): Promise<void>;
  /** Clicks a context-menu item (`tanggap-assign:dlh`…) on the active X tab, through the worker. */
  menuClick(menuItemId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startExtension(
  options: ReplicaOptions & { browserArgs?: string[]; officerName?: string } = {},
): Promise<Harness> {
  const context = await launchWithExtension({
    extensionDir: EXTENSION_DIR,
    headless: true,
    args: options.browserArgs,
  });
  const replica = await routeXReplica(context, options);
  // Generous: on 2 cores shared with another run, Chromium takes many seconds to start it.
  const extensionId = await extensionIdOf(context, 60_000);
  const pageErrors: string[] = [];

  // A quiet extension page to talk to the background from, as the popup does.
  const control = await context.newPage();
  await control.goto(`chrome-extension://${extensionId}/popup.html`);

  const send: Harness['send'] = (name, data) =>
    control.evaluate(
      ([name, data]) => chrome.runtime.sendMessage({ tanggap: 'request', name, data }),
      [name, data] as const,
    );
  const ask: Harness['ask'] = async (name, data) => {
    const reply = await send(name, data);
    if (!reply.ok) throw new Error(`${name}: ${reply.code}: ${reply.message}`);
    return reply.value;
  };

  // The worker answers once its database is open and the directory seeded.
  for (const deadline = Date.now() + 30_000; ;) {
    const reply = await send('listDepartments', {}).catch(() => undefined);
    if (reply?.ok && reply.value.length > 0) break;
    if (Date.now() > deadline) throw new Error('The background never answered');
    await control.waitForTimeout(100);
  }
  const officerName = options.officerName ?? OFFICER_NAME;
  if (officerName) await ask('saveSettings', { settings: { officerName } });

  const worker: Harness['worker'] = async () => {
    // Playwright keeps one Worker across restarts, but evaluating in a stopped worker waits
    // until something wakes it: a message does.
    await send('listDepartments', {});
    return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  };

  return {
    context,
    replica,
    extensionId,
    pageErrors,
    send,
    ask,
    async openX(pathname) {
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        // Ours only: offline, X's own resource loads fail on purpose (and a saved page links
        // to its saver's extensions).
        const ours = message.location().url.startsWith(`chrome-extension://${extensionId}/`);
        if (ours && message.type() === 'error') pageErrors.push(`${page.url()}: ${message.text()}`);
      });
      await page.goto(`https://x.com${pathname}`);
      return page;
    },
    async openPopup() {
      const page = await context.newPage();
      await page.setViewportSize({ width: 380, height: 600 });
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    async openOptions() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      return page;
    },
    worker,
    async stopWorker() {
      const cdp = await context.newCDPSession(control);
      await cdp.send('ServiceWorker.enable');
      const stopped = new Promise<void>((resolve) =>
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.every((v: { runningStatus: string }) => v.runningStatus === 'stopped'))
            resolve();
        }),
      );
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped;
      await cdp.detach();
    },
    async menuClick(menuItemId) {
      await (
        await worker()
      ).evaluate(async (menuItemId) => {
        const [tab] = await chrome.tabs.query({ active: true, url: 'https://x.com/*' });
        const automation = (
          globalThis as unknown as {
            tanggapAutomation: { menuClick(info: unknown, tab: unknown): Promise<void> };
          }
        ).tanggapAutomation;
        await automation.menuClick(
          { menuItemId, frameId: 0, editable: false, pageUrl: tab!.url },
          tab,
        );
      }, menuItemId);
    },
    close: () => context.close(),
  };
}

/** A replica post as the extension reads it from the page. */
export const postOf = (s: PostSpec): Post => ({
  id: s.id,
  authorHandle: s.handle,
  authorName: s.name,
  text: s.text,
  createdAt: s.createdAt,
  url: `https://x.com/${s.handle}/status/${s.id}`,
  repostedBy: null,
  focused: false,
  replyTo: [],
  promoted: false,
});

/** What each post element on the page holds: its own status id (from its time link) and ours. */
export function readAnnotations(page: Page) {
  return page.$$eval(
    '[data-testid="tweet"]',
    (posts, tag) =>
      posts.map((post) => {
        const link = [...post.querySelectorAll('a[href*="/status/"]')].find((a) =>
          a.querySelector('time'),
        );
        const hosts = [...post.querySelectorAll(tag)] as HTMLElement[];
        return {
          id: link?.getAttribute('href')?.match(/\/status\/(\d+)/)?.[1] ?? null,
          promoted: post.closest('[data-testid="placementTracking"]') !== null && !link,
          hosts: hosts.map((h) => ({ ...h.dataset })),
        };
      }),
    ANNOTATION,
  );
}

/** Waits until every readable post on the page has its annotation. */
export async function waitForAnnotations(page: Page, timeout = 10_000) {
  await page.waitForFunction(
    (tag) => {
      const posts = [...document.querySelectorAll('[data-testid="tweet"]')];
      const readable = posts.filter((p) => !p.closest('[data-testid="placementTracking"]'));
      return readable.length > 0 && readable.every((p) => p.querySelector(tag));
    },
    ANNOTATION,
    { timeout },
  );
}

export const host = (page: Page, tweetId: string) =>
  page.locator(`${ANNOTATION}[data-tweet-id="${tweetId}"]`);

/**
 * The button that opens a post's department picker: "▾" beside a routing suggestion (the
 * suggestion chip itself assigns at once), otherwise the chip.
 */
export async function pickerButton(page: Page, tweetId: string) {
  const pick = host(page, tweetId).locator('button[data-action="pick"]');
  return (await pick.count()) > 0
    ? pick
    : host(page, tweetId).locator('button[data-action="assign"]');
}
