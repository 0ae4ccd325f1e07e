import { describe, expect, test } from 'vitest';
import type { QuarantineReport } from '../utils/domain/sync-protocol';
import { BACKENDS, newWorld, useBackend } from './test/helpers';
import { captureLogs } from './test/logs';

const REPORT: QuarantineReport = {
  kind: 'assignment',
  id: '1900000000000000123',
  version: 57,
  reason: 'assignment.history[0].at is out of range: "…"',
};

describe.each(BACKENDS)('quarantine reports on %s', (name) => {
  const backend = useBackend(name);

  test('are logged with the team, the user, the record and the reason: one line each', async () => {
    const world = await newWorld(backend);
    const officer = await world.officer('triage');
    const [user] = await world.store.query<{ id: string }>(
      'SELECT id FROM users WHERE username = $1',
      [officer.username],
    );
    const logs = captureLogs();
    const department = { kind: 'department', id: 'dlh', version: 58, reason: 'department.x' };

    const res = await officer.call('POST', '/v1/reports', { quarantined: [REPORT, department] });

    expect(res.status).toBe(204);
    const quarantined = logs.records().filter((r) => r.event === 'sync.record-quarantined');
    const by = { level: 'warn', team: world.teamId, user: user!.id };
    expect(quarantined).toEqual([
      expect.objectContaining({ ...by, kind: 'assignment', record: REPORT.id, version: 57 }),
      expect.objectContaining({ ...by, kind: 'department', record: 'dlh', version: 58 }),
    ]);
    expect(quarantined.map((r) => r.reason)).toEqual([REPORT.reason, 'department.x']);
    expect(logs.text()).not.toContain(officer.token);
    expect(logs.text()).not.toContain(officer.username);
  });

  test('need a login and a good body; others are refused and log nothing', async () => {
    const world = await newWorld(backend);
    const officer = await world.officer('department', 'dlh');
    const logs = captureLogs();
    const refusals: [unknown, RegExp][] = [
      [{}, /^report\.quarantined must be/],
      [{ quarantined: [] }, /^report\.quarantined must list at least one/],
      // A forged log line.
      [
        { quarantined: [{ ...REPORT, reason: 'x\nA browser quarantined a pulled record' }] },
        /^report\.quarantined\[0\]\.reason must be one line/,
      ],
      [
        { quarantined: [{ ...REPORT, id: 'Banjir di depan rumah' }] },
        /^report\.quarantined\[0\]\.id must be a record id/,
      ],
      [{ quarantined: [{ ...REPORT, kind: 'post' }] }, /\.kind must be one of/],
      [{ quarantined: [{ ...REPORT, text: 'isi' }] }, /unknown field "text"/],
      [{ quarantined: Array.from({ length: 51 }, () => REPORT) }, /at most 50/],
    ];

    for (const [body, message] of refusals) {
      const res = await officer.call<{ error: { code: string; message: string } }>(
        'POST',
        '/v1/reports',
        body,
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad-request', message });
    }
    officer.token = '';
    const anonymous = await officer.call('POST', '/v1/reports', { quarantined: [REPORT] });
    expect(anonymous.status).toBe(401);
    expect(logs.records().filter((r) => r.event === 'sync.record-quarantined')).toEqual([]);
  });

  test("count against the user's allowance of changes a minute", async () => {
    const world = await newWorld(backend, { userLimits: { changesPerMinute: 100 } });
    const officer = await world.officer('triage');
    const fifty = { quarantined: Array.from({ length: 50 }, () => REPORT) };

    expect((await officer.call('POST', '/v1/reports', fifty)).status).toBe(204);
    expect((await officer.call('POST', '/v1/reports', fifty)).status).toBe(204);
    const refused = await officer.call('POST', '/v1/reports', fifty);

    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
