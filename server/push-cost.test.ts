/**
 * What one push costs the database: the statements it sends (each a round trip, the lock's
 * included), counted where the server meets the store. A push is the team's busiest request;
 * its cost must not grow with the number of changes it carries.
 */
import { describe, expect, test } from 'vitest';
import { counting } from './test/counting-store';
import { assignArgs, BACKENDS, newWorld, useBackend } from './test/helpers';

/**
 * The most statements a push of new changes may cost: the login is read with the first, the
 * write is the second, and the third tells the listening instances once it has committed.
 */
const MAX_STATEMENTS_PER_PUSH = 3;

describe.each(BACKENDS)('the cost of a push on %s', (name) => {
  const backend = useBackend(name);

  test('a push of 1 or of 10 new changes costs the same few statements', async () => {
    const { store, sent } = counting(await backend.newStore());
    const world = await newWorld(backend, {}, store);
    const triage = await world.officer('triage');
    const cost = async (size: number) => {
      const mutations = Array.from({ length: size }, () =>
        triage.mutation('assignPost', assignArgs('dsdabm')),
      );
      const before = sent.statements;
      const answer = await triage.push(mutations);
      expect(answer).toEqual({ lastMutationId: mutations.at(-1)!.id, refused: [] });
      return sent.statements - before;
    };
    const first = await cost(1);
    const one = await cost(1);
    const ten = await cost(10);
    console.log(`${name}: first push ${first}, push of 1: ${one}, push of 10: ${ten} statements`);
    expect(ten).toBe(one);
    expect(first).toBeLessThanOrEqual(MAX_STATEMENTS_PER_PUSH);
    expect(ten).toBeLessThanOrEqual(MAX_STATEMENTS_PER_PUSH);
    // And each of them was stored.
    expect(await triage.pullEverything()).toHaveLength(12);
  });
});
