import { describe, expect, test } from 'vitest';
import type { Actor } from '../../utils/domain/actor';
import { createActorMemory } from './actor-memory';

const dewi: Actor = { username: 'dewi', role: 'department', departmentId: 'dlh' };
const rina: Actor = { username: 'rina', role: 'triage', departmentId: '' };

describe('the actor kept in the worker', () => {
  test('is read once, then answered from memory', async () => {
    let reads = 0;
    const memory = createActorMemory(async () => (reads++, dewi));
    expect(memory.known()).toBeUndefined();
    const [a, b] = await Promise.all([memory.get(), memory.get()]);
    expect([a, b, await memory.get(), memory.known()]).toEqual([dewi, dewi, dewi, dewi]);
    expect(reads).toBe(1);
  });

  test('a status heard while reading wins over the older read', async () => {
    let answer: (actor: Actor | null) => void = () => {};
    const memory = createActorMemory(() => new Promise((resolve) => (answer = resolve)));
    const reading = memory.get();
    expect(memory.heard(null)).toBe(true);
    answer(dewi);
    expect(await reading).toBeNull();
    expect(memory.known()).toBeNull();
  });

  test('says whether a status changed who acts', async () => {
    const memory = createActorMemory(async () => dewi);
    await memory.get();
    expect(memory.heard({ ...dewi })).toBe(false);
    expect(memory.heard(rina)).toBe(true);
    expect(memory.heard(null)).toBe(true);
    expect(memory.heard(null)).toBe(false);
  });

  test('a failed read is tried again', async () => {
    let reads = 0;
    const memory = createActorMemory(async () => {
      if (reads++ === 0) throw new Error('closed');
      return rina;
    });
    await expect(memory.get()).rejects.toThrow('closed');
    expect(await memory.get()).toEqual(rina);
  });
});
