import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAssignment } from '../../tests/factories';
import { changeStatus, unassign } from '../../utils/domain/assignment-ops';
import { BOM } from '../../utils/domain/csv-export';
import { putAssignments } from '../../utils/storage/assignments';
import { seedDepartments } from '../../utils/storage/departments';
import { putNotificationRecords } from '../../utils/storage/escalations';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { type CsvExportPosition } from '../../utils/messaging/protocol';
import { TanggapError } from '../../utils/domain/errors';
import { HOUR_MS } from '../../utils/domain/sla';
import { createDataHandlers } from './data-handlers';

const NOW = new Date('2025-03-10T05:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const sender = {};
let db: TanggapDb;
let count = 0;
let onDataReplaced: ReturnType<typeof vi.fn<() => Promise<void>>>;
let handlers: ReturnType<typeof createDataHandlers>;

beforeEach(async () => {
  db = await openTanggapDb(`data-${++count}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  onDataReplaced = vi.fn(async () => {});
  handlers = createDataHandlers({
    db: async () => db,
    now: () => NOW,
    onDataReplaced,
    csvPageSize: 10,
  });
});
afterEach(() => db.close());

async function rejects(promise: unknown, message: RegExp) {
  const error = await Promise.resolve(promise).then(
    () => expect.unreachable('should have failed'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TanggapError);
  expect((error as TanggapError).message).toMatch(message);
}

/** Reads every page of an export, as the options page does. */
async function exportAll(req: { from?: string; to?: string; departmentIds?: string[] } = {}) {
  let csv = '';
  let after: CsvExportPosition | undefined;
  let pages = 0;
  for (;;) {
    const page = await handlers.exportCsvPage({ ...req, ...(after && { after }) }, sender);
    csv += page.csv;
    pages++;
    if (!page.next) return { csv, pages };
    after = page.next;
  }
}
const ids = (csv: string) =>
  csv
    .split('\r\n')
    .slice(1, -1)
    .map((line) => line.split(',')[0]);

describe('exportCsvPage', () => {
  test('one header with a BOM, then every assigned item by assignment date; never unassigned ones', async () => {
    const early = createAssignment({ assignedAt: '2025-03-01T01:00:00.000Z' });
    const late = createAssignment({ departmentId: 'dlh', assignedAt: '2025-03-09T01:00:00.000Z' });
    const dropped = unassign(createAssignment(), 'x', '2025-03-05T00:00:00.000Z');
    await putAssignments(db, [late, dropped, early]);
    const { csv } = await exportAll();
    expect(csv.startsWith(`${BOM}service_request_id,`)).toBe(true);
    expect(csv.split(BOM)).toHaveLength(2);
    expect(ids(csv)).toEqual([early.tweetId, late.tweetId]);
  });

  test('a date range (from inclusive, to exclusive) and departments', async () => {
    const at = (day: string, departmentId = 'dsdabm') =>
      createAssignment({ departmentId, assignedAt: `2025-03-${day}T03:00:00.000Z` });
    const [a, b, c, d] = [at('01'), at('02', 'dlh'), at('03', 'dishub'), at('04', 'dlh')];
    await putAssignments(db, [a!, b!, c!, d!]);
    const range = { from: '2025-03-02T03:00:00.000Z', to: '2025-03-04T03:00:00.000Z' };
    expect(ids((await exportAll(range)).csv)).toEqual([b!.tweetId, c!.tweetId]);
    expect(ids((await exportAll({ departmentIds: ['dlh'] })).csv)).toEqual([
      b!.tweetId,
      d!.tweetId,
    ]);
    expect(ids((await exportAll({ ...range, departmentIds: ['dlh', 'dishub'] })).csv)).toEqual([
      b!.tweetId,
      c!.tweetId,
    ]);
  });

  test('pages continue exactly where they stopped, also among items assigned at the same instant', async () => {
    // More than a page, all at one instant: the position must use the post id too.
    const list = Array.from({ length: 25 }, () =>
      createAssignment({ assignedAt: '2025-03-02T03:00:00.000Z' }),
    );
    await putAssignments(db, list);
    const { csv, pages } = await exportAll();
    expect(pages).toBe(3);
    const exported = ids(csv);
    expect(exported).toHaveLength(list.length);
    expect(new Set(exported).size).toBe(list.length);
  });

  test('bad filters are refused', async () => {
    await rejects(handlers.exportCsvPage({ from: 'last week' }, sender), /request.from/);
    await rejects(
      handlers.exportCsvPage({ from: '2025-03-02T00:00:00Z', to: '2025-03-01T00:00:00Z' }, sender),
      /before/,
    );
    await rejects(
      handlers.exportCsvPage({ departmentIds: ['DLH; DROP'] }, sender),
      /departmentIds\[0\]/,
    );
    await rejects(
      handlers.exportCsvPage({ after: { assignedAt: 'x', tweetId: '1' } }, sender),
      /after.assignedAt/,
    );
  });
});

describe('getEscalationDigest', () => {
  test('the overdue items, in Indonesian', async () => {
    const overdue = createAssignment({
      departmentId: 'dlh',
      assignedAt: iso(NOW.getTime() - 30 * HOUR_MS),
    });
    const notYet = createAssignment({ assignedAt: iso(NOW.getTime() - HOUR_MS) });
    await putAssignments(db, [overdue, notYet]);
    const digest = await handlers.getEscalationDigest({}, sender);
    expect(digest.overdue).toBe(1);
    expect(digest.text).toContain('*Dinas Lingkungan Hidup (DLH): 1 aduan*');
    expect(digest.text).toContain(overdue.post.url);
    expect(digest.text).not.toContain(notYet.post.url);
  });
});

describe('dataReplaced', () => {
  test('the options page’s news of a restore is passed on once', async () => {
    expect(await handlers.dataReplaced({}, sender)).toEqual({ ok: true });
    expect(onDataReplaced).toHaveBeenCalledTimes(1);
  });

  test('a failed broadcast does not report the committed restore as failed', async () => {
    onDataReplaced.mockRejectedValueOnce(new Error('no tabs'));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await handlers.dataReplaced({}, sender)).toEqual({ ok: true });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});

describe('getNotificationItems', () => {
  const overdueBy = (hours: number, departmentId = 'dlh') =>
    createAssignment({ departmentId, assignedAt: iso(NOW.getTime() - (24 + hours) * HOUR_MS) });

  test('exactly the items the notification named, most overdue first, as they are now', async () => {
    const [a, b, c, other] = [overdueBy(1), overdueBy(3, 'dishub'), overdueBy(2), overdueBy(5)];
    await putAssignments(db, [a!, b!, c!, other!]);
    await putNotificationRecords(
      db,
      [
        {
          id: 'n1',
          record: { at: NOW.toISOString(), tweetIds: [a!.tweetId, b!.tweetId, c!.tweetId] },
        },
      ],
      iso(0),
    );
    // Responded since: still one of the items named, shown as it is now.
    await putAssignments(db, [changeStatus(c!, 'responded', 'x', NOW.toISOString())]);
    const answer = await handlers.getNotificationItems({ id: 'n1' }, sender);
    expect(answer?.items.map((x) => [x.tweetId, x.status])).toEqual([
      [b!.tweetId, 'open'],
      [c!.tweetId, 'responded'],
      [a!.tweetId, 'open'],
    ]);
    expect(answer?.total).toBe(3);
    const first = await handlers.getNotificationItems({ id: 'n1', limit: 1 }, sender);
    expect(first).toEqual({ items: [answer!.items[0]], total: 3 });
  });

  test('an unknown or pruned notification answers null', async () => {
    expect(
      await handlers.getNotificationItems({ id: 'tanggap-escalation:overdue:dlh:1' }, sender),
    ).toBeNull();
  });

  test.each([
    ['no id', {}],
    ['an empty id', { id: '' }],
    ['a number', { id: 42 }],
    ['a bad limit', { id: 'n1', limit: 0 }],
  ])('a bad request (%s) is refused', async (_, req) => {
    await rejects(handlers.getNotificationItems(req as never, sender), /request\.(id|limit)/);
  });
});
