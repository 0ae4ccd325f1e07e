import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createActor, createPost } from '../../tests/factories';
import { seedDepartments } from '../../utils/storage/departments';
import { commitMutation, listOutbox } from '../../utils/storage/outbox';
import { openTanggapDb } from '../../utils/storage/schema';
import { updateSyncState } from '../../utils/storage/sync-state';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { SESSION_KEY } from './sync/session';
import { parseMutation } from '../../utils/domain/sync-mutations';
import background from './index';

test('every worker start pushes the outbox, without waiting for an install or a startup', async () => {
  const db = await openTanggapDb('tanggap');
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  await updateSyncState(db, (s) => ({
    ...s,
    clientId: 'client-resume-1',
    actor: createActor({ username: 'siti' }),
    username: 'siti',
    serverUrl: 'https://tanggap.example.go.id',
  }));
  const post = createPost();
  await commitMutation(db, parseMutation('assignPost', { post, departmentId: 'dlh' }), {
    by: 'siti',
    at: new Date().toISOString(),
  });
  db.close();
  await fakeBrowser.storage.local.set({
    [SESSION_KEY]: { token: 'token-1', expiresAt: '2099-01-01T00:00:00.000Z' },
  });
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const path = new URL(input).pathname;
      paths.push(path);
      const body =
        path === '/v1/push'
          ? { lastMutationId: 1, refused: [] }
          : {
              cursor: 1,
              lastMutationId: 1,
              assignments: [],
              removedAssignmentIds: [],
              epoch: 'e1',
            };
      return Response.json(body);
    }),
  );
  // fake-browser has no contextMenus nor runtime.onConnect.
  Object.assign(fakeBrowser, {
    contextMenus: { onClicked: { addListener: vi.fn() }, removeAll: vi.fn(), create: vi.fn() },
  });
  Object.assign(fakeBrowser.runtime, { onConnect: { addListener: vi.fn() } });

  background.main();

  await vi.waitFor(() => expect(paths).toEqual(['/v1/push', '/v1/pull']));
  const reopened = await openTanggapDb('tanggap');
  await vi.waitFor(async () => expect(await listOutbox(reopened)).toEqual([]));
  reopened.close();
  vi.unstubAllGlobals();
});
