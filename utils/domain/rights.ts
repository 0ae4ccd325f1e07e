/**
 * What the signed-in officer may do, for the pages to ask before they draw a control: a
 * control the team's rules refuse is never offered. Every answer is `mayChange`'s, the rule the
 * background and the server enforce; this module only names the questions the pages ask.
 */
import type { Actor } from './actor';
import { mayChange } from './sync-mutations';
import type { SyncStatus } from './sync-state';
import type { Assignment } from './types';

type Item = Pick<Assignment, 'departmentId'> | undefined;

/** What the actor may do to one post or item. */
export interface ItemRights {
  /** Assign it, or assign it elsewhere (the chip, the picker, a suggestion, the menu). */
  assign: boolean;
  unassign: boolean;
  /** Take back an assignment just made (the page's Undo). */
  undoAssign: boolean;
  /** Mark it responded. */
  respond: boolean;
  resolve: boolean;
  reopen: boolean;
  note: boolean;
}

/** Who is acting, from the sync status: null while this browser works alone. */
export function actorOfStatus(
  status: Pick<SyncStatus, 'username' | 'role' | 'departmentId'>,
): Actor | null {
  if (!status.role) return null;
  return { username: status.username, role: status.role, departmentId: status.departmentId };
}

/** The same actor (the pages redraw only when it changed). */
export function sameActor(a: Actor | null, b: Actor | null): boolean {
  if (!a || !b) return a === b;
  return a.username === b.username && a.role === b.role && a.departmentId === b.departmentId;
}

const NOBODY = {};
/**
 * Answers kept per actor and department: the page asks for every post it draws, and a refusal
 * is an exception thrown and caught.
 */
const answers = new WeakMap<object, Map<string, ItemRights>>();

export function itemRights(actor: Actor | null, item: Item): ItemRights {
  const key = item?.departmentId ?? '';
  let byDepartment = answers.get(actor ?? NOBODY);
  if (!byDepartment) answers.set(actor ?? NOBODY, (byDepartment = new Map()));
  let rights = byDepartment.get(key);
  if (!rights) byDepartment.set(key, (rights = Object.freeze(decide(actor, item))));
  return rights;
}

function decide(actor: Actor | null, item: Item): ItemRights {
  return {
    assign: mayChange(actor, 'assignPost', item),
    unassign: mayChange(actor, 'unassign', item),
    undoAssign: mayChange(actor, 'undoAssign', item),
    respond: mayChange(actor, 'setStatus', item),
    resolve: mayChange(actor, 'resolve', item),
    reopen: mayChange(actor, 'reopen', item),
    note: mayChange(actor, 'addNote', item),
  };
}

/** Whether any of an assigned item's actions (respond, resolve, reopen, note) is the actor's. */
export function mayActOn(rights: ItemRights): boolean {
  return rights.respond || rights.resolve || rights.reopen || rights.note;
}

/** Assigning posts at all: triage officers and admins. */
export function mayAssign(actor: Actor | null): boolean {
  return mayChange(actor, 'assignPost', undefined);
}

/** Dismissing a mention as not a complaint, or taking that back: triage officers and admins. */
export function mayDismissMentions(actor: Actor | null): boolean {
  return mayChange(actor, 'dismissMention', undefined);
}

/** Changing the directory: admins (and anyone without a team). */
export function mayEditDirectory(actor: Actor | null): boolean {
  return mayChange(actor, 'saveDepartment', undefined);
}

/** Changing the team's settings: admins (and anyone without a team). */
export function mayEditTeamSettings(actor: Actor | null): boolean {
  return mayChange(actor, 'saveTeamSettings', undefined);
}
