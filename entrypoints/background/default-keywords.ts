/**
 * A directory in use takes the new default keywords (domain/default-keywords.ts) when the
 * extension brings them, through the options page's own requests, so a team's directory
 * changes like an admin's edit: working alone at the worker's start, in a team once a pull
 * has reached the team's end. In a team only an admin's
 * browser does it (the server would refuse anyone else); the others get it by the pull.
 *
 * A department is saved whole, so in a team it runs only on a directory just pulled to the end
 * (`caughtUp`): at the worker's start the stored one may be days behind another admin's edits,
 * which the save would undo.
 */
import type { Actor } from '../../utils/domain/actor';
import {
  DEFAULT_KEYWORDS_VERSION,
  withNewDefaultKeywords,
} from '../../utils/domain/default-keywords';
import { mayEditDirectory } from '../../utils/domain/rights';
import type { Handlers, BackgroundProtocol } from '../../utils/messaging/protocol';
import { listDepartments } from '../../utils/storage/departments';
import { loadSettings } from '../../utils/storage/settings';
import type { TanggapDb } from '../../utils/storage/schema';

export interface DefaultKeywordsDeps {
  db: () => Promise<TanggapDb>;
  actor: () => Promise<Actor | null>;
  handlers: Pick<Handlers<BackgroundProtocol>, 'saveDepartment' | 'saveSettings'>;
}

/** Resolves to the departments that took new keywords (none when up to date or not allowed). */
export async function takeDefaultKeywords(
  deps: DefaultKeywordsDeps,
  when: 'start' | 'caughtUp',
): Promise<string[]> {
  const db = await deps.db();
  const { keywordDefaults } = await loadSettings(db);
  if (keywordDefaults >= DEFAULT_KEYWORDS_VERSION) return [];
  const actor = await deps.actor();
  if (!mayEditDirectory(actor)) return [];
  if (actor !== null && when !== 'caughtUp') return [];
  const changed = withNewDefaultKeywords(await listDepartments(db), keywordDefaults);
  // The worker asks itself: no page sent these.
  const self = {};
  for (const department of changed) await deps.handlers.saveDepartment({ department }, self);
  // Last: a worker stopped before this takes the same keywords again, which changes nothing.
  await deps.handlers.saveSettings(
    { settings: { keywordDefaults: DEFAULT_KEYWORDS_VERSION } },
    self,
  );
  return changed.map((d) => d.id);
}
