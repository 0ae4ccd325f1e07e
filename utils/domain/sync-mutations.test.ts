import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../tests/rejects';
import { createAssignment, createPost, createTweetId } from '../../tests/factories';
import { stateOf } from './assignment-ops';
import { DEFAULT_DEPARTMENTS } from './departments';
import {
  applyMutation,
  mayChange,
  parseMutation,
  targetOf,
  usageNeeded,
  type MutationState,
} from './sync-mutations';
import { DEFAULT_TEAM_SETTINGS } from './settings';
import { mentionOf, seenMention, type Mention } from './mentions';
import { MAX_RECEIVED_MENTIONS } from './schemas/mention';
import type { Actor } from './actor';
import type { Assignment } from './types';

const [roads, environment] = DEFAULT_DEPARTMENTS as [
  (typeof DEFAULT_DEPARTMENTS)[0],
  (typeof DEFAULT_DEPARTMENTS)[0],
];
const admin: Actor = { username: 'admin', role: 'admin', departmentId: '' };
const triage: Actor = { username: 'siti', role: 'triage', departmentId: '' };
const roadsOfficer: Actor = { username: 'budi', role: 'department', departmentId: roads.id };
const AT = '2025-03-10T04:00:00.000Z';

function state(assignment?: Assignment, itemsUsing: [string, number][] = []): MutationState {
  return {
    assignment,
    departments: DEFAULT_DEPARTMENTS,
    settings: DEFAULT_TEAM_SETTINGS,
    itemsUsing: new Map(itemsUsing),
    mentions: new Map(),
  };
}

/** Applies `name` with `args` as `actor`. */
function run(s: MutationState, actor: Actor | null, name: string, args: unknown) {
  return applyMutation(s, parseMutation(name, args), actor, actor?.username ?? 'Ani', AT);
}

describe('parseMutation', () => {
  it('refuses an unknown change and bad fields, naming them', () => {
    expect(thrownBy(() => parseMutation('dropTable', {})).message).toContain('dropTable');
    const e = thrownBy(() => parseMutation('setStatus', { tweetId: '1', status: 'done' }));
    expect(e.code).toBe('bad-request');
    expect(e.message).toContain('request.status');
    const extra = thrownBy(() => parseMutation('reopen', { tweetId: '1', sneaky: true }));
    expect(extra.message).toContain('sneaky');
  });

  it('refuses promoted posts and keeps only the fields a change has', () => {
    const promoted = createPost({ promoted: true });
    const e = thrownBy(() =>
      parseMutation('assignPost', { post: promoted, departmentId: roads.id }),
    );
    expect(e.message).toMatch(/Promoted/);
    const m = parseMutation('unassign', { tweetId: '123' });
    expect(m.args).toEqual({ tweetId: '123' });
  });

  it('refuses a NUL or half a surrogate pair in any text, naming the field', () => {
    const cases: [string, unknown, string][] = [
      ['addNote', { tweetId: '1', text: 'cek\u0000lokasi' }, 'request.text'],
      [
        'assignPost',
        { post: createPost({ text: 'banjir \ud83d' }), departmentId: roads.id },
        'request.post.text',
      ],
      ['setStatus', { tweetId: '1', status: 'open', reason: '\udc00' }, 'request.reason'],
      [
        'saveDepartment',
        { department: { ...environment, keywords: ['sampah', 'lim\u0000bah'] } },
        'request.department.keywords[1]',
      ],
    ];
    for (const [name, args, field] of cases) {
      const e = thrownBy(() => parseMutation(name, args));
      expect(e.code).toBe('bad-request');
      expect(e.message).toBe(
        `${field} holds a character that cannot be stored (NUL or half of a surrogate pair)`,
      );
    }
    // A whole emoji is a surrogate pair, and welcome.
    const note = parseMutation('addNote', { tweetId: '1', text: 'Sudah diperbaiki 👍' });
    expect(note.args).toEqual({ tweetId: '1', text: 'Sudah diperbaiki 👍' });
  });

  it('names the item each change targets and the departments a removal must count', () => {
    const post = createPost();
    expect(targetOf(parseMutation('assignPost', { post, departmentId: roads.id }))).toBe(post.id);
    expect(targetOf(parseMutation('removeDepartment', { id: roads.id }))).toBeUndefined();
    const keepAllButOne = DEFAULT_DEPARTMENTS.filter((d) => d.id !== environment.id);
    const m = parseMutation('importDirectory', { departments: keepAllButOne });
    expect(usageNeeded(m, DEFAULT_DEPARTMENTS)).toEqual([environment.id]);
  });
});

