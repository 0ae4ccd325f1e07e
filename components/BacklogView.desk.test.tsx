// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAssignment, createDepartment } from '../tests/factories';
import type { BacklogPeriod } from '../utils/domain/backlog-period';
import type { Assignment, Backlog } from '../utils/domain/types';
import { BacklogView, SEARCH_DEBOUNCE_MS } from './BacklogView';
import { t } from '../utils/i18n/i18n';
import type { BulkChange, BulkOutcome } from './BulkActions';

const H = 3_600_000;
const now = Date.parse('2026-12-06T05:00:00.000Z');
const departments = [
  createDepartment({ id: 'dinas-pu', shortName: 'Dinas PU', name: 'Dinas Pekerjaan Umum' }),
  createDepartment({ id: 'dlh', shortName: 'DLH', name: 'Dinas Lingkungan Hidup' }),
];

/** `count` open items, by deadline; every tenth is the DLH's rubbish, the rest road works. */
function items(count: number): Assignment[] {
  return Array.from({ length: count }, (_, i) =>
    createAssignment({
      tweetId: String(1000 + i),
      departmentId: i % 10 === 0 ? 'dlh' : 'dinas-pu',
      assignedAt: new Date(now - 20 * H + i * 60_000).toISOString(),
      post: {
        authorHandle: `warga_${i}`,
        authorName: i === 3 ? 'Bu Déwi' : `Warga ${i}`,
        text: i % 10 === 0 ? `Sampah menumpuk nomor ${i}` : `Jalan berlubang nomor ${i}`,
        createdAt: new Date(now - 21 * H).toISOString(),
        url: `https://x.com/warga_${i}/status/${1000 + i}`,
      },
    }),
  );
}

const backlogOf = (list: Assignment[]): Backlog => ({
  summary: { assignedToday: 4, respondedToday: 1, dueSoon: 0, overdue: 0 },
  totalOpen: list.length,
  items: list,
  next: null,
});

let container: HTMLElement;
let onPeriod: ReturnType<typeof vi.fn<(p: BacklogPeriod) => void>>;
let onBulk: ReturnType<typeof vi.fn<(c: BulkChange, ids: string[]) => Promise<BulkOutcome[]>>>;

function show(list: Assignment[], period: BacklogPeriod = 'today') {
  act(() => {
    render(
      <BacklogView
        backlog={backlogOf(list)}
        departments={departments}
        departmentFilter=""
        nowMs={now}
        onFilter={() => {}}
        onOpen={() => {}}
        period={period}
        onPeriod={onPeriod}
        onBulk={onBulk}
      />,
      container,
    );
  });
}

const rows = () =>
  [...container.querySelectorAll<HTMLElement>('[data-backlog-item]')].map((r) => r.dataset.tweetId);
const shownCount = () =>
  Number(container.querySelector<HTMLElement>('[data-shown-count]')!.dataset.shownCount);

function search(text: string) {
  const box = container.querySelector<HTMLInputElement>('input[name="search"]')!;
  act(() => {
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** The pause in typing after which the search filters. */
function pause() {
  act(() => {
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
  });
}

function check(selector: string, shiftKey = false) {
  const box = container.querySelector<HTMLInputElement>(selector)!;
  act(() => {
    box.dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey }));
  });
}

async function press(action: string) {
  await act(async () => {
    container.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!.click();
    await Promise.resolve();
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  container = document.createElement('div');
  document.body.append(container);
  onPeriod = vi.fn();
  onBulk = vi.fn(async (_change, ids) => ids.map((tweetId) => ({ tweetId, ok: true as const })));
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
  vi.useRealTimers();
});

describe('a long backlog', () => {
  test('only the rows in view are in the page, each saying its place in the whole list', () => {
    show(items(5000));
    const drawn = container.querySelectorAll<HTMLElement>('[data-backlog-item]');
    expect(drawn.length).toBeGreaterThan(3);
    expect(drawn.length).toBeLessThan(40);
    expect(drawn[0]!.getAttribute('role')).toBe('listitem');
    expect(drawn[0]!.getAttribute('aria-setsize')).toBe('5000');
    expect(drawn[0]!.getAttribute('aria-posinset')).toBe('1');
    expect(container.querySelector('[role="list"]')!.getAttribute('aria-label')).toBe('Posts');
  });

  test('scrolling to the end draws the last item, without a cut-off', () => {
    show(items(150));
    const scroller = container.querySelector<HTMLElement>('.virtual-scroller')!;
    act(() => {
      scroller.scrollTop = 150 * 72;
      scroller.dispatchEvent(new Event('scroll'));
    });
    expect(rows()).toContain('1149');
    expect(rows()).not.toContain('1000');
  });

  test('scrolled to the end, a search that leaves a few rows draws them at once', () => {
    show(items(150));
    const scroller = container.querySelector<HTMLElement>('.virtual-scroller')!;
    act(() => {
      scroller.scrollTop = 150 * 72;
      scroller.dispatchEvent(new Event('scroll'));
    });
    // No scroll event follows the shorter list: the browser's clamp may come a frame later.
    search('sampah nomor 1');
    pause();
    expect(shownCount()).toBe(6);
    expect(rows()).toEqual(['1010', '1100', '1110', '1120', '1130', '1140']);
  });

  test('the arrow keys move from row to row, drawing the next one', () => {
    show(items(150));
    const first = container.querySelector<HTMLElement>('[data-tweet-id="1000"] button.item')!;
    first.focus();
    act(() => {
      first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(
      document.activeElement?.closest<HTMLElement>('[data-backlog-item]')?.dataset.tweetId,
    ).toBe('1149');
    act(() => {
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }),
      );
    });
    expect(
      document.activeElement?.closest<HTMLElement>('[data-backlog-item]')?.dataset.tweetId,
    ).toBe('1148');
  });
});

