/**
 * One decision on both sides of the sync: whatever the server accepts in a push, and stores as
 * the effect of applying it, a browser accepts when a pull brings it back.
 */
import { describe, expect, test } from 'vitest';
import { createPost, createReply } from '../../../tests/factories';
import type { Actor } from '../actor';
import { MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_REASON_LENGTH, MAX_TEXT_LENGTH } from './assignment';
import { pushedChangeTime } from '../change-time';
import { DEFAULT_DEPARTMENTS } from '../departments';
import { TanggapError } from '../errors';
import { DEFAULT_TEAM_SETTINGS, type TeamSettings } from '../settings';
import type { Mention } from '../mentions';
import {
  applyMutation,
  mentionsNeeded,
  parseMutation,
  sortDirectory,
  targetOf,
  type MutationState,
} from '../sync-mutations';
import { parsePullResponse, parsePushRequest, type PushedMutation } from '../sync-protocol';
import type { Assignment, Department } from '../types';

const admin: Actor = { username: 'admin', role: 'admin', departmentId: '' };
const [roads, environment] = DEFAULT_DEPARTMENTS as [Department, Department];

/** The team as the server holds it: items by post id, the directory, the settings. */
interface Team {
  items: Map<string, Assignment>;
  departments: Department[];
  settings: TeamSettings;
  mentions: Map<string, Mention>;
}

const NOW = new Date('2025-03-11T00:00:00.000Z');

/**
 * What the server does with a push: check it, apply each mutation at its time, keep what it
 * changed; a mutation refused changes nothing. The refusals' ids.
 */
function serverApplies(team: Team, body: unknown): number[] {
  const push = parsePushRequest(JSON.parse(JSON.stringify(body)));
  const refused: number[] = [];
  for (const pushed of push.mutations) {
    try {
      const m = parseMutation(pushed.name, pushed.args, 'request');
      const target = targetOf(m);
      const state: MutationState = {
        assignment: target === undefined ? undefined : team.items.get(target),
        departments: team.departments,
        settings: team.settings,
        itemsUsing: new Map(),
        mentions: new Map(
          mentionsNeeded(m).flatMap((id) => {
            const known = team.mentions.get(id);
            return known ? [[id, known] as const] : [];
          }),
        ),
      };
      const at = pushedChangeTime(pushed.at, NOW, state.assignment);
      const effect = applyMutation(state, m, admin, admin.username, at);
      if (effect.assignment) team.items.set(effect.assignment.tweetId, effect.assignment);
      if (effect.departments) team.departments = effect.departments;
      if (effect.settings) team.settings = effect.settings;
      for (const mention of effect.mentions ?? []) team.mentions.set(mention.tweetId, mention);
    } catch (error) {
      if (!(error instanceof TanggapError)) throw error;
      refused.push(pushed.id);
    }
  }
  return refused;
}

/** A pull from 0 as the server answers it, through JSON as over the wire. */
function pullPage(team: Team) {
  return JSON.parse(
    JSON.stringify({
      cursor: 42,
      lastMutationId: 7,
      assignments: [...team.items.values()],
      removedAssignmentIds: [],
      directory: sortDirectory(team.departments),
      settings: team.settings,
      mentions: [...team.mentions.values()],
      more: false,
      epoch: 'epoch-1',
      reset: false,
    }),
  ) as Record<string, unknown>;
}

let nextId = 0;
function pushed(name: string, args: unknown, at = '2025-03-10T09:00:00+07:00'): PushedMutation {
  nextId += 1;
  return { id: nextId, name: name as PushedMutation['name'], args, at };
}

