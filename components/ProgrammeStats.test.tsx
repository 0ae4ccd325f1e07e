// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test } from 'vitest';
import type { ProgrammeStats as Stats } from '../utils/domain/programmes';
import { ProgrammeStats } from './ProgrammeStats';
import { useTestRoot } from '../tests/test-root';

const WEEK = [
  '2026-11-22',
  '2026-11-23',
  '2026-11-24',
  '2026-11-25',
  '2026-11-26',
  '2026-11-27',
  '2026-11-28',
];
const kur = {
  id: 'kur',
  name: 'KUR',
  label: 'KUR',
  color: '#8A4B00',
  active: true,
  counts: [0, 0, 1, 0, 0, 3, 2],
  total: 6,
};
const lama = {
  id: 'lama',
  name: 'Lama',
  label: 'Lama',
  color: '',
  active: false,
  counts: [0, 0, 0, 0, 0, 0, 0],
  total: 0,
};

let root: HTMLElement;
useTestRoot((el) => (root = el));

function show(stats: Stats | undefined, error?: string) {
  act(() => {
    render(<ProgrammeStats stats={stats} error={error} />, root);
  });
}
const $ = (selector: string) => root.querySelector<HTMLElement>(selector);

test('a table of posts per programme per day, with the week total', () => {
  show({ days: WEEK, programmes: [kur, lama] });
  const headers = [...root.querySelectorAll('thead th')].map((th) => th.textContent);
  expect(headers).toHaveLength(9);
  // 2026-11-28 is a Saturday.
  expect(headers[7]).toBe('Sat');
  const row = $('tr[data-programme-id="kur"]')!;
  expect([...row.querySelectorAll('td[data-count]')].map((td) => td.textContent)).toEqual([
    '0',
    '0',
    '1',
    '0',
    '0',
    '3',
    '2',
  ]);
  expect(row.querySelector('[data-total]')!.textContent).toBe('6');
  expect(row.querySelector('th')!.getAttribute('scope')).toBe('row');
  expect($('tr[data-programme-id="lama"] th')!.textContent).toMatch(/\(inactive\)/);
});

test('each day’s heading names the full date for a screen reader', () => {
  show({ days: WEEK.slice(4), programmes: [{ ...kur, counts: [0, 0, 1], total: 1 }] });
  const abbr = [...root.querySelectorAll('thead abbr')];
  expect(abbr).toHaveLength(3);
  expect(abbr[2]!.textContent).toBe('Sat');
  expect(abbr[2]!.getAttribute('title')).toMatch(/Saturday.*28|28.*Saturday/);
});

test('none yet: says where to add them', () => {
  show({ days: [], programmes: [] });
  expect($('table')).toBeNull();
  expect($('.empty')!.textContent).toMatch(/options page/);
});

test('while loading, neither a table nor "none yet"', () => {
  show(undefined);
  expect($('table')).toBeNull();
  expect($('.empty')).toBeNull();
});

test('an error is said, not shown as an empty table', () => {
  show(undefined, 'The background did not answer');
  expect($('[role="alert"]')!.textContent).toBe('The background did not answer');
  expect($('table')).toBeNull();
});
