// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi, type Mock } from 'vitest';
import { createAssignment, createDepartment } from '../tests/factories';
import type { Backlog } from '../utils/domain/types';
import { BacklogView } from './BacklogView';

const H = 3_600_000;
const now = Date.parse('2026-11-28T12:00:00.000Z');
const departments = [
  createDepartment({ id: 'dinas-pu', shortName: 'Dinas PU', name: 'Dinas Pekerjaan Umum' }),
  createDepartment({
    id: 'dlh',
    shortName: 'DLH',
    name: 'Dinas Lingkungan Hidup',
    color: '#15803d',
  }),
];
const backlog: Backlog = {
  summary: { assignedToday: 7, respondedToday: 3, dueSoon: 2, overdue: 1 },
  totalOpen: 5,
  next: null,
  items: [
    createAssignment({
      tweetId: '1',
      departmentId: 'dinas-pu',
      assignedAt: new Date(now - 26 * H).toISOString(),
      deadline: new Date(now - 2 * H).toISOString(),
    }),
    createAssignment({
      tweetId: '2',
      departmentId: 'dlh',
      assignedAt: new Date(now - 20 * H).toISOString(),
      deadline: new Date(now + 4 * H).toISOString(),
      post: {
        authorHandle: 'ibu_rt05',
        authorName: 'Ibu RT 05',
        text: '<b>Sampah</b> menumpuk di TPS pasar sudah tiga hari, bau sekali dan banyak lalat di sekitar rumah warga',
        createdAt: new Date(now - 21 * H).toISOString(),
        url: 'https://x.com/ibu_rt05/status/2',
      },
    }),
  ],
};

let container: HTMLElement;
let onOpen: Mock<(url: string) => void>;
let onFilter: Mock<(id: string) => void>;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  onOpen = vi.fn();
  onFilter = vi.fn();
  act(() => {
    render(
      <BacklogView
        backlog={backlog}
        departments={departments}
        departmentFilter=""
        nowMs={now}
        onFilter={onFilter}
        onOpen={onOpen}
      />,
      container,
    );
  });
});
afterEach(() => act(() => render(null, container)));

describe('BacklogView', () => {
  test("shows today's counts", () => {
    const count = (kind: string) =>
      container.querySelector(`[data-count="${kind}"] dd`)?.textContent;
    expect([count('assigned'), count('responded'), count('soon'), count('overdue')]).toEqual([
      '7',
      '3',
      '2',
      '1',
    ]);
  });

  test('lists open items in the given order with department, countdown in words and first words', () => {
    const items = [...container.querySelectorAll<HTMLElement>('[data-backlog-item]')];
    expect(items.map((i) => i.dataset.tweetId)).toEqual(['1', '2']);
    expect(items[0]!.textContent).toContain('Dinas PU');
    expect(items[0]!.textContent).toContain('2 h overdue');
    expect(items[1]!.textContent).toContain('DLH');
    expect(items[1]!.textContent).toContain('4 h left');
    expect(items[1]!.querySelector('button.item')!.getAttribute('aria-label')).toBe(
      'Open the post by @ibu_rt05: due soon: 4 h left',
    );
    // Post text is text, never markup; long text is cut to its first words.
    expect(items[1]!.querySelector('b')).toBeNull();
    expect(items[1]!.querySelector('.text')!.textContent).toBe(
      '<b>Sampah</b> menumpuk di TPS pasar sudah tiga hari, bau sekali dan banyak lalat di…',
    );
  });

  test('a click opens the post', () => {
    act(() => container.querySelector<HTMLButtonElement>('[data-tweet-id="2"] button')!.click());
    expect(onOpen).toHaveBeenCalledWith('https://x.com/ibu_rt05/status/2');
  });

  test('the department filter reports the chosen department', () => {
    const select = container.querySelector('select')!;
    act(() => {
      select.value = 'dlh';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(onFilter).toHaveBeenCalledWith('dlh');
  });
});
