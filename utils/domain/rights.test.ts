import { describe, expect, test } from 'vitest';
import type { Actor } from './actor';
import {
  actorOfStatus,
  itemRights,
  mayActOn,
  mayAssign,
  mayDismissMentions,
  mayEditDirectory,
  mayEditTeamSettings,
  sameActor,
} from './rights';

const admin: Actor = { username: 'ani', role: 'admin', departmentId: '' };
const triage: Actor = { username: 'tri', role: 'triage', departmentId: '' };
const dlh: Actor = { username: 'dewi', role: 'department', departmentId: 'dlh' };

const ALL = {
  assign: true,
  unassign: true,
  undoAssign: true,
  respond: true,
  resolve: true,
  reopen: true,
  note: true,
};
const NONE = {
  assign: false,
  unassign: false,
  undoAssign: false,
  respond: false,
  resolve: false,
  reopen: false,
  note: false,
};
const OWN = { ...NONE, respond: true, resolve: true, reopen: true, note: true };

describe('itemRights: the team rules, per role and item', () => {
  test.each([
    ['nobody (no team)', null, undefined, ALL],
    ['nobody (no team)', null, 'dinkes', ALL],
    ['an admin', admin, undefined, ALL],
    ['an admin', admin, 'dinkes', ALL],
    ['a triage officer', triage, undefined, ALL],
    ['a triage officer', triage, 'dlh', ALL],
    ['a DLH officer', dlh, undefined, NONE],
    ['a DLH officer', dlh, 'dlh', OWN],
    ['a DLH officer', dlh, 'dinkes', NONE],
  ] as const)('%s on an item of %s', (_, actor, department, expected) => {
    const rights = itemRights(actor, department ? { departmentId: department } : undefined);
    expect(rights).toEqual(expected);
    expect(mayActOn(rights)).toBe(expected.note);
  });

  test('an answer is the same for the same actor, and follows another actor', () => {
    expect(itemRights(dlh, { departmentId: 'dlh' })).toBe(itemRights(dlh, { departmentId: 'dlh' }));
    const moved: Actor = { ...dlh, departmentId: 'dinkes' };
    expect(itemRights(moved, { departmentId: 'dlh' }).respond).toBe(false);
    expect(itemRights(moved, { departmentId: 'dinkes' }).respond).toBe(true);
  });
});

describe('the team-wide acts', () => {
  test.each([
    ['nobody (no team)', null, true, true, true],
    ['an admin', admin, true, true, true],
    ['a triage officer', triage, true, false, false],
    ['a DLH officer', dlh, false, false, false],
  ] as const)(
    '%s: assigns and dismisses %s, edits the directory %s, the team settings %s',
    (_, actor, triages, directory, settings) => {
      expect(mayAssign(actor)).toBe(triages);
      expect(mayDismissMentions(actor)).toBe(triages);
      expect(mayEditDirectory(actor)).toBe(directory);
      expect(mayEditTeamSettings(actor)).toBe(settings);
    },
  );
});

describe('the actor from the sync status', () => {
  test('a role means a team; none means this browser works alone', () => {
    expect(actorOfStatus({ username: 'dewi', role: 'department', departmentId: 'dlh' })).toEqual(
      dlh,
    );
    // After a logout the username stays to fill the form, but nobody acts.
    expect(actorOfStatus({ username: 'dewi', role: '', departmentId: '' })).toBeNull();
  });

  test('the same actor is the same officer with the same rights', () => {
    expect(sameActor(dlh, { ...dlh })).toBe(true);
    expect(sameActor(dlh, { ...dlh, departmentId: 'dinkes' })).toBe(false);
    expect(sameActor(dlh, null)).toBe(false);
    expect(sameActor(null, null)).toBe(true);
  });
});