describe('applyMutation: times', () => {
  it('refuses a change dated before 2000, in the browser as on the server, and changes nothing', () => {
    const item = createAssignment({ departmentId: roads.id });
    const m = parseMutation('setStatus', { tweetId: item.tweetId, status: 'responded' });
    const e = thrownBy(() => applyMutation(state(item), m, triage, 'siti', '1999-12-31T23:00:00Z'));
    expect(e.code).toBe('bad-request');
    expect(e.message).toMatch(/before 2000 \(the clock of the device that made it was wrong\)/);
    expect(item.status).toBe('open');
  });

  it('records a change’s time in stored form', () => {
    const item = createAssignment({ departmentId: roads.id });
    const m = parseMutation('addNote', { tweetId: item.tweetId, text: 'cek' });
    const effect = applyMutation(state(item), m, triage, 'siti', '2025-03-10T11:00:00+07:00');
    expect(effect.assignment?.history.at(-1)?.at).toBe('2025-03-10T04:00:00.000Z');
  });
});

describe('applyMutation: signed by someone', () => {
  const open = createAssignment({ departmentId: roads.id });
  const unsigned = (name: string, args: unknown, assignment?: Assignment) =>
    thrownBy(() => applyMutation(state(assignment), parseMutation(name, args), null, '  ', AT));

  it.each([
    ['assignPost', { post: createPost(), departmentId: roads.id }],
    ['setStatus', { tweetId: open.tweetId, status: 'responded' }],
    ['unassign', { tweetId: open.tweetId }],
    ['resolve', { tweetId: open.tweetId, reason: 'handled' }],
    ['reopen', { tweetId: open.tweetId }],
    ['addNote', { tweetId: open.tweetId, text: 'dicek besok' }],
    [
      'undoAssign',
      { tweetId: open.tweetId, undoes: open.assignedAt, previous: stateOf(undefined) },
    ],
  ])('%s by nobody is refused: the officer gives a name first', (name, args) => {
    expect(unsigned(name, args, open).code).toBe('officer-name-required');
  });

  it('a reply seen on X is recorded without an officer', () => {
    const reply = { id: createTweetId(), authorHandle: 'warga_bdg', createdAt: AT };
    const m = parseMutation('reportReplies', {
      conversationId: open.tweetId,
      replies: [reply],
    });
    expect(() => applyMutation(state(open), m, null, '', AT)).not.toThrow();
  });
});

describe('mayChange: the rights the pages show controls by', () => {
  const roadsItem = { departmentId: roads.id };
  const otherItem = { departmentId: environment.id };

  it('matches what applyMutation refuses', () => {
    expect(mayChange(roadsOfficer, 'assignPost', undefined)).toBe(false);
    expect(mayChange(roadsOfficer, 'undoAssign', roadsItem)).toBe(false);
    expect(mayChange(roadsOfficer, 'setStatus', roadsItem)).toBe(true);
    expect(mayChange(roadsOfficer, 'resolve', otherItem)).toBe(false);
    expect(mayChange(roadsOfficer, 'saveDepartment', undefined)).toBe(false);
    expect(mayChange(triage, 'assignPost', otherItem)).toBe(true);
    expect(mayChange(triage, 'saveDepartment', undefined)).toBe(false);
    expect(mayChange(admin, 'saveDepartment', undefined)).toBe(true);
    expect(mayChange(null, 'importDirectory', undefined)).toBe(true);
  });
});

