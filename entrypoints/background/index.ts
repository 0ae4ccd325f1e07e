import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { listDepartments, openTanggapDb, seedDepartments, type TanggapDb } from '../../utils/db';
import { DEFAULT_DEPARTMENTS } from '../../utils/departments';
import { broadcast, handleMessages } from '../../utils/messages';
import { isDeadlineAlarm, refreshDeadlines } from './badge';
import { createBackgroundHandlers, officerFromSettings } from './handlers';
import { buildMenus, createMenuClickHandler } from './menus';

export default defineBackground({
  type: 'module',
  main() {
    // Opened on first use and forgotten when closed: a restarted worker opens it again.
    let opening: Promise<TanggapDb> | undefined;
    const db = () =>
      (opening ??= openTanggapDb('tanggap', { onClose: () => (opening = undefined) }).catch(
        (error: unknown) => {
          opening = undefined;
          throw error;
        },
      ));

    // One refresh at a time, so an older count never overwrites a newer one.
    let refreshing: Promise<unknown> = Promise.resolve();
    const refreshBadge = () =>
      (refreshing = refreshing
        .then(async () => refreshDeadlines(await db(), Date.now()))
        .catch((error: unknown) => console.error('Tanggap: badge refresh failed', error)));

    const handlers = createBackgroundHandlers({
      db,
      now: () => new Date(),
      officer: officerFromSettings(db),
      onChanged: async (assignments) => {
        await Promise.all([broadcast('assignmentsChanged', { assignments }), refreshBadge()]);
      },
    });
    const onMenuClick = createMenuClickHandler({ handlers });

    const setUp = async () => {
      const handle = await db();
      await seedDepartments(handle, DEFAULT_DEPARTMENTS);
      await buildMenus(await listDepartments(handle));
      await refreshBadge();
    };
    const setUpLogged = () => {
      setUp().catch((error: unknown) => console.error('Tanggap: setup failed', error));
    };

    // All listeners in the first turn: an event that wakes the worker is only delivered to
    // listeners registered synchronously.
    handleMessages(handlers);
    browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClick(info, tab));
    browser.alarms.onAlarm.addListener((alarm) => {
      if (isDeadlineAlarm(alarm.name)) void refreshBadge();
    });
    // Seeding only fills an empty directory, so doing it on every start is cheap and repairs
    // an install whose first setup was interrupted.
    browser.runtime.onInstalled.addListener(setUpLogged);
    browser.runtime.onStartup.addListener(setUpLogged);
  },
});
