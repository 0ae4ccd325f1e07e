/**
 * The options page's requests: settings, and the department directory (add, change, remove,
 * reorder, import). Each write is committed before it is answered, then broadcast.
 */
import { departmentId, record } from '../../utils/assignment-ops';
import {
  listDepartments,
  putDepartments,
  removeDepartmentIfUnused,
  replaceDepartments,
  type TanggapDb,
} from '../../utils/db';
import {
  checkHandleUnique,
  inUseMessage,
  validateDepartment,
  validateDirectory,
} from '../../utils/directory';
import { TanggapError, type BackgroundProtocol, type Handlers } from '../../utils/messages';
import { loadSettings, saveSettings, type Settings } from '../../utils/settings';
import type { Department } from '../../utils/types';
import { notifyAfterCommit } from './after-commit';

export interface SettingsDeps {
  db: () => Promise<TanggapDb>;
  /** The request as an object with only the `allowed` fields (see handlers.ts). */
  request: (req: unknown, allowed: readonly string[]) => Record<string, unknown>;
  onSettingsChanged?: (settings: Settings) => void | Promise<void>;
  onDepartmentsChanged?: (departments: Department[]) => void | Promise<void>;
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

function bad(message: string): never {
  throw new TanggapError('bad-request', message);
}

export function createSettingsHandlers(deps: SettingsDeps): SettingsHandlers {
  const { request } = deps;

  async function directoryChanged(db: TanggapDb): Promise<Department[]> {
    const list = await listDepartments(db);
    await notifyAfterCommit(deps.onDepartmentsChanged, list);
    return list;
  }

  return {
    async getSettings(req) {
      request(req, []);
      return loadSettings(await deps.db());
    },

    async saveSettings(req) {
      const { settings } = request(req, ['settings']);
      const saved = await saveSettings(await deps.db(), record(settings, 'request.settings'));
      await notifyAfterCommit(deps.onSettingsChanged, saved);
      return saved;
    },

    async saveDepartment(req) {
      const r = request(req, ['department']);
      const db = await deps.db();
      const list = await listDepartments(db);
      const existing = list.find((d) => d.id === record(r.department, 'department').id);
      const nextOrder = Math.max(-1, ...list.map((d) => d.order)) + 1;
      const dept = validateDepartment(r.department, 'department');
      // The position is the directory's to change (reorderDepartments), not a form's.
      dept.order = existing?.order ?? nextOrder;
      checkHandleUnique(dept, list, 'department.handle');
      await putDepartments(db, [dept]);
      return directoryChanged(db);
    },

    async removeDepartment(req) {
      const r = request(req, ['id']);
      const id = departmentId(r.id, 'request.id');
      const db = await deps.db();
      const dept = (await listDepartments(db)).find((d) => d.id === id);
      if (!dept) throw new TanggapError('not-found', `No department has the id "${id}"`);
      const inUse = await removeDepartmentIfUnused(db, id);
      if (inUse > 0) {
        throw new TanggapError('department-in-use', inUseMessage(dept.name, inUse), {
          data: { count: inUse },
        });
      }
      return directoryChanged(db);
    },

    async reorderDepartments(req) {
      const { ids } = request(req, ['ids']);
      const db = await deps.db();
      const list = await listDepartments(db);
      if (!Array.isArray(ids) || ids.length !== list.length) {
        bad(`request.ids must list each of the ${list.length} departments once`);
      }
      const byId = new Map(list.map((d) => [d.id, d]));
      const seen = new Set<string>();
      const reordered = ids.map((x, i) => {
        const id = departmentId(x, `request.ids[${i}]`);
        const dept = byId.get(id);
        if (!dept) throw new TanggapError('unknown-department', `No department has the id "${id}"`);
        if (seen.has(id)) bad(`request.ids lists "${id}" twice`);
        seen.add(id);
        return { ...dept, order: i };
      });
      await putDepartments(db, reordered);
      return directoryChanged(db);
    },

    async importDirectory(req) {
      const { departments } = request(req, ['departments']);
      const list = validateDirectory(departments, 'departments');
      const db = await deps.db();
      const inUse = await replaceDepartments(db, list);
      if (inUse.length > 0) {
        const which = inUse.map((d) => `${d.id} (${d.inUse})`).join(', ');
        throw new TanggapError(
          'department-in-use',
          `The directory leaves out departments that items are assigned to: ${which}. ` +
            'Nothing was imported.',
        );
      }
      return directoryChanged(db);
    },
  };
}
