// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createProgramme } from '../../tests/factories';
import type { sendToBackground } from '../../utils/messaging/transport';
import type { ProgrammeStats as Stats } from '../../utils/domain/programmes';
import { ProgrammeStatsContainer } from './programme-stats';
import { useTestRoot } from '../../tests/test-root';

const DAYS = ['2026-11-26', '2026-11-27', '2026-11-28'];
const row = (id: string, counts: number[]) => ({
  id,
  name: id,
  label: id.toUpperCase(),
  color: '#0B6E4F',
  active: true,
  counts,
  total: counts.reduce((a, b) => a + b, 0),
});

let root: HTMLElement;
let answer: () => Stats;
let asked: number;
let days: unknown;
const send = (async (name: string, data: { days: number }) => {
  if (name !== 'programmeStats') throw new Error(`unexpected ${name}`);
  asked += 1;
  days = data.days;
  return answer();
}) as typeof sendToBackground;

useTestRoot((el) => (root = el));
beforeEach(() => {
  asked = 0;
});

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const counts = (id: string) =>
  [...root.querySelectorAll(`tr[data-programme-id="${id}"] td[data-count]`)].map(
    (td) => td.textContent,
  );

test('a failed load is said, not shown as an empty table', async () => {
  answer = () => {
    throw new Error('The background did not answer');
  };
  act(() => render(<ProgrammeStatsContainer send={send} />, root));
  await flush();
  expect(root.querySelector('[role="alert"]')!.textContent).toBe('The background did not answer');
  expect(root.querySelector('table')).toBeNull();
  expect(root.querySelector('.empty')).toBeNull();
});

test('a change of programmes reloads the counts while the popup is open', async () => {
  answer = () => ({ days: DAYS, programmes: [row('kur', [1, 0, 2])] });
  act(() => render(<ProgrammeStatsContainer send={send} />, root));
  await flush();
  expect(counts('kur')).toEqual(['1', '0', '2']);

  answer = () => ({ days: DAYS, programmes: [row('kur', [1, 0, 2]), row('beasiswa', [0, 4, 0])] });
  await act(async () => {
    // The listener answers nothing to an event; the reload it starts is awaited below.
    void fakeBrowser.runtime.onMessage.trigger(
      {
        tanggap: 'event',
        name: 'programmesChanged',
        data: { programmes: [createProgramme({ id: 'beasiswa' })] },
      },
      {},
      () => {},
    );
  });
  await flush();
  expect(asked).toBe(2);
  expect(counts('beasiswa')).toEqual(['0', '4', '0']);
  expect(root.querySelector('tr[data-programme-id="beasiswa"] [data-total]')!.textContent).toBe(
    '4',
  );
});

test('the last seven days are asked for and shown', async () => {
  answer = () => ({ days: DAYS, programmes: [row('kur', [0, 3, 2])] });
  act(() => render(<ProgrammeStatsContainer send={send} />, root));
  await flush();
  expect(days).toBe(7);
  expect(counts('kur')).toEqual(['0', '3', '2']);
});
