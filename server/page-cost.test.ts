/**
 * What a page of changes costs the database, in statements (each a round trip): the page a
 * browser pulls after a change, the one an event carries and the one a push answer carries are
 * nearly always a few changes, and under load their round trips are the server's main work.
 */
import { describe, expect, test } from 'vitest';
import { PageCache } from './page-cache';
import { changedEvent, teamVersion } from './sync';
import { counting } from './test/counting-store';
import { assignArgs, BACKENDS, newWorld, pushWithPage, useBackend } from './test/helpers';

describe.each(BACKENDS)('the cost of a page of changes on %s', (name) => {
  const backend = useBackend(name);

  async function team() {
    const { store, sent } = counting(await backend.newStore());
    const world = await newWorld(backend, {}, store);
    const [admin, triage] = [await world.officer('admin'), await world.officer('triage')];
    await Promise.all([admin.pull(), triage.pull()]);
    const cost = async <T>(fn: () => Promise<T>) => {
      const before = sent.statements;
      const result = await fn();
      return { result, statements: sent.statements - before };
    };
    return { world, admin, triage, cost };
  }

  test('a pull of a few changes: one statement for the login and the team, one for the page', async () => {
    const { admin, triage, cost } = await team();
    await admin.push([0, 1, 2].map(() => admin.mutation('assignPost', assignArgs('dlh'))));

    const { result: page, statements } = await cost(() => triage.pull());

    expect(page.assignments).toHaveLength(3);
    expect(page.more).toBe(false);
    expect(statements).toBe(2);
  });

  test('a push answer’s page costs the push one statement more: the page, from what the push wrote', async () => {
    const { admin, triage, cost } = await team();
    const plain = await cost(() => triage.push([triage.mutation('assignPost', assignArgs('dlh'))]));
    await admin.push([admin.mutation('assignPost', assignArgs('dinkes'))]);

    const { result: answer, statements } = await cost(() =>
      pushWithPage(triage, [triage.mutation('assignPost', assignArgs('dlh'))]),
    );

    expect(answer.page!.assignments.map((a) => a.departmentId)).toEqual(['dlh', 'dinkes', 'dlh']);
    expect(statements).toBe(plain.statements + 1);
  });

  test('an event’s page of a few changes is one statement', async () => {
    const { world, admin, cost } = await team();
    const version = await teamVersion(world.store, world.teamId);
    await admin.push([admin.mutation('assignPost', assignArgs('dlh'))]);

    const { result: event, statements } = await cost(() =>
      changedEvent(world.store, new PageCache(), world.teamId, version),
    );

    expect(JSON.parse(event!.json).page.assignments).toHaveLength(1);
    // The team's version, then the page.
    expect(statements).toBe(2);
  });

  test.each([63, 64, 65, 200])(
    'a page of %i changes holds each once, in order, however many statements it takes',
    async (changes) => {
      const { admin, triage } = await team();
      const args = Array.from({ length: changes }, () => assignArgs('dlh'));
      // In pushes of at most 100 changes, as a browser sends them.
      for (let i = 0; i < changes; i += 100) {
        await admin.push(args.slice(i, i + 100).map((a) => admin.mutation('assignPost', a)));
      }

      const page = await triage.pull();

      expect(page.more).toBe(false);
      expect(page.assignments.map((a) => a.tweetId)).toEqual(args.map((a) => a.post.id));
    },
  );
});
