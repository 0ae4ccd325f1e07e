import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMMES } from './programmes';
import { programmeReach } from './report-reach';

describe('programme reach over the report’s period', () => {
  it('counts each programme’s posts week by week and by the SKPD holding them', () => {
    const mentions = [
      { programmeId: 'kur', tweetId: '1', day: '2026-11-29' }, // before the period
      { programmeId: 'kur', tweetId: '2', day: '2026-11-30' },
      { programmeId: 'kur', tweetId: '3', day: '2026-12-02' },
      { programmeId: 'kur', tweetId: '4', day: '2026-12-07' },
      { programmeId: 'kur', tweetId: '5', day: '2026-12-13' },
      { programmeId: 'imunisasi', tweetId: '6', day: '2026-12-01' },
    ];
    const held: Record<string, string> = { '2': 'dinkes', '3': 'disdagin', '4': 'disdagin' };
    const reach = programmeReach(
      DEFAULT_PROGRAMMES,
      mentions,
      { from: '2026-11-30', to: '2026-12-13' },
      (id) => held[id],
    );
    expect(reach.weeks).toEqual(['2026-11-30', '2026-12-07']);
    expect(reach.programmes[0]).toMatchObject({
      id: 'kur',
      label: 'KUR',
      weekly: [2, 2],
      total: 4,
      byDepartment: [
        { departmentId: 'disdagin', count: 2 },
        { departmentId: '', count: 1 },
        { departmentId: 'dinkes', count: 1 },
      ],
    });
    expect(reach.programmes[1]).toMatchObject({ id: 'imunisasi', weekly: [1, 0], total: 1 });
  });
});
