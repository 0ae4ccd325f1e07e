/** What the background's handlers are given: the database, the clock, and what to tell whom. */
import type { TanggapDb } from '../../utils/storage/schema';
import type { Settings } from '../../utils/domain/settings';
import type { Assignment, Department, Programme } from '../../utils/domain/types';
import type { SyncEngine } from './sync/engine';
import type { MenuContext } from './menus';
import type { ItemRights } from '../../utils/domain/rights';
import type { ActorMemory } from './actor-memory';

export interface BackgroundDeps {
  db: () => Promise<TanggapDb>;
  now: () => Date;
  /** The name recorded as `by` in every change. */
  officer: () => Promise<string>;
  /** Called after a write has committed, with the assignments as stored. */
  onChanged: (assignments: Assignment[]) => void | Promise<void>;
  /** Called after saved settings have committed. */
  onSettingsChanged?: (settings: Settings) => void | Promise<void>;
  /** Called after a directory change has committed, with the whole directory. */
  onDepartmentsChanged?: (departments: Department[]) => void | Promise<void>;
  /** Called after a restore has replaced everything. */
  onDataReplaced?: () => void | Promise<void>;
  /** Called after a change of programmes has committed, with all of them. */
  onProgrammesChanged?: (programmes: Programme[]) => void | Promise<void>;
  /** Called after mentions were received, dismissed or restored (committed). */
  onIntakeChanged?: () => void | Promise<void>;
  /** A change was queued for the team server (see mutate.ts). */
  onQueued?: () => void;
  /**
   * Shows the right-click menu's items for a post's status and the officer's rights on it; the
   * browser's menus by default.
   */
  showMenuFor?: (context: MenuContext, rights: ItemRights) => Promise<void>;
  /** Who acts, kept in memory; read from the sync state each time where it is absent. */
  actor?: ActorMemory;
  /** Team sync (login, status, sync now); absent where it is not wired. */
  sync?: SyncEngine;
}