describe('search', () => {
  test('narrows by words, author and department once typing pauses; case and accents ignored', () => {
    show(items(200));
    search('SAMPAH');
    expect(shownCount()).toBe(200); // not yet: typing goes on
    pause();
    expect(shownCount()).toBe(20);
    expect(rows().every((id) => Number(id) % 10 === 0)).toBe(true);
    search('lingkungan hidup');
    pause();
    expect(shownCount()).toBe(20);
    search('dewi');
    pause();
    expect(rows()).toEqual(['1003']);
    search('@warga_42');
    pause();
    expect(rows()).toEqual(['1042']);
    search('banjir');
    pause();
    expect(container.textContent).toContain('No post matches.');
  });
});

describe('periods', () => {
  test('today, yesterday and this week are radio buttons; a choice is reported', () => {
    show(items(3));
    const radios = [...container.querySelectorAll<HTMLInputElement>('input[name="period"]')];
    expect(radios.map((r) => [r.value, r.checked])).toEqual([
      ['today', true],
      ['yesterday', false],
      ['week', false],
    ]);
    act(() => radios[1]!.click());
    expect(onPeriod).toHaveBeenCalledWith('yesterday');
  });

  test("another period's counts are that period's, and its empty list says so", () => {
    show([], 'week');
    expect(container.querySelector('[data-count="assigned"] dt')!.textContent).toBe('Assigned');
    expect(container.textContent).toContain('Nothing was assigned in this period.');
  });
});

describe('selection and bulk changes', () => {
  test('select all shown takes what the search shows; one message changes them all', async () => {
    show(items(200));
    search('sampah');
    pause();
    check('input[data-action="select-all"]');
    expect(container.textContent).toContain('20 selected');
    await press('bulk-resolve');
    expect(onBulk).toHaveBeenCalledTimes(1);
    const [change, ids] = onBulk.mock.calls[0]!;
    expect(change).toEqual({ change: 'resolve' });
    expect(ids).toHaveLength(20);
    expect(ids.every((id) => Number(id) % 10 === 0)).toBe(true);
    expect(container.querySelector('[data-bulk-result]')!.textContent).toContain(
      '20 posts changed.',
    );
  });

  test('shift-click selects a range; refused items are named with their reason', async () => {
    show(items(10));
    check('[data-tweet-id="1001"] input[data-action="select"]');
    check('[data-tweet-id="1003"] input[data-action="select"]', true);
    expect(container.textContent).toContain('3 selected');
    onBulk.mockImplementationOnce(async (_c, ids) => [
      { tweetId: ids[0]!, ok: true },
      { tweetId: ids[1]!, ok: false, code: 'forbidden', reason: 'This item is with dlh' },
      { tweetId: ids[2]!, ok: true },
    ]);
    const select = container.querySelector<HTMLSelectElement>('select[name="bulkDepartment"]')!;
    act(() => {
      select.value = 'dlh';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await press('bulk-assign');
    expect(onBulk.mock.calls[0]![0]).toEqual({ change: 'assign', departmentId: 'dlh' });
    const result = container.querySelector('[data-bulk-result]')!.textContent;
    expect(result).toContain('2 posts changed.');
    expect(result).toContain('1 refused:');
    expect(result).toContain('@warga_2: You may not change this post');
    // The refused one stays selected, to try again or leave.
    expect(container.textContent).toContain('1 selected');
  });

  test('a refusal for want of a name is said in words, not the background’s reason', async () => {
    show(items(3));
    check('[data-tweet-id="1001"] input[data-action="select"]');
    onBulk.mockImplementationOnce(async (_c, ids) => [
      { tweetId: ids[0]!, ok: false, code: 'officer-name-required', reason: 'Name needed' },
    ]);
    await press('bulk-resolve');
    const result = container.querySelector('[data-bulk-result]')!.textContent;
    expect(result).toContain(`@warga_1: ${t('errorOfficerNameRequired')}`);
    expect(result).not.toContain('Name needed');
  });
});
