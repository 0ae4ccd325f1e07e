import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../tests/rejects';
import { createAssignment } from '../../tests/factories';
import { TanggapError } from './errors';
import {
  errorOf,
  MAX_PUSH_MUTATIONS,
  parseLoginResponse,
  parsePullRequest,
  parsePullResponse,
  parsePushRequest,
  parsePushResponse,
} from './sync-protocol';

const CLIENT = 'c0ffee00c0ffee00';
const AT = '2025-03-10T04:00:00.000Z';

describe('push and pull requests (checked by the server)', () => {
  it('takes a batch with increasing ids and leaves the arguments to each mutation', () => {
    const push = parsePushRequest({
      clientId: CLIENT,
      mutations: [
        { id: 4, name: 'reopen', args: { tweetId: '1' }, at: AT },
        { id: 5, name: 'addNote', args: 'checked when applied', at: AT },
      ],
    });
    expect(push.mutations.map((m) => m.id)).toEqual([4, 5]);
    expect(push.mutations[1]!.args).toBe('checked when applied');
    expect(push.epoch).toBeUndefined();
    expect(parsePushRequest({ clientId: CLIENT, mutations: [], epoch: 'e-1' }).epoch).toBe('e-1');
    expect(
      thrownBy(() => parsePushRequest({ clientId: CLIENT, mutations: [], epoch: 7 })).message,
    ).toContain('push.epoch');
  });

  it('refuses a batch out of order, too long, or with an unknown change', () => {
    const m = (id: number, name = 'reopen') => ({ id, name, args: {}, at: AT });
    expect(
      thrownBy(() => parsePushRequest({ clientId: CLIENT, mutations: [m(2), m(1)] })).message,
    ).toMatch(/increasing/);
    const long = Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, (_, i) => m(i + 1));
    expect(thrownBy(() => parsePushRequest({ clientId: CLIENT, mutations: long })).code).toBe(
      'bad-request',
    );
    expect(
      thrownBy(() => parsePushRequest({ clientId: CLIENT, mutations: [m(1, 'dropTable')] }))
        .message,
    ).toContain('push.mutations[0].name');
    expect(thrownBy(() => parsePushRequest({ clientId: 'x', mutations: [] })).message).toContain(
      'clientId',
    );
  });

  it('caps the pull page and refuses a negative cursor', () => {
    expect(parsePullRequest({ clientId: CLIENT, cursor: 0, limit: 1e6 }).limit).toBe(5_000);
    expect(thrownBy(() => parsePullRequest({ clientId: CLIENT, cursor: -1 })).message).toContain(
      'pull.cursor',
    );
  });
});

describe('answers (checked by the extension)', () => {
  it('reads a pull answer and checks every assignment in it', () => {
    const a = createAssignment();
    const answer = {
      cursor: 7,
      lastMutationId: 3,
      assignments: [a],
      removedAssignmentIds: ['1900000000000000001'],
      directory: null,
      settings: null,
      more: false,
      epoch: 'e-1',
      reset: true,
    };
    expect(parsePullResponse(answer)).toMatchObject({
      cursor: 7,
      assignments: [a],
      epoch: 'e-1',
      reset: true,
    });
    // Without its epoch, a restored server could not be told apart.
    expect(thrownBy(() => parsePullResponse({ ...answer, epoch: undefined })).message).toContain(
      'pull answer.epoch',
    );
    const broken = { ...answer, assignments: [{ ...a, status: 'lost' }] };
    expect(thrownBy(() => parsePullResponse(broken)).message).toContain(
      'pull answer.assignments[0]',
    );
  });

  it('refuses what a proxy or a broken server may send instead', () => {
    expect(() => parsePushResponse('<html>Bad gateway</html>')).toThrow(TanggapError);
    expect(() => parsePushResponse({ lastMutationId: '3', refused: [] })).toThrow(/lastMutationId/);
    expect(() =>
      parseLoginResponse({
        token: 't',
        expiresAt: AT,
        actor: { username: 'budi', role: 'department' },
        team: { id: 't1', name: 'Kota' },
      }),
    ).toThrow(/departmentId/);
  });

  it('recognises the server’s error bodies only', () => {
    expect(errorOf({ error: { code: 'token-expired', message: 'Log in again' } })).toEqual({
      code: 'token-expired',
      message: 'Log in again',
    });
    expect(errorOf({ error: 'nope' })).toBeNull();
    expect(errorOf(null)).toBeNull();
  });
});
