/**
 * What is kept beside the items, in the same transaction as every item write: the open
 * counters (`open-counters.ts`), which mentions wait for triage (`mention-waiting.ts`) and the
 * report's rows (`report-rows.ts`). Every writer of items calls this one function with its
 * writes; a restore, which replaces them all at once, keeps the same three itself.
 */
import type { IDBPTransaction } from 'idb';
import type { Assignment } from '../domain/types';
import { markWaiting, type WaitingTx } from './mention-waiting';
import { adjustOpenCounts, type CountersTx } from './open-counters';
import { writeReportRows, type ReportRowsTx } from './report-rows';
import type { TanggapSchema } from './schema';

export const ITEM_WRITE_STORES: ('assignments' | 'counters' | 'mentions' | 'report-days')[] = [
  'assignments',
  'counters',
  'mentions',
  'report-days',
];
export type ItemWritesTx = IDBPTransaction<TanggapSchema, typeof ITEM_WRITE_STORES, 'readwrite'>;

/** Item writes, each before → after (`undefined`: not stored, or removed). */
export type ItemWrites = readonly (readonly [Assignment | undefined, Assignment | undefined])[];

export async function afterItemWrites(tx: ItemWritesTx, writes: ItemWrites): Promise<void> {
  const items = writes.flatMap(([before, after]) => {
    const id = after?.tweetId ?? before?.tweetId;
    return id === undefined ? [] : [[id, after] as const];
  });
  await Promise.all([
    adjustOpenCounts(tx as unknown as CountersTx, writes),
    markWaiting(tx as unknown as WaitingTx, items),
    writeReportRows(tx as unknown as ReportRowsTx, writes),
  ]);
}
