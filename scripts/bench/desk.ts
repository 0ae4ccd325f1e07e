/**
 * A busy desk for the IndexedDB and backup parts: a fresh profile with the extension and
 * 100,000 assignments imported from its popup page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Assignment } from '../../utils/domain/types';
import { launchWithExtension } from '../chromium';
import { type BasePost, storeAssignments } from './data';
import { ask, departmentIds, openPopup } from './extension';
import { fmt } from './figures';
import { DB, extensionDir, fail, log } from './settings';

export interface Desk {
  context: BrowserContext;
  popup: Page;
  deptIds: string[];
  all: Assignment[];
  /** Each batch's import, in ms. */
  importMs: number[];
  totalImportMs: number;
}

export async function openDesk(nowMs: number, base: BasePost[]): Promise<Desk> {
  const context = await launchWithExtension({ extensionDir });
  try {
    const popup = await openPopup(context);
    const deptIds = await departmentIds(popup);
    const all = storeAssignments(base, nowMs, deptIds, DB.batches * DB.batchSize);
    const importMs: number[] = [];
    const t0 = performance.now();
    for (let b = 0; b < DB.batches; b++) {
      const batch = all.slice(b * DB.batchSize, (b + 1) * DB.batchSize);
      const t = performance.now();
      const { imported } = await ask<{ imported: number }>(popup, 'importAssignments', {
        assignments: batch,
      });
      importMs.push(performance.now() - t);
      if (imported !== batch.length) fail(`imported ${imported} of ${batch.length}`);
    }
    const totalImportMs = performance.now() - t0;
    log(`stored ${all.length} assignments in ${fmt(totalImportMs / 1000, 1)} s`);
    return { context, popup, deptIds, all, importMs, totalImportMs };
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}
