import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../tests/rejects';
import { createAssignment } from '../../tests/factories';
import { checkChangeTime, pushedChangeTime, timeWithinStoredRange } from './change-time';

const NOW = new Date('2025-03-10T04:00:00.000Z');

describe('when a change counts as made', () => {
  it('refuses a time before 2000, saying the clock was wrong', () => {
    const e = thrownBy(() => pushedChangeTime('1999-12-31T23:59:59.999Z', NOW, undefined));
    expect(e.code).toBe('bad-request');
    expect(e.message).toBe(
      'at is out of range: the change is dated "1999-12-31T23:59:59.999Z", before 2000 ' +
        '(the clock of the device that made it was wrong)',
    );
    expect(thrownBy(() => checkChangeTime('1970-01-01T00:00:00Z')).message).toMatch(/before 2000/);
    expect(checkChangeTime('2000-01-01T07:00:00+07:00')).toBe('2000-01-01T00:00:00.000Z');
  });

  it('refuses what is no date', () => {
    expect(thrownBy(() => pushedChangeTime('soon', NOW, undefined)).message).toBe(
      'at must be an ISO 8601 date, not "soon"',
    );
  });

  it('takes a future time, however far, as now', () => {
    expect(pushedChangeTime('2025-03-11T04:00:00Z', NOW, undefined)).toBe(NOW.toISOString());
    expect(pushedChangeTime('+275760-09-13T00:00:00.000Z', NOW, undefined)).toBe(NOW.toISOString());
  });

  it('keeps the officer’s time, but never before the item’s last event', () => {
    const item = createAssignment();
    const last = item.history.at(-1)!.at;
    const before = new Date(Date.parse(last) - 60_000).toISOString();
    expect(pushedChangeTime(before, new Date(Date.parse(last) + 60_000), item)).toBe(last);
    expect(pushedChangeTime('2025-03-10T03:00:00+07:00', NOW, undefined)).toBe(
      '2025-03-09T20:00:00.000Z',
    );
  });
});

describe('a stored time moved into range', () => {
  it('moves a time before 2000 or after 9999 to the nearest one a browser takes', () => {
    expect(timeWithinStoredRange('1970-01-01T00:00:00.000Z')).toBe('2000-01-01T00:00:00.000Z');
    expect(timeWithinStoredRange('+010000-01-01T00:00:00.000Z')).toBe('9999-12-31T23:59:59.999Z');
  });

  it('leaves a time in range, an empty one and what is no date as they are', () => {
    for (const at of ['2000-01-01T00:00:00.000Z', '2025-03-10T03:00:00+07:00', '', 'soon']) {
      expect(timeWithinStoredRange(at)).toBe(at);
    }
  });
});
