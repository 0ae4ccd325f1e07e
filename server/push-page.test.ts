import { describe, expect, test } from 'vitest';
import { eachStatement } from './test/counting-store';
import { assignArgs, BACKENDS, newWorld, pushWithPage, useBackend } from './test/helpers';
import { parseExposition, valueOf } from './test/prometheus';

/** The value of `name` (with `labels`) in the server's `/metrics` now. */
async function metric(url: string, name: string, labels: Record<string, string> = {}) {
  return valueOf(parseExposition(await (await fetch(`${url}/metrics`)).text()), name, labels);
}

describe.each(BACKENDS)('the page a push answer carries, on %s', (name) => {
  const backend = useBackend(name);

  async function team() {
    const world = await newWorld(backend);
    const [admin, triage] = [await world.officer('admin'), await world.officer('triage')];
    await Promise.all([admin.pull(), triage.pull()]);
    return { world, admin, triage };
  }

  test('without a cursor in the query, the answer is as before: no page', async () => {
    const { triage } = await team();
    const answer = await triage.push([triage.mutation('assignPost', assignArgs('dlh'))]);
    expect(answer).toEqual({ lastMutationId: 1, refused: [] });
  });

  test('holds what a pull from the cursor returns after the push: others’ changes and its own, confirmed', async () => {
    const { admin, triage } = await team();
    const before = triage.cursor;
    await admin.push([admin.mutation('assignPost', assignArgs('dinkes'))]);
    const mine = triage.mutation('assignPost', assignArgs('dlh'));

    const answer = await pushWithPage(triage, [mine]);

    expect(answer).toMatchObject({ lastMutationId: 1, refused: [] });
    const page = answer.page!;
    expect(page).toMatchObject({ lastMutationId: 1, more: false, reset: false });
    expect(page.assignments.map((a) => [a.departmentId, a.assignedBy])).toEqual([
      ['dinkes', admin.username],
      ['dlh', triage.username],
    ]);
    // The same page a pull from that cursor returns now.
    triage.cursor = before;
    expect(await triage.pull()).toEqual(page);
  });

  test('a refused change: the page brings the server’s truth, and confirms it', async () => {
    const { admin, triage } = await team();
    await admin.push([admin.mutation('removeDepartment', { id: 'rsud' })]);
    const args = assignArgs('rsud');

    const answer = await pushWithPage(triage, [triage.mutation('assignPost', args)]);

    expect(answer.refused).toEqual([
      expect.objectContaining({ id: 1, code: 'unknown-department' }),
    ]);
    expect(answer.page).toMatchObject({ lastMutationId: 1, more: false, assignments: [] });
    expect(answer.page!.removedAssignmentIds).toEqual([args.post.id]);
    expect(answer.page!.directory?.map((d) => d.id)).not.toContain('rsud');
  });

  test('bounded as a pull: `limit` cuts it, with `more`, at the version it stops', async () => {
    const { admin, triage } = await team();
    await admin.push([1, 2, 3].map(() => admin.mutation('assignPost', assignArgs('dlh'))));

    const answer = await pushWithPage(
      triage,
      [triage.mutation('assignPost', assignArgs('dishub'))],
      2,
    );

    expect(answer.page).toMatchObject({ more: true, lastMutationId: 0 });
    expect(answer.page!.assignments).toHaveLength(2);
    triage.cursor = answer.page!.cursor;
    const rest = await triage.pull();
    expect(rest).toMatchObject({ more: false, lastMutationId: 1 });
    expect(rest.assignments.map((a) => a.departmentId)).toEqual(['dlh', 'dishub']);
  });

  test('a cursor ahead of the team (a restored database) is answered `reset`, as a pull is', async () => {
    const { triage } = await team();
    triage.cursor += 50;

    const answer = await pushWithPage(triage, [triage.mutation('assignPost', assignArgs('dlh'))]);

    expect(answer.lastMutationId).toBe(1);
    expect(answer.page).toMatchObject({ reset: true, lastMutationId: 1, more: false });
    expect(answer.page!.assignments).toHaveLength(1);
  });

  test('a query that is no cursor is refused, and nothing is applied', async () => {
    const { triage } = await team();
    const res = await triage.call('POST', '/v1/push?cursor=-1', {
      clientId: triage.clientId,
      mutations: [triage.mutation('assignPost', assignArgs('dlh'))],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad-request' } });
    expect((await triage.pull()).assignments).toEqual([]);
  });

  test('a page that cannot be read leaves the push committed and answered, the failure counted; a pull brings it', async () => {
    // The database cancels a page's first statement (the one after the push) while
    // `failPages` is set.
    const store = await backend.newStore();
    let failPages = false;
    const timedOut = () =>
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    const failing = eachStatement(store, (sql, params, send) =>
      failPages && /t\.directory_version/.test(sql)
        ? Promise.reject(timedOut())
        : send(sql, params),
    );
    const world = await newWorld(backend, {}, failing);
    const triage = await world.officer('triage');
    await triage.pull();
    const failures = () =>
      metric(world.url, 'tanggap_database_errors_total', { kind: 'statement' });
    const before = await failures();

    failPages = true;
    const answer = await pushWithPage(triage, [triage.mutation('assignPost', assignArgs('dlh'))]);
    failPages = false;

    expect(answer).toEqual({ lastMutationId: 1, refused: [] });
    expect((await failures()) - before).toBe(1);
    const page = await triage.pull();
    expect(page).toMatchObject({ lastMutationId: 1, more: false });
    expect(page.assignments.map((a) => a.departmentId)).toEqual(['dlh']);
  });

  test('a purge between the push’s write and its page: no page, and the pull starts again', async () => {
    // The retention moves the team's horizon to its version right after the push's write.
    const store = await backend.newStore();
    let purgeAfterWrite = false;
    const purging = eachStatement(store, async (sql, params, send) => {
      const rows = await send(sql, params);
      if (purgeAfterWrite && /^WITH team AS/.test(sql)) {
        purgeAfterWrite = false;
        await store.query('UPDATE teams SET purged_version = version');
      }
      return rows;
    });
    const world = await newWorld(backend, {}, purging);
    const [admin, triage] = [await world.officer('admin'), await world.officer('triage')];
    await triage.pull();
    await admin.push([admin.mutation('assignPost', assignArgs('dinkes'))]);
    await triage.pull();

    purgeAfterWrite = true;
    const answer = await pushWithPage(triage, [triage.mutation('assignPost', assignArgs('dlh'))]);

    expect(answer).toEqual({ lastMutationId: 1, refused: [] });
    const page = await triage.pull();
    expect(page).toMatchObject({ reset: true, lastMutationId: 1, more: false });
    expect(page.assignments.map((a) => a.departmentId)).toEqual(['dinkes', 'dlh']);
  });

  test('read in the push’s turn for the database, as the login is: the answer waits in its line once', async () => {
    const { world, admin, triage } = await team();
    await admin.push([admin.mutation('assignPost', assignArgs('dinkes'))]);
    const turns = () =>
      metric(world.url, 'tanggap_database_wait_seconds_count', { for: 'request' });
    const before = await turns();

    const answer = await pushWithPage(triage, [triage.mutation('assignPost', assignArgs('dlh'))]);

    expect(answer.page!.assignments.map((a) => a.departmentId)).toEqual(['dinkes', 'dlh']);
    expect((await turns()) - before).toBe(1);
  });

  test('counted apart from the pulls, in /metrics', async () => {
    const { world, triage } = await team();
    const count = (name: string) => metric(world.url, name);
    const [pages, pulls] = [
      await count('tanggap_push_pages_total'),
      await count('tanggap_pulls_total'),
    ];
    await pushWithPage(triage, [triage.mutation('assignPost', assignArgs('dlh'))]);
    expect(await count('tanggap_push_pages_total')).toBe(pages + 1);
    expect(await count('tanggap_pulls_total')).toBe(pulls);
  });
});
