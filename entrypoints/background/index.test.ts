import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listDepartments } from '../../utils/storage/departments';
import { openTanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import background from './index';
import { SAFETY_ALARM } from './badge';

test('main() registers its listeners at once; install seeds, builds the menu and the badge', async () => {
  const created: string[] = [];
  const onClicked = { addListener: vi.fn() };
  // fake-browser has no contextMenus.
  Object.assign(fakeBrowser, {
    contextMenus: {
      onClicked,
      removeAll: vi.fn(async () => {
        created.length = 0;
      }),
      create: vi.fn((props: { id: string }, done: () => void) => {
        created.push(props.id);
        done();
      }),
    },
  });
  // fake-browser has no runtime.onConnect (the live-updates port).
  const onConnect = { addListener: vi.fn() };
  Object.assign(fakeBrowser.runtime, { onConnect });
  const onMessage = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
  const onAlarm = vi.spyOn(fakeBrowser.alarms.onAlarm, 'addListener');

  background.main();
  expect(onMessage).toHaveBeenCalledTimes(1);
  expect(onClicked.addListener).toHaveBeenCalledTimes(1);
  expect(onAlarm).toHaveBeenCalledTimes(1);
  expect(onConnect.addListener).toHaveBeenCalledTimes(1);

  await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
  await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SAFETY_ALARM)).toBeDefined());

  const db = await openTanggapDb('tanggap');
  expect((await listDepartments(db)).map((d) => d.id)).toEqual(
    DEFAULT_DEPARTMENTS.map((d) => d.id),
  );
  db.close();
  expect(created).toContain('tanggap-assign:dlh');
  expect(created).toContain('tanggap-resolve:handled');
  // Root, Assign to, Mark responded, Resolve with its four reasons, Unassign, Reopen.
  expect(created).toHaveLength(DEFAULT_DEPARTMENTS.length + 10);
});
