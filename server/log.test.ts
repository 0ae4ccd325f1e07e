import { describe, expect, test, vi } from 'vitest';
import { formatLine, log } from './log';
import { captureLogs } from './test/logs';

describe('the server log', () => {
  test('writes one JSON object per line, info on stdout and the rest on stderr', () => {
    const logs = captureLogs();
    const stdout = vi.mocked(process.stdout.write);
    const stderr = vi.mocked(process.stderr.write);
    log.info('http.request', { route: '/v1/pull', status: 200, team: undefined });
    log.error('http.internal-error', { request: 'ab12', code: '22P02' });

    expect(logs.records()).toEqual([
      {
        time: expect.any(String),
        level: 'info',
        event: 'http.request',
        route: '/v1/pull',
        status: 200,
      },
      {
        time: expect.any(String),
        level: 'error',
        event: 'http.internal-error',
        request: 'ab12',
        code: '22P02',
      },
    ]);
    expect(stdout).toHaveBeenCalledTimes(1);
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(new Date(logs.records()[0]!.time as string).getTime()).not.toBeNaN();
  });

  test('leaves out the lines below TANGGAP_LOG_LEVEL', () => {
    const logs = captureLogs();
    vi.stubEnv('TANGGAP_LOG_LEVEL', 'warn');
    log.info('http.request');
    log.warn('database.unreachable');
    expect(logs.records().map((r) => r.event)).toEqual(['database.unreachable']);
  });

  test('reads as one line of words on a terminal', () => {
    const line = formatLine(
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'warn',
        event: 'server.no-team',
        msg: 'No team yet',
        n: 3,
      },
      true,
    );
    expect(line).toBe('2026-01-02T03:04:05.000Z WARN  server.no-team msg="No team yet" n=3');
  });
});
