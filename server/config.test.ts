import { describe, expect, test } from 'vitest';
import {
  DEFAULT_PURGE_INTERVAL_MINUTES,
  DEFAULT_RETENTION,
  DEFAULT_STREAM_LIMITS,
  DEFAULT_USER_LIMITS,
  serverConfig,
  storeOptions,
} from './config';

describe('the server’s limits on event streams', () => {
  test('come from the environment, or the defaults', () => {
    expect(serverConfig(new Map(), {}).streamLimits).toEqual(DEFAULT_STREAM_LIMITS);
    const env = { TANGGAP_MAX_STREAMS_PER_LOGIN: '2', TANGGAP_MAX_STREAMS: '50' };
    expect(serverConfig(new Map(), env).streamLimits).toEqual({ perLogin: 2, total: 50 });
  });

  test('refuse what is not a positive whole number, naming the variable', () => {
    for (const value of ['0', '-1', '2.5', 'many']) {
      expect(() => serverConfig(new Map(), { TANGGAP_MAX_STREAMS: value })).toThrow(
        'TANGGAP_MAX_STREAMS must be a positive integer',
      );
    }
  });
});

describe('the retention rules', () => {
  test('come from the environment, or the defaults', () => {
    const config = serverConfig(new Map(), {});
    expect(config.retention).toEqual(DEFAULT_RETENTION);
    expect(config.purgeIntervalMinutes).toBe(DEFAULT_PURGE_INTERVAL_MINUTES);
    const env = {
      TANGGAP_SYNC_HORIZON_DAYS: '90',
      TANGGAP_REFUSAL_DAYS: '7',
      TANGGAP_PURGE_INTERVAL_MINUTES: '15',
    };
    expect(serverConfig(new Map(), env)).toMatchObject({
      retention: { syncHorizonDays: 90, refusalDays: 7 },
      purgeIntervalMinutes: 15,
    });
    expect(() => serverConfig(new Map(), { TANGGAP_SYNC_HORIZON_DAYS: '0' })).toThrow(
      'TANGGAP_SYNC_HORIZON_DAYS must be a positive integer',
    );
  });
});

describe('the per-user limits', () => {
  test('come from the environment, or the defaults', () => {
    expect(serverConfig(new Map(), {}).userLimits).toEqual(DEFAULT_USER_LIMITS);
    const env = { TANGGAP_PUSH_CHANGES_PER_MINUTE: '600', TANGGAP_MAX_REFUSALS_PER_USER: '200' };
    expect(serverConfig(new Map(), env).userLimits).toEqual({
      changesPerMinute: 600,
      refusalsPerUser: 200,
    });
  });

  test('hold at least one push of the most changes a browser sends at once', () => {
    expect(() => serverConfig(new Map(), { TANGGAP_MAX_REFUSALS_PER_USER: '50' })).toThrow(
      'TANGGAP_MAX_REFUSALS_PER_USER must be at least 100',
    );
  });
});

describe('the PGlite folder’s free-space floor', () => {
  test('is the store’s default unless set, and set in MB', () => {
    expect(storeOptions(new Map(), { TANGGAP_DATA_DIR: 'data' })).toEqual({ dataDir: 'data' });
    expect(
      storeOptions(new Map(), { TANGGAP_DATA_DIR: 'data', TANGGAP_MIN_FREE_DISK_MB: '256' }),
    ).toEqual({ dataDir: 'data', minFreeBytes: 256 * 1024 * 1024 });
  });

  test('refuses less than one WAL segment, naming the variable', () => {
    for (const value of ['8', '0', 'lots', '64.5']) {
      expect(() => storeOptions(new Map(), { TANGGAP_MIN_FREE_DISK_MB: value })).toThrow(
        'TANGGAP_MIN_FREE_DISK_MB must be a whole number of MB, at least 16',
      );
    }
  });
});