describe('applyMutation: rights', () => {
  const roadsItem = createAssignment({ departmentId: roads.id });
  const otherItem = createAssignment({ departmentId: environment.id });

  it('lets a department officer respond to, close and note their own items only', () => {
    const responded = run(state(roadsItem), roadsOfficer, 'setStatus', {
      tweetId: roadsItem.tweetId,
      status: 'responded',
    });
    expect(responded.assignment?.status).toBe('responded');
    expect(responded.assignment?.respondedBy).toBe('budi');
    const e = thrownBy(() =>
      run(state(otherItem), roadsOfficer, 'addNote', { tweetId: otherItem.tweetId, text: 'x' }),
    );
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain(environment.id);
  });

  it('keeps assignment to triage officers and admins', () => {
    const post = createPost();
    const e = thrownBy(() =>
      run(state(), roadsOfficer, 'assignPost', { post, departmentId: roads.id }),
    );
    expect(e.code).toBe('forbidden');
    const assigned = run(state(), triage, 'assignPost', { post, departmentId: roads.id });
    expect(assigned.assignment).toMatchObject({ departmentId: roads.id, assignedBy: 'siti' });
  });

  it('keeps the undo of an assignment to triage officers and admins', () => {
    const post = createPost();
    const assigned = run(state(), triage, 'assignPost', { post, departmentId: roads.id });
    const args = { tweetId: post.id, undoes: AT, previous: stateOf(undefined) };
    const e = thrownBy(() => run(state(assigned.assignment), roadsOfficer, 'undoAssign', args));
    expect(e.code).toBe('forbidden');
    const undone = run(state(assigned.assignment), triage, 'undoAssign', args);
    expect(undone.assignment).toMatchObject({ status: 'unassigned', departmentId: '' });
  });

  it('refuses an undo whose state breaks the status rules, naming the field', () => {
    const previous = { ...stateOf(undefined), departmentId: roads.id };
    const e = thrownBy(() => parseMutation('undoAssign', { tweetId: '1', undoes: AT, previous }));
    expect(e.message).toContain('request.previous.departmentId must be empty');
  });

  it('keeps the directory and the team settings to admins', () => {
    const changed = { ...roads, name: 'Dinas Jalan' };
    const e = thrownBy(() => run(state(), triage, 'saveDepartment', { department: changed }));
    expect(e.code).toBe('forbidden');
    const saved = run(state(), admin, 'saveDepartment', { department: changed });
    expect(saved.departments?.find((d) => d.id === roads.id)?.name).toBe('Dinas Jalan');
    const settings = run(state(), admin, 'saveTeamSettings', { settings: { dueSoonHours: 4 } });
    expect(settings.settings).toEqual({ ...DEFAULT_TEAM_SETTINGS, dueSoonHours: 4 });
  });

  it('allows everything without a team (one browser working alone)', () => {
    const removed = run(state(), null, 'removeDepartment', { id: environment.id });
    expect(removed.departments?.map((d) => d.id)).not.toContain(environment.id);
  });
});

describe('applyMutation: replayed in one order', () => {
  it('makes the later of two simultaneous assignments a reassignment, keeping both', () => {
    const post = createPost();
    const first = run(state(), triage, 'assignPost', { post, departmentId: roads.id });
    const second = applyMutation(
      state(first.assignment),
      parseMutation('assignPost', { post, departmentId: environment.id }),
      admin,
      'admin',
      AT,
    );
    expect(second.assignment?.departmentId).toBe(environment.id);
    expect(second.assignment?.history.map((e) => [e.action, e.by])).toEqual([
      ['assign', 'siti'],
      ['reassign', 'admin'],
    ]);
  });

  it('changes nothing when a replayed step is already done', () => {
    const item = createAssignment({ departmentId: roads.id });
    const again = run(state(item), triage, 'assignPost', {
      post: { ...createPost({ id: item.tweetId }) },
      departmentId: roads.id,
    });
    expect(again).toEqual({});
  });

  it('refuses the old department’s response once the item was sent elsewhere', () => {
    const item = createAssignment({ departmentId: roads.id });
    const moved = run(state(item), triage, 'assignPost', {
      post: createPost({ id: item.tweetId }),
      departmentId: environment.id,
    });
    const e = thrownBy(() =>
      run(state(moved.assignment), roadsOfficer, 'setStatus', {
        tweetId: item.tweetId,
        status: 'responded',
      }),
    );
    expect(e.code).toBe('forbidden');
  });

  it('refuses removing a department items point at, and assigning to a removed one', () => {
    const inUse = thrownBy(() =>
      run(state(undefined, [[roads.id, 3]]), admin, 'removeDepartment', { id: roads.id }),
    );
    expect(inUse.code).toBe('department-in-use');
    expect(inUse.data).toEqual({ count: 3 });
    const without: MutationState = {
      ...state(),
      departments: DEFAULT_DEPARTMENTS.filter((d) => d.id !== roads.id),
    };
    const gone = thrownBy(() =>
      run(without, triage, 'assignPost', { post: createPost(), departmentId: roads.id }),
    );
    expect(gone.code).toBe('unknown-department');
  });

  it('counts the deadline by the team’s settings', () => {
    const post = createPost({ createdAt: '2025-03-10T01:00:00.000Z' });
    const byPost: MutationState = {
      ...state(),
      settings: { ...DEFAULT_TEAM_SETTINGS, clockStart: 'post' },
    };
    const a = run(byPost, triage, 'assignPost', { post, departmentId: roads.id }).assignment!;
    expect(Date.parse(a.deadline) - Date.parse(post.createdAt)).toBe(roads.slaHours * 3_600_000);
  });
});

