/**
 * Records read back from IndexedDB that the stores' own types cannot vouch for: they were
 * written by this extension, perhaps by an older version of it. A field a newer version added
 * takes its default; a field of the wrong kind (a damaged record) is never used as if it were
 * right.
 */
import * as v from 'valibot';
import type { NotificationRecord } from '../escalation';
import { TanggapError } from '../errors';
import {
  EMPTY_SYNC_STATE,
  SYNC_ERROR_CODES,
  type StoredQuarantined,
  type StoredRefusal,
  type SyncState,
} from '../sync-state';
import { MUTATION_NAMES } from './mutations';
import { messageOf } from './parse';
import { actorSchema, quarantineReportEntries, refusalSchema } from './wire';
import { oneOf, wholeNumber } from './blocks';

const withDefault = <S extends v.GenericSchema>(schema: S, fallback: v.InferOutput<S>) =>
  v.optional(schema, () => structuredClone(fallback));

const syncErrorSchema = v.object({
  code: oneOf(SYNC_ERROR_CODES),
  at: v.string(),
  detail: v.optional(v.string()),
});

const syncStateSchema: v.GenericSchema<unknown, SyncState> = v.object({
  clientId: withDefault(v.string(), EMPTY_SYNC_STATE.clientId),
  nextMutationId: withDefault(wholeNumber(1), EMPTY_SYNC_STATE.nextMutationId),
  cursor: withDefault(wholeNumber(0), EMPTY_SYNC_STATE.cursor),
  lastMutationId: withDefault(wholeNumber(0), EMPTY_SYNC_STATE.lastMutationId),
  pushedUpTo: withDefault(wholeNumber(0), EMPTY_SYNC_STATE.pushedUpTo),
  actor: withDefault(v.nullable(actorSchema), EMPTY_SYNC_STATE.actor),
  username: withDefault(v.string(), EMPTY_SYNC_STATE.username),
  serverUrl: withDefault(v.string(), EMPTY_SYNC_STATE.serverUrl),
  team: withDefault(
    v.nullable(v.object({ id: v.string(), name: v.string() })),
    EMPTY_SYNC_STATE.team,
  ),
  lastSyncAt: withDefault(v.nullable(v.string()), EMPTY_SYNC_STATE.lastSyncAt),
  lastError: withDefault(v.nullable(syncErrorSchema), EMPTY_SYNC_STATE.lastError),
  failures: withDefault(wholeNumber(0), EMPTY_SYNC_STATE.failures),
  epoch: withDefault(v.string(), EMPTY_SYNC_STATE.epoch),
});

/**
 * The stored sync state over the defaults (none stored: the defaults). A damaged one is an
 * `internal` error naming the field: a wrong mutation id or cursor would be sent to the team.
 */
export function storedSyncState(stored: unknown): SyncState {
  const result = v.safeParse(syncStateSchema, stored ?? {}, { abortEarly: true });
  if (result.success) return result.output;
  throw new TanggapError('internal', messageOf(result.issues[0], 'stored sync state'));
}

const storedRefusalSchema: v.GenericSchema<unknown, StoredRefusal> = v.intersect([
  refusalSchema,
  v.object({
    name: v.union([oneOf(MUTATION_NAMES), v.literal('')]),
    /** The post (or department) it was about, '' when none. */
    tweetId: v.string(),
    at: v.string(),
  }),
]);

/** The stored refusals, leaving out any damaged one: they are only shown. */
export function storedRefusals(stored: unknown): StoredRefusal[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((item: unknown) => {
    const result = v.safeParse(storedRefusalSchema, item);
    return result.success ? [result.output] : [];
  });
}

const storedQuarantinedSchema: v.GenericSchema<unknown, StoredQuarantined> = v.object({
  ...quarantineReportEntries,
  at: v.string(),
  reported: v.boolean(),
});

/** The quarantined records, leaving out any damaged one: they are only shown and reported. */
export function storedQuarantined(stored: unknown): StoredQuarantined[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((item: unknown) => {
    const result = v.safeParse(storedQuarantinedSchema, item);
    return result.success ? [result.output] : [];
  });
}

const notificationRecordSchema: v.GenericSchema<unknown, NotificationRecord> = v.object({
  at: v.string(),
  tweetIds: v.pipe(
    v.array(v.unknown()),
    v.transform((ids) => ids.filter((id): id is string => typeof id === 'string')),
  ),
});

/** What a shown notification named, or undefined for none or a damaged record. */
export function storedNotificationRecord(stored: unknown): NotificationRecord | undefined {
  const result = v.safeParse(notificationRecordSchema, stored);
  return result.success ? result.output : undefined;
}
