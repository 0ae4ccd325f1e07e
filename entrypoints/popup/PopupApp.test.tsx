// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createPost } from '../../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import type { BackgroundProtocol, Handlers } from '../../utils/messaging/protocol';
import { seedDepartments } from '../../utils/storage/departments';
import { getAssignment } from '../../utils/storage/assignments';
import { listMentions } from '../../utils/storage/mentions';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { createBackgroundHandlers, officerFromSettings } from '../background/handlers';
import { PopupApp } from './PopupApp';

// The popup talks to a real background (handlers over an in-memory database), as in the browser.
const background = vi.hoisted(() => ({ handlers: undefined as unknown }));
vi.mock('../../utils/messaging/transport', async (original) => ({
  ...(await original<typeof import('../../utils/messaging/transport')>()),
  sendToBackground: (name: string, data: unknown) =>
    (background.handlers as Record<string, (d: unknown, s: object) => Promise<unknown>>)[name]!(
      data,
      {},
    ),
  onBroadcast: () => () => {},
}));

let dbCount = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let root: HTMLElement;

beforeEach(async () => {
  db = await openTanggapDb(`popup-app-${++dbCount}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => new Date(),
    officer: officerFromSettings(async () => db),
    onChanged: async () => {},
  });
  background.handlers = handlers;
  await handlers.saveSettings({ settings: { watchedHandles: ['PemkotBdg'] } }, {});
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  db.close();
});

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

/** Waits (rendering as it goes) until `find` finds something: the popup answers when it answers. */
function until<T>(find: () => T | null | undefined | false): Promise<T> {
  return vi.waitFor(
    async () => {
      await act(async () => {});
      const found = find();
      if (!found) throw new Error('not shown yet');
      return found;
    },
    { timeout: 5_000, interval: 10 },
  );
}
const shown = <E extends Element>(selector: string) => until(() => root.querySelector<E>(selector));

function openPopup() {
  act(() => render(<PopupApp />, root));
}

async function giveName(name: string) {
  const dialog = await shown('.name-step[role="dialog"]');
  dialog.querySelector('input')!.value = name;
  await act(() => dialog.querySelector('form')!.requestSubmit());
  await until(() => !root.querySelector('.name-step'));
}

async function assignFromIntake(tweetId: string, departmentId: string) {
  const select = await shown<HTMLSelectElement>(
    `[data-intake-item][data-tweet-id="${tweetId}"] select[data-action="assign"]`,
  );
  select.value = departmentId;
  await act(() => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

test('an intake assign by an officer with no name asks for it, then goes through signed', async () => {
  const post = createPost({ text: '@PemkotBdg sampah menumpuk', createdAt: hourAgo() });
  await handlers.recordMentions({ posts: [post] }, {});
  openPopup();
  await assignFromIntake(post.id, 'dlh');
  await shown('.name-step[role="dialog"]');
  expect(root.querySelector('.intake [role="alert"]')).toBeNull();
  await giveName('Rina');
  await vi.waitFor(async () =>
    expect((await getAssignment(db, post.id))?.history.map((e) => e.by)).toEqual(['Rina']),
  );
});

test('a dismissal by an officer with no name asks for it; cancelled, nothing is dismissed', async () => {
  const post = createPost({ text: '@PemkotBdg jalan rusak', createdAt: hourAgo() });
  await handlers.recordMentions({ posts: [post] }, {});
  openPopup();
  const dismiss = await shown<HTMLButtonElement>('[data-action="dismiss"]');
  await act(() => dismiss.click());
  await shown('.name-step[role="dialog"]');
  const cancel = [...root.querySelectorAll<HTMLButtonElement>('.name-step button')].find(
    (b) => b.type === 'button',
  )!;
  await act(() => cancel.click());
  await until(() => !root.querySelector('.name-step'));
  // The intake list is back, with the mention still waiting.
  await shown(`[data-intake-item][data-tweet-id="${post.id}"]`);
  expect(root.querySelector('.intake-undo')).toBeNull();
  expect((await listMentions(db))[0]?.dismissedAt).toBe('');
});

test('a bulk change refused for want of a name asks once, then the batch goes through', async () => {
  const posts = [1, 2].map((i) => createPost({ text: `aduan ${i}`, createdAt: hourAgo() }));
  await handlers.saveSettings({ settings: { officerName: 'Ani' } }, {});
  for (const post of posts) await handlers.assignPost({ post, departmentId: 'dlh' }, {});
  await handlers.saveSettings({ settings: { officerName: '' } }, {});
  openPopup();
  for (const post of posts) {
    const box = await shown<HTMLInputElement>(
      `[data-tweet-id="${post.id}"] input[data-action="select"]`,
    );
    await act(() => box.click());
  }
  const resolve = await shown<HTMLButtonElement>('[data-action="bulk-resolve"]');
  await act(() => resolve.click());
  await giveName('Rina');
  const result = await shown('[data-bulk-result]');
  await vi.waitFor(() => expect(result.textContent).toContain('2 posts changed.'));
  for (const post of posts) {
    const stored = await getAssignment(db, post.id);
    expect(stored?.status).toBe('resolved');
    expect(stored?.history.at(-1)?.by).toBe('Rina');
  }
});
