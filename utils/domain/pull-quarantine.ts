/**
 * A pulled page, record by record: what this browser takes, and what it quarantines. The
 * server checks with the same schemas, so a record no browser can take should never come;
 * if one does (a server or a browser of another version, a row stored before a rule), it
 * must not stop the team's sync: the rest of the page applies and the cursor moves on.
 */
import * as v from 'valibot';
import { messageOf, parse } from './schemas/parse';
import { MAX_QUARANTINE_REASON_LENGTH, pulledRecordSchemas, pullFrameSchema } from './schemas/wire';
import type { PullResponse, QuarantineReport } from './sync-protocol';
import { MAX_QUARANTINED, type StoredQuarantined } from './sync-state';
import { storableText, truncate } from './text';
import type { Mention } from './mentions';
import type { Assignment, Department } from './types';

export interface SplitPage {
  /** The page without the records this browser cannot take. */
  page: PullResponse;
  /** Those records, each with the first fault found, naming its field. */
  quarantined: QuarantineReport[];
}

type Kind = QuarantineReport['kind'];

/**
 * Checks a pull answer: its frame (cursor, epoch, …) whole, since without it nothing can be
 * applied (a `bad-request` naming the field, as `parsePullResponse`), then each record alone.
 */
export function splitPulledPage(x: unknown): SplitPage {
  const frame = parse(pullFrameSchema, x, 'pull answer');
  const quarantined: QuarantineReport[] = [];

  function take<S extends v.GenericSchema>(
    schema: S,
    record: unknown,
    kind: Kind,
  ): v.InferOutput<S> | undefined {
    const result = v.safeParse(schema, record, { abortEarly: true });
    if (result.success) return result.output;
    quarantined.push({
      kind,
      id: idOf(kind, record),
      version: frame.cursor,
      reason: reasonOf(messageOf(result.issues[0], kind)),
    });
    return undefined;
  }
  const taken = <S extends v.GenericSchema>(schema: S, records: unknown[], kind: Kind) =>
    records.flatMap((r) => {
      const out = take(schema, r, kind);
      return out === undefined ? [] : [out as v.InferOutput<S>];
    });

  const { assignment, removal, department, settings, mention } = pulledRecordSchemas;
  const page: PullResponse = {
    cursor: frame.cursor,
    lastMutationId: frame.lastMutationId,
    assignments: taken(assignment, frame.assignments, 'assignment') as Assignment[],
    removedAssignmentIds: taken(removal, frame.removedAssignmentIds, 'assignment'),
    directory:
      frame.directory === null
        ? null
        : (taken(department, frame.directory, 'department') as Department[]),
    settings: frame.settings === null ? null : (take(settings, frame.settings, 'settings') ?? null),
    mentions: taken(mention, frame.mentions, 'mention') as Mention[],
    more: frame.more,
    epoch: frame.epoch,
    reset: frame.reset,
  };
  return { page, quarantined };
}

/** The record's own id when it is a readable one (never its content), else ''. */
function idOf(kind: Kind, record: unknown): string {
  if (kind === 'settings') return '';
  if (typeof record === 'string') return /^[0-9]{1,25}$/.test(record) ? record : '';
  if (typeof record !== 'object' || record === null) return '';
  const id = (record as { tweetId?: unknown; id?: unknown })[
    kind === 'assignment' || kind === 'mention' ? 'tweetId' : 'id'
  ];
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(id) ? id : '';
}

/**
 * The fault on one line, short enough for a log line. It names the field and the rule; a
 * value some rules quote (a date, a handle) is left out, since the reason goes to the
 * server's log, which holds no content.
 */
function reasonOf(message: string): string {
  const line = storableText(message)
    .replace(/"(?:[^"\\]|\\.)*(?:"|$)/g, '"…"')
    // eslint-disable-next-line no-control-regex -- a key may hold a line break
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  return truncate(line || 'unreadable', MAX_QUARANTINE_REASON_LENGTH);
}

/**
 * The quarantine after a page was applied: a record the page brings readable (a later
 * version, a removal, a new directory or settings) leaves it; each record the page could not
 * take enters it, once per record and reason (one already there keeps its `reported`, so
 * the server's log hears of it once); the last `MAX_QUARANTINED` stay.
 */
export function quarantineAfter(
  kept: readonly StoredQuarantined[],
  page: PullResponse,
  fresh: readonly QuarantineReport[],
  at: string,
): StoredQuarantined[] {
  const items = new Set([...page.assignments.map((a) => a.tweetId), ...page.removedAssignmentIds]);
  const mentions = new Set(page.mentions.map((m) => m.tweetId));
  const replaced = (q: QuarantineReport) =>
    q.kind === 'assignment'
      ? items.has(q.id)
      : q.kind === 'mention'
        ? mentions.has(q.id)
        : q.kind === 'department'
          ? page.directory !== null
          : page.settings !== null;
  const sameRecord = (a: QuarantineReport, b: QuarantineReport) =>
    a.kind === b.kind && a.id === b.id;
  const stays = kept.filter((q) => !replaced(q) && !fresh.some((f) => sameRecord(f, q)));
  const added: StoredQuarantined[] = [];
  for (const f of fresh) {
    if (added.some((a) => sameRecord(a, f) && a.reason === f.reason)) continue;
    added.push(
      kept.find((q) => sameRecord(q, f) && q.reason === f.reason) ?? {
        ...f,
        at,
        reported: false,
      },
    );
  }
  return [...stays, ...added].slice(-MAX_QUARANTINED);
}
