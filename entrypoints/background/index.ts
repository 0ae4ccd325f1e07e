import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { listDepartments, seedDepartments } from '../../utils/storage/departments';
import { listProgrammes } from '../../utils/storage/programmes';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { setLanguage } from '../../utils/i18n/i18n';
import { broadcast, handleMessages } from '../../utils/messaging/transport';
import { loadSettings } from '../../utils/storage/settings';
import { HOUR_MS } from '../../utils/domain/sla';
import { isBadgeAlarm, refreshDeadlines } from './badge';
import { checkEscalations, openEscalation } from './escalation-notify';
import { createBackgroundHandlers, officerFromSettings } from './handlers';
import { buildMenus, createMenuClickHandler } from './menus';
import { createSyncEngine } from './sync/engine';
import { LIVE_IDLE, LIVE_PORT } from '../../utils/messaging/live-port';
import { readSyncState } from '../../utils/storage/sync-state';
import { actorOfStatus } from '../../utils/domain/rights';
import { createActorMemory } from './actor-memory';
import { takeDefaultKeywords } from './default-keywords';

export default defineBackground({
  type: 'module',
  main() {
    // Opened on first use and forgotten when closed: a restarted worker opens it again.
    // The directory is seeded on opening (it only fills an empty one), so a page that asks
    // before onInstalled has run still gets the departments.
    let opening: Promise<TanggapDb> | undefined;
    const open = async () => {
      const handle = await openTanggapDb('tanggap', { onClose: () => (opening = undefined) });
      await seedDepartments(handle, DEFAULT_DEPARTMENTS);
      // Menus and the toolbar's title speak the chosen language.
      setLanguage((await loadSettings(handle)).language);
      return handle;
    };
    const db = () =>
      (opening ??= open().catch((error: unknown) => {
        opening = undefined;
        throw error;
      }));

    // Who acts, for the menu and the badge: read once per worker, then told by each status.
    const actor = createActorMemory(async () => (await readSyncState(await db())).actor);

    // One refresh at a time, so an older count never overwrites a newer one.
    let refreshing: Promise<unknown> = Promise.resolve();
    // `changedIds`: items just written, which escalation looks at besides its deadline ranges.
    const refreshBadge = (changedIds: readonly string[] = []) =>
      (refreshing = refreshing
        .then(async () => {
          const handle = await db();
          const { dueSoonHours, intakeUrgentAfterMinutes } = await loadSettings(handle);
          return refreshDeadlines(
            handle,
            Date.now(),
            dueSoonHours * HOUR_MS,
            intakeUrgentAfterMinutes,
            await actor.get(),
          );
        })
        // After the badge, in the same queue: one escalation check at a time.
        .then(async () => checkEscalations(await db(), Date.now(), changedIds))
        .catch((error: unknown) => console.error('Tanggap: badge refresh failed', error)));

    // Set once the handlers exist, below: a directory may be behind the extension's defaults.
    let takeKeywords = (_when: 'start' | 'caughtUp') => {};

    // Set with the live ports below: a logout sends the open pages' ports away.
    let sendLivePortsAway = () => {};
    // Counts logged-in statuses: a port whose status was read just before a login stays.
    let logins = 0;
    const sync = createSyncEngine({
      db,
      fetch: (...args) => fetch(...args),
      now: () => new Date(),
      random: Math.random,
      storage: browser.storage.local,
      alarms: browser.alarms,
      onApplied: async ({
        assignments,
        removedIds,
        replaced,
        departments,
        settingsChanged,
        mentionsChanged,
      }) => {
        const handle = await db();
        const settings = settingsChanged ? await loadSettings(handle) : undefined;
        // Items that left this browser: the pages reload what they show.
        const reload = replaced || removedIds.length > 0;
        await Promise.all([
          reload ? broadcast('dataReplaced', {}) : undefined,
          assignments.length > 0 ? broadcast('assignmentsChanged', { assignments }) : undefined,
          departments ? broadcast('departmentsChanged', { departments }) : undefined,
          departments ? buildMenus(departments) : undefined,
          settings ? broadcast('settingsChanged', { settings }) : undefined,
          mentionsChanged || replaced ? broadcast('intakeChanged', {}) : undefined,
          refreshBadge(assignments.map((a) => a.tweetId)),
        ]);
      },
      onCaughtUp: () => takeKeywords('caughtUp'),
      onStatus: (status) => {
        if (status.loggedIn) logins++;
        else sendLivePortsAway();
        // Urgent mentions are counted only for an officer who may assign them.
        const refresh = actor.heard(actorOfStatus(status)) ? refreshBadge() : undefined;
        return Promise.all([broadcast('syncStatusChanged', { status }), refresh]).then(() => {});
      },
    });

    const handlers = createBackgroundHandlers({
      db,
      sync,
      actor,
      // Pushed at once, not awaited: the change has committed, the answer need not wait.
      onQueued: () => {
        sync.pushNow().catch((error: unknown) => console.error('Tanggap: sync failed', error));
      },
      now: () => new Date(),
      officer: officerFromSettings(db),
      onChanged: async (assignments) => {
        await Promise.all([
          broadcast('assignmentsChanged', { assignments }),
          refreshBadge(assignments.map((a) => a.tweetId)),
        ]);
      },
      onSettingsChanged: async (settings) => {
        const relabel = setLanguage(settings.language);
        await Promise.all([
          broadcast('settingsChanged', { settings }),
          refreshBadge(),
          relabel ? buildMenus(await listDepartments(await db())) : undefined,
        ]);
      },
      onProgrammesChanged: async (programmes) => {
        await broadcast('programmesChanged', { programmes });
      },
      onIntakeChanged: async () => {
        // A mention received or dismissed changes the urgent count and when it next turns.
        await Promise.all([broadcast('intakeChanged', {}), refreshBadge()]);
      },
      onDepartmentsChanged: async (departments) => {
        await Promise.all([
          broadcast('departmentsChanged', { departments }),
          buildMenus(departments),
        ]);
      },
      onDataReplaced: async () => {
        const handle = await db();
        const [departments, settings, programmes] = await Promise.all([
          listDepartments(handle),
          loadSettings(handle),
          listProgrammes(handle),
        ]);
        setLanguage(settings.language);
        await Promise.all([
          broadcast('dataReplaced', {}),
          broadcast('departmentsChanged', { departments }),
          broadcast('settingsChanged', { settings }),
          broadcast('programmesChanged', { programmes }),
          buildMenus(departments),
          refreshBadge(),
        ]);
      },
    });
    const onMenuClick = createMenuClickHandler({ handlers });

    // One run at a time: a pull during a run starts another after it, which finds it done.
    // In a team, one try per worker: a server that refuses the new version (an older one)
    // puts the old one back with the next pull, and trying again after every pull would
    // fill the refusals and move the team's version on and on.
    let keywordRun: Promise<unknown> = Promise.resolve();
    let triedInTeam = false;
    takeKeywords = (when) => {
      keywordRun = keywordRun
        .then(async () => {
          if (triedInTeam) return;
          await takeDefaultKeywords({ db, actor: actor.get, handlers }, when);
          if (when === 'caughtUp' && (await actor.get()) !== null) triedInTeam = true;
        })
        .catch((error: unknown) => console.error('Tanggap: new default keywords failed', error));
    };

    const setUp = async () => {
      await buildMenus(await listDepartments(await db()));
      await refreshBadge();
    };
    const setUpLogged = () => {
      setUp().catch((error: unknown) => console.error('Tanggap: setup failed', error));
    };

    // All listeners in the first turn: an event that wakes the worker is only delivered to
    // listeners registered synchronously.
    handleMessages(handlers);
    browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClick(info, tab));
    // Native menus cannot be clicked by automation: tests driving the worker call the very
    // function the menu calls; the benchmark times the handlers without the message around
    // them (documented with the stable hooks in the README).
    Object.assign(globalThis, { tanggapAutomation: { menuClick: onMenuClick, handlers, sync } });
    browser.notifications.onClicked.addListener((id) => {
      openEscalation(id).catch((error: unknown) => console.error('Tanggap: open failed', error));
    });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (isBadgeAlarm(alarm.name)) void refreshBadge();
      else sync.onAlarm(alarm.name);
    });
    // Live updates while an X tab or the popup is open and this browser is in a team: each page
    // holds a port and pings it. Working alone, a port is sent away at once, so the worker
    // sleeps as before; a login is broadcast and the pages connect again.
    const livePorts = new Set<Browser.runtime.Port>();
    const dropLivePort = (port: Browser.runtime.Port) => {
      if (livePorts.delete(port) && livePorts.size === 0) sync.stopLive();
    };
    sendLivePortsAway = () => {
      for (const port of livePorts) {
        port.postMessage(LIVE_IDLE);
        port.disconnect();
      }
      livePorts.clear();
      sync.stopLive();
    };
    browser.runtime.onConnect.addListener((port) => {
      if (port.name !== LIVE_PORT) return;
      livePorts.add(port);
      port.onDisconnect.addListener(() => dropLivePort(port));
      const loginsBefore = logins;
      sync
        .status()
        .then((status) => {
          if (!livePorts.has(port)) return;
          if (status.loggedIn || logins !== loginsBefore) {
            sync.startLive();
          } else {
            port.postMessage(LIVE_IDLE);
            port.disconnect();
            dropLivePort(port);
          }
        })
        .catch((error: unknown) => console.error('Tanggap: live updates failed', error));
    });
    // Menus are rebuilt on every start: cheap, and it repairs an interrupted first setup.
    browser.runtime.onInstalled.addListener(setUpLogged);
    browser.runtime.onStartup.addListener(setUpLogged);
    // Every start of the worker, not only the browser's: a worker stopped in the middle of a
    // push pushes its outbox as soon as anything wakes it.
    sync.resume().catch((error: unknown) => console.error('Tanggap: sync resume failed', error));
    // Every start too: an updated extension may bring new default keywords.
    takeKeywords('start');
  },
});
