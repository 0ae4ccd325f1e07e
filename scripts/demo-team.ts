/**
 * The team demo: a local sync server and two browser profiles, a triage officer and a
 * department officer, so a newcomer can watch an assignment travel from one to the other.
 *
 *   npm run demo -- --team [--headless]
 *
 * With a display it opens two windows and runs until both are closed. Without one (or with
 * --headless) it assigns a post in the first profile, waits for it on the second's page,
 * writes screenshots of both to demo-output/ and prints how long the change took.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createTeam, createUser } from '../server/admin';
import { startServer } from '../server/app';
import { openStore } from '../server/store';
import { extensionIdOf, launchWithExtension } from './chromium';
import { complaints } from './x-replica/complaints';
import { routeXReplica } from './x-replica/serve';

// The server in this process logs its warnings and errors, not a line per request.
process.env.TANGGAP_LOG_LEVEL ??= 'warn';

/** The worker's automation hook (README, stable hooks): the Team section's login, without its prompt. */
interface Automation {
  tanggapAutomation: {
    sync: {
      login(req: { serverUrl: string; username: string; password: string }): Promise<unknown>;
    };
  };
}

const MENTIONS = 'https://x.com/notifications/mentions';

interface Officer {
  username: string;
  label: string;
  role: 'triage' | 'department';
  departmentId?: string;
}

const OFFICERS: Officer[] = [
  { username: 'siti', label: 'Siti (triage, mayor’s office)', role: 'triage' },
  { username: 'budi', label: 'Budi (DLH officer)', role: 'department', departmentId: 'dlh' },
];

export async function runTeamDemo({
  extensionDir,
  outDir,
  headless,
}: {
  extensionDir: string;
  outDir: string;
  headless: boolean;
}): Promise<void> {
  const nowMs = Date.now();
  const password = `demo-${Math.random().toString(36).slice(2, 10)}-sandi`;
  const store = await openStore({});
  const team = await createTeam(store, { name: 'Pemkot Kota Raya' });
  for (const o of OFFICERS) {
    await createUser(store, { teamId: team.id, password, ...o });
  }
  const server = await startServer({ store, port: 0 });
  console.log(`demo: sync server on ${server.url} (in memory), team "${team.name}"`);
  console.log(`demo: officers ${OFFICERS.map((o) => o.username).join(', ')}, password ${password}`);

  const contexts: BrowserContext[] = [];
  try {
    const pages: Page[] = [];
    for (const officer of OFFICERS) {
      const context = await launchWithExtension({ extensionDir, headless });
      contexts.push(context);
      await routeXReplica(context, {
        nowMs,
        posts: complaints(nowMs),
        // The replica blocks every other request; the local sync server must get through.
        allow: (url: URL) => url.hostname === '127.0.0.1',
      });
      await extensionIdOf(context);
      const worker = context.serviceWorkers()[0]!;
      // The same call the options page's "Log in" makes, after its permission prompt.
      await worker.evaluate(
        async (login) => {
          const automation = (globalThis as unknown as Automation).tanggapAutomation;
          for (let attempt = 0; ; attempt++) {
            try {
              return await automation.sync.login(login);
            } catch (error) {
              if (attempt > 20) throw error;
              await new Promise((r) => setTimeout(r, 250));
            }
          }
        },
        { serverUrl: server.url, username: officer.username, password },
      );
      const page = await context.newPage();
      await page.goto(MENTIONS);
      pages.push(page);
      console.log(`demo: ${officer.label} is logged in`);
    }

    if (!headless) {
      console.log(
        'demo: two Chromium windows are open. Assign a post in Siti’s window (click its chip);\n' +
          'it shows in Budi’s within seconds. Close both windows to stop.',
      );
      await Promise.all(contexts.map((c) => new Promise((resolve) => c.on('close', resolve))));
      return;
    }

    const [triagePage, officerPage] = pages as [Page, Page];
    const tag = 'tanggap-annotation';
    await Promise.all(pages.map((p) => p.waitForSelector(`[data-testid="tweet"] ${tag}`)));
    const id = await triagePage.$eval(`${tag}[data-status="unassigned"]`, (el) =>
      el.getAttribute('data-tweet-id'),
    );
    const started = Date.now();
    const chip = triagePage.locator(`${tag}[data-tweet-id="${id}"]`);
    const pick = chip.locator('button[data-action="pick"]');
    await ((await pick.count()) > 0 ? pick : chip.locator('button[data-action="assign"]')).click();
    await triagePage.locator('tanggap-picker [data-department-id="dlh"]').click();
    await officerPage.waitForSelector(`${tag}[data-tweet-id="${id}"][data-department="dlh"]`, {
      timeout: 10_000,
    });
    console.log(`demo: the assignment reached Budi’s page in ${Date.now() - started} ms`);

    fs.mkdirSync(outDir, { recursive: true });
    const shots = [];
    for (const [i, page] of pages.entries()) {
      const file = path.join(outDir, `team-${OFFICERS[i]!.username}.png`);
      await page.screenshot({ path: file });
      shots.push(path.relative(process.cwd(), file));
    }
    console.log(`demo: screenshots written:\n${shots.map((s) => `  ${s}`).join('\n')}`);
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await server.close();
    await store.close();
  }
}
