/** For the team-sync stores' tests: a browser logged in to a team, and a change it makes. */
import type { Actor } from '../domain/actor';
import { parseMutation } from '../domain/sync-mutations';
import { commitMutation } from './outbox';
import type { TanggapDb } from './schema';
import { updateSyncState } from './sync-state';

export const CHANGE_AT = '2025-03-10T04:00:00.000Z';

export async function logIn(db: TanggapDb, actor: Actor) {
  await updateSyncState(db, (s) => ({
    ...s,
    clientId: 'client-0001',
    actor,
    username: actor.username,
    serverUrl: 'https://tanggap.example.go.id',
  }));
}

export const commitAs = (db: TanggapDb, name: string, args: unknown, by = 'Rina') =>
  commitMutation(db, parseMutation(name, args), { by, at: CHANGE_AT });
