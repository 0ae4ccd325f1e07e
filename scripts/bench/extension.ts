/**
 * Talking to the built extension from its own pages, as the popup does.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { extensionIdOf } from '../chromium';
import { fail } from './settings';

type Reply = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/** The extension pages' and the worker's own APIs, inside `evaluate`. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<Reply> } };

/**
 * Sends a message from an extension page, as the popup does; retries while the background
 * is still registering its handlers.
 */
export async function ask<T>(page: Page, name: string, data: unknown): Promise<T> {
  let reply: Reply | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    reply = await page.evaluate(
      async ([n, d]): Promise<Reply> => {
        try {
          return await chrome.runtime.sendMessage({ tanggap: 'request', name: n, data: d });
        } catch (error) {
          return { ok: false, code: 'no-answer', message: String(error) };
        }
      },
      [name, data] as const,
    );
    if (reply && (reply.ok || reply.code !== 'no-answer')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!reply?.ok) fail(`${name}: ${reply ? `${reply.code}: ${reply.message}` : 'no answer'}`);
  return reply.value as T;
}

/** One request from an extension page, timed there (message round trip included). */
export async function timedAsk(
  page: Page,
  name: string,
  data: unknown,
): Promise<{ ms: number; reply: Reply }> {
  return page.evaluate(
    async ([n, d]) => {
      const t = performance.now();
      const reply = await chrome.runtime.sendMessage({ tanggap: 'request', name: n, data: d });
      return { ms: performance.now() - t, reply };
    },
    [name, data] as const,
  );
}

/**
 * The time a handler takes inside the service worker, without the message around it
 * (`tanggapAutomation.handlers`, see the README's stable hooks).
 */
export async function timeInWorker(
  context: BrowserContext,
  name: string,
  data: unknown,
): Promise<number> {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) fail('no service worker to time the handlers in');
  return worker.evaluate(
    async ([n, d]) => {
      const { handlers } = (
        globalThis as unknown as {
          tanggapAutomation: {
            handlers: Record<string, (data: unknown, sender: object) => Promise<unknown>>;
          };
        }
      ).tanggapAutomation;
      const handler = handlers[n];
      if (!handler) throw new Error(`no handler ${n} in the worker`);
      const t = performance.now();
      await handler(d, {});
      return performance.now() - t;
    },
    [name, data] as const,
  );
}

export async function openPopup(context: BrowserContext): Promise<Page> {
  const id = await extensionIdOf(context);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  return popup;
}

/** The ids of the departments the extension lists, from its popup page. */
export async function departmentIds(popup: Page): Promise<string[]> {
  const departments = await ask<{ id: string }[]>(popup, 'listDepartments', {});
  return departments.map((d) => d.id);
}