describe('received mentions', () => {
  const post = createPost({
    text: 'Jalan berlubang @PemkotBdg',
    createdAt: '2025-03-10T01:00:00.000Z',
  });
  const seen = seenMention(mentionOf(post, ['PemkotBdg'], AT)!);
  const withMention = (m: Mention): MutationState => ({
    ...state(),
    mentions: new Map([[m.tweetId, m]]),
  });
  const receive = (s: MutationState, actor: Actor, at: string) =>
    applyMutation(s, parseMutation('receiveMentions', { mentions: [seen] }), actor, '', at);

  it('records what anyone in the team saw; the earliest sighting wins, a repeat changes nothing', () => {
    const first = receive(state(), roadsOfficer, AT).mentions![0]!;
    expect(first).toMatchObject({ tweetId: post.id, firstSeenAt: AT, dismissedAt: '' });
    expect(receive(withMention(first), triage, '2025-03-10T05:00:00.000Z')).toEqual({});
    const earlier = receive(withMention(first), admin, '2025-03-10T02:00:00.000Z');
    expect(earlier.mentions?.[0]?.firstSeenAt).toBe('2025-03-10T02:00:00.000Z');
  });

  it('keeps a batch bounded and each mention whole', () => {
    const many = Array.from({ length: MAX_RECEIVED_MENTIONS + 1 }, () => seen);
    const e = thrownBy(() => parseMutation('receiveMentions', { mentions: many }));
    expect(e.message).toContain(`1 to ${MAX_RECEIVED_MENTIONS} mentions`);
    const none = thrownBy(() => parseMutation('receiveMentions', { mentions: [] }));
    expect(none.code).toBe('bad-request');
    const unwatched = { ...seen, addressedTo: [] };
    const lost = thrownBy(() => parseMutation('receiveMentions', { mentions: [unwatched] }));
    expect(lost.message).toContain('request.mentions[0].addressedTo');
  });

  it('dismissed by triage officers and admins, signed; department officers cannot', () => {
    const known = receive(state(), triage, AT).mentions![0]!;
    const dismiss = { tweetId: post.id };
    const done = run(withMention(known), triage, 'dismissMention', dismiss).mentions![0]!;
    expect(done).toMatchObject({ dismissedAt: AT, dismissedBy: triage.username });
    const refused = thrownBy(() =>
      run(withMention(known), roadsOfficer, 'dismissMention', dismiss),
    );
    expect(refused.code).toBe('forbidden');
    const restoring = () => run(withMention(done), roadsOfficer, 'restoreMention', dismiss);
    expect(thrownBy(restoring).code).toBe('forbidden');
    const unnamed = () =>
      applyMutation(withMention(known), parseMutation('dismissMention', dismiss), null, ' ', AT);
    expect(thrownBy(unnamed).code).toBe('officer-name-required');
    const unknown = thrownBy(() => run(state(), admin, 'dismissMention', dismiss));
    expect(unknown.code).toBe('not-found');
  });

  it('the first dismissal stays; a restore takes it back; receiving again keeps it', () => {
    const known = receive(state(), triage, AT).mentions![0]!;
    const dismissed = run(withMention(known), triage, 'dismissMention', { tweetId: post.id })
      .mentions![0]!;
    expect(run(withMention(dismissed), admin, 'dismissMention', { tweetId: post.id })).toEqual({});
    expect(receive(withMention(dismissed), triage, '2025-03-10T02:00:00.000Z').mentions).toEqual([
      { ...dismissed, firstSeenAt: '2025-03-10T02:00:00.000Z' },
    ]);
    const back = run(withMention(dismissed), admin, 'restoreMention', { tweetId: post.id });
    expect(back.mentions![0]).toMatchObject({ dismissedAt: '', dismissedBy: '' });
    expect(run(withMention(known), admin, 'restoreMention', { tweetId: post.id })).toEqual({});
  });
});
