import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPost } from '../../tests/factories';
import { seedDepartments } from '../../utils/storage/departments';
import { openTanggapDb } from '../../utils/storage/schema';
import { saveSettings } from '../../utils/storage/settings';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { MINUTE_MS } from '../../utils/domain/sla';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import { INTAKE_ALARM } from './badge';
import background from './index';

test('a mention received or dismissed sets the toolbar badge and the next intake alarm', async () => {
  const db = await openTanggapDb('tanggap');
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  await saveSettings(db, {
    watchedHandles: ['PemkotBdg'],
    intakeUrgentAfterMinutes: 60,
    officerName: 'Rina',
  });
  db.close();
  // fake-browser has no contextMenus nor runtime.onConnect.
  Object.assign(fakeBrowser, {
    contextMenus: { onClicked: { addListener: vi.fn() }, removeAll: vi.fn(), create: vi.fn() },
  });
  Object.assign(fakeBrowser.runtime, { onConnect: { addListener: vi.fn() } });
  background.main();
  const { handlers } = (
    globalThis as unknown as { tanggapAutomation: { handlers: Handlers<BackgroundProtocol> } }
  ).tanggapAutomation;

  const now = Date.now();
  const posted = (minutesAgo: number) =>
    createPost({
      text: 'Lampu jalan mati sejak kemarin @PemkotBdg',
      createdAt: new Date(now - minutesAgo * MINUTE_MS).toISOString(),
    });
  const old = posted(90);
  const young = posted(10);
  await handlers.recordMentions({ posts: [old, young] }, {});

  const badge = () => fakeBrowser.action.getBadgeText({});
  await vi.waitFor(async () => expect(await badge()).toBe('1'));
  expect(await fakeBrowser.action.getTitle({})).toBe(
    'Tanggap: 1 urgent mention (unassigned 1 hour or more)',
  );
  expect((await fakeBrowser.alarms.get(INTAKE_ALARM))?.scheduledTime).toBe(
    Date.parse(young.createdAt) + 60 * MINUTE_MS,
  );

  await handlers.dismissMention({ tweetId: old.id }, {});
  await vi.waitFor(async () => expect(await badge()).toBe(''));
  expect(await fakeBrowser.action.getTitle({})).toBe('Tanggap');
});
