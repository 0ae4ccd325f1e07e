/**
 * The options page's requests: settings, and the department directory (add, change, remove,
 * reorder, import). Each write is committed before it is answered, then broadcast.
 */
import type { TanggapDb } from '../../utils/storage/schema';
import { readSyncState } from '../../utils/storage/sync-state';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import { applySettingsUpdate, type Settings } from '../../utils/domain/settings';
import { loadSettings, saveSettings } from '../../utils/storage/settings';
import { TEAM_SETTING_KEYS } from '../../utils/domain/settings';
import type { Department } from '../../utils/domain/types';
import { notifyAfterCommit } from './after-commit';
import type { Mutate } from './mutate';
import { noFields, parseRequest, requests } from './requests';

export interface SettingsDeps {
  db: () => Promise<TanggapDb>;
  onSettingsChanged?: (settings: Settings) => void | Promise<void>;
  onDepartmentsChanged?: (departments: Department[]) => void | Promise<void>;
  /** The one write path of shared changes (see mutate.ts). */
  mutate: Mutate;
}

type SettingsHandlers = Pick<
  Handlers<BackgroundProtocol>,
  | 'getSettings'
  | 'saveSettings'
  | 'saveDepartment'
  | 'removeDepartment'
  | 'reorderDepartments'
  | 'importDirectory'
>;

const isTeamKey = (key: string) => (TEAM_SETTING_KEYS as readonly string[]).includes(key);

export function createSettingsHandlers(deps: SettingsDeps): SettingsHandlers {
  const { mutate } = deps;

  /** A directory change through the one write path; the directory as it is now. */
  async function directory(
    name: 'saveDepartment' | 'removeDepartment' | 'reorderDepartments' | 'importDirectory',
    req: unknown,
  ): Promise<Department[]> {
    const { effect, before } = await mutate(name, req);
    const list = effect.departments ?? [...before.departments];
    if (effect.departments) await notifyAfterCommit(deps.onDepartmentsChanged, list);
    return list;
  }

  return {
    async getSettings(req) {
      parseRequest(noFields, req);
      return loadSettings(await deps.db());
    },

    // In a team, the team's settings are a shared change (admins only) and the officer's own
    // (name, language, notifications) stay in this browser; alone, both are saved at once.
    async saveSettings(req) {
      const { settings: update } = parseRequest(requests.saveSettings, req);
      const db = await deps.db();
      if (!(await readSyncState(db)).actor) {
        const saved = await saveSettings(db, update);
        await notifyAfterCommit(deps.onSettingsChanged, saved);
        return saved;
      }
      // Everything is checked before anything is written. A form sends every field: only
      // the team settings it changes are a shared change (an officer may save their name).
      const current = await loadSettings(db);
      const next = applySettingsUpdate(current, update);
      const differs = (k: string) =>
        JSON.stringify(next[k as keyof Settings]) !== JSON.stringify(current[k as keyof Settings]);
      const team = Object.fromEntries(
        Object.entries(update).filter(([k]) => isTeamKey(k) && differs(k)),
      );
      const own = Object.fromEntries(Object.entries(update).filter(([k]) => !isTeamKey(k)));
      if (Object.keys(team).length > 0) await mutate('saveTeamSettings', { settings: team });
      const saved = await saveSettings(db, own);
      await notifyAfterCommit(deps.onSettingsChanged, saved);
      return saved;
    },

    saveDepartment: (req) => directory('saveDepartment', req),
    removeDepartment: (req) => directory('removeDepartment', req),
    reorderDepartments: (req) => directory('reorderDepartments', req),
    importDirectory: (req) => directory('importDirectory', req),
  };
}