describe('what the server accepts, a browser accepts back', () => {
  test('items at the edges of every limit, a new directory and new settings', () => {
    const team: Team = {
      items: new Map(),
      departments: [...DEFAULT_DEPARTMENTS],
      settings: DEFAULT_TEAM_SETTINGS,
      mentions: new Map(),
    };
    const long = createPost({
      authorName: 'n'.repeat(MAX_NAME_LENGTH),
      // Longer than X allows: the server keeps it cut, and the cut text must come back.
      text: '😀'.repeat(MAX_TEXT_LENGTH),
      createdAt: '',
      url: 'https://twitter.com/warga_bdg/status/1',
      replyTo: ['a', 'b_c'],
    });
    const other = createPost({ text: '<script>alert(1)</script>' });
    const third = createPost();
    const extra: Department = {
      ...environment,
      id: 'dinas-baru',
      name: '  Dinas Baru  ',
      shortName: 'BARU',
      handle: '@Dinas_Baru',
      keywords: ['  Banjir ', 'banjir', 'ROB'],
    };
    const refused = serverApplies(team, {
      clientId: 'browser-one',
      epoch: 'epoch-1',
      mutations: [
        pushed('saveDepartment', { department: extra }),
        pushed('assignPost', { post: long, departmentId: roads.id }),
        pushed('assignPost', { post: other, departmentId: 'dinas-baru' }),
        pushed('assignPost', { post: third, departmentId: roads.id }),
        pushed('addNote', { tweetId: long.id, text: `  ${'x'.repeat(MAX_NOTE_LENGTH - 4)}  ` }),
        pushed('setStatus', {
          tweetId: long.id,
          status: 'responded',
          reason: 'r'.repeat(MAX_REASON_LENGTH),
        }),
        pushed('reportReplies', {
          conversationId: other.id,
          replies: [createReply({ authorHandle: 'Dinas_Baru' })],
        }),
        pushed('resolve', {
          tweetId: third.id,
          reason: 'not-our-remit',
          targetDepartmentId: environment.id,
          note: 'bukan wewenang',
        }),
        pushed('resolve', {
          tweetId: other.id,
          reason: 'duplicate',
          duplicateOf: `https://x.com/warga_bdg/status/${long.id}`,
        }),
        pushed('reorderDepartments', {
          ids: [extra.id, ...DEFAULT_DEPARTMENTS.map((d) => d.id)],
        }),
        pushed('receiveMentions', {
          mentions: [
            {
              tweetId: long.id,
              authorHandle: long.authorHandle,
              authorName: long.authorName,
              text: '😀'.repeat(MAX_TEXT_LENGTH / 2),
              replyTo: ['Pemkot_Bdg'],
              createdAt: '2025-03-10T01:00:00+07:00',
              url: long.url,
              addressedTo: ['Pemkot_Bdg', 'ridwankamil'],
            },
          ],
        }),
        pushed('dismissMention', { tweetId: long.id }),
        pushed('saveTeamSettings', {
          settings: {
            clockStart: 'post',
            dueSoonHours: 0.5,
            workingHours: { enabled: true, days: [5, 1, 1], holidays: ['2025-12-25'] },
            otherHandleReplyResponds: true,
          },
        }),
      ],
    });

    expect(refused).toEqual([]);
    const page = pullPage(team);
    const pulled = parsePullResponse(page);
    expect(pulled).toEqual(page);
    expect(pulled.assignments.map((a) => a.status)).toEqual(['responded', 'resolved', 'open']);
    expect(pulled.directory?.[0]?.handle).toBe('Dinas_Baru');
    expect(pulled.settings?.workingHours.days).toEqual([1, 5]);
    expect(pulled.mentions).toMatchObject([
      { createdAt: '2025-03-09T18:00:00.000Z', dismissedAt: '2025-03-10T02:00:00.000Z' },
    ]);
  });

  test('a setting this browser does not know is left out; the others are taken', () => {
    const team: Team = {
      items: new Map(),
      departments: [...DEFAULT_DEPARTMENTS],
      settings: { ...DEFAULT_TEAM_SETTINGS, dueSoonHours: 3 },
      mentions: new Map(),
    };
    const page = pullPage(team);
    page.settings = { ...(page.settings as object), aSettingOfANewerServer: { on: true } };
    expect(parsePullResponse(page).settings).toEqual(team.settings);
  });

  test('an unassigned item and an empty page come back as they were', () => {
    const team: Team = {
      items: new Map(),
      departments: [...DEFAULT_DEPARTMENTS],
      settings: DEFAULT_TEAM_SETTINGS,
      mentions: new Map(),
    };
    const post = createPost();
    serverApplies(team, {
      clientId: 'browser-two',
      mutations: [
        pushed('assignPost', { post, departmentId: roads.id }),
        pushed('unassign', { tweetId: post.id, reason: 'salah tag' }),
      ],
    });
    const page = pullPage(team);
    expect(parsePullResponse(page)).toEqual(page);
    const empty = { ...page, assignments: [], directory: null, settings: null };
    expect(parsePullResponse(empty)).toEqual(empty);
  });

  test('times at the edges: before 2000 refused alone, the far future taken as now', () => {
    const team: Team = {
      items: new Map(),
      departments: [...DEFAULT_DEPARTMENTS],
      settings: DEFAULT_TEAM_SETTINGS,
      mentions: new Map(),
    };
    const [post, other] = [createPost(), createPost()];
    const first = nextId + 1;
    const refused = serverApplies(team, {
      clientId: 'browser-three',
      mutations: [
        pushed('assignPost', { post, departmentId: roads.id }, '2000-01-01T00:00:00.000Z'),
        pushed('assignPost', { post: other, departmentId: roads.id }, '1999-12-31T23:59:59Z'),
        pushed('setStatus', { tweetId: post.id, status: 'responded' }, '1970-01-01T00:00:00Z'),
        pushed('addNote', { tweetId: post.id, text: 'cek' }, '+275760-09-13T00:00:00.000Z'),
        pushed('addNote', { tweetId: post.id, text: 'lagi' }, 'besok'),
      ],
    });
    expect(refused).toEqual([first + 1, first + 2, first + 4]);
    const page = pullPage(team);
    const pulled = parsePullResponse(page);
    expect(pulled).toEqual(page);
    expect(pulled.assignments[0]?.history.map((h) => h.at)).toEqual([
      '2000-01-01T00:00:00.000Z',
      NOW.toISOString(),
    ]);
  });
});
