import { describe, expect, test } from 'vitest';
import { DEFAULT_DEPARTMENTS } from './departments';
import { historyLine } from './history-view';
import { historyWords } from '../i18n/lifecycle-words';
import type { HistoryEvent } from './types';

const departments = new Map(DEFAULT_DEPARTMENTS.map((d) => [d.id, d]));
const at = '2025-03-10T05:07:00.000Z';
const line = (e: Omit<HistoryEvent, 'at'>) =>
  historyLine({ at, ...e }, departments, historyWords(), () => '12:07');

describe('historyLine', () => {
  test.each<[Omit<HistoryEvent, 'at'>, string]>([
    [{ by: 'rina', action: 'assign', to: 'dlh' }, '12:07 rina: assigned to DLH'],
    [
      { by: 'rina', action: 'reassign', from: 'dsdabm', to: 'dlh', reason: 'not-our-remit' },
      '12:07 rina: moved from DSDABM to DLH (not our remit)',
    ],
    [{ by: 'rina', action: 'unassign', from: 'gone' }, '12:07 rina: unassigned from gone'],
    [
      { by: 'rina', action: 'respond', from: 'open', to: 'responded' },
      '12:07 rina: marked responded',
    ],
    [
      { by: '@DSDABM_Kota', action: 'respond', reason: 'https://x.com/DSDABM_Kota/status/9' },
      '12:07 @DSDABM_Kota: replied on X',
    ],
    [
      { by: '@dlh_kota', action: 'reply-seen', reason: 'https://x.com/dlh_kota/status/8' },
      '12:07 @dlh_kota: replied on X (the clock keeps running)',
    ],
    [{ by: 'rina', action: 'resolve', reason: 'handled' }, '12:07 rina: resolved: handled'],
    [
      { by: 'rina', action: 'resolve', reason: 'no-action' },
      '12:07 rina: resolved: no action needed',
    ],
    [
      { by: 'rina', action: 'resolve', reason: 'duplicate:77' },
      '12:07 rina: resolved: duplicate of post 77',
    ],
    [
      { by: 'rina', action: 'resolve', reason: 'fixed by phone' },
      '12:07 rina: resolved: fixed by phone',
    ],
    [{ by: 'budi', action: 'reopen' }, '12:07 budi: reopened'],
    [
      { by: 'budi', action: 'note', reason: 'Warga ditelepon' },
      '12:07 budi: note: Warga ditelepon',
    ],
  ])('%j → %s', (e, expected) => {
    expect(line(e)).toBe(expected);
  });
});
