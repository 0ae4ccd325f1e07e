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

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

async function openPopup() {
  act(() => render(<PopupApp />, root));
  await settle();
}

async function giveName(name: string) {
  const dialog = root.querySelector('.name-step[role="dialog"]')!;
  expect(dialog).not.toBeNull();
  dialog.querySelector('input')!.value = name;
  await act(() => dialog.querySelector('form')!.requestSubmit());
  await settle();
}

async function assignFromIntake(tweetId: string, departmentId: string) {
  const select = root.querySelector<HTMLSelectElement>(
    `[data-intake-item][data-tweet-id="${tweetId}"] select[data-action="assign"]`,
  )!;
  select.value = departmentId;
  await act(() => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

test('an intake assign by an officer with no name asks for it, then goes through signed', async () => {
  const post = createPost({ text: '@PemkotBdg sampah menumpuk', createdAt: hourAgo() });
  await handlers.recordMentions({ posts: [post] }, {});
  await openPopup();
  await assignFromIntake(post.id, 'dlh');
  expect(root.querySelector('.intake [role="alert"]')).toBeNull();
  await giveName('Rina');
  expect((await getAssignment(db, post.id))?.history.map((e) => e.by)).toEqual(['Rina']);
  expect(root.querySelector('.name-step')).toBeNull();
});

test('a dismissal by an officer with no name asks for it; cancelled, nothing is dismissed', async () => {
  const post = createPost({ text: '@PemkotBdg jalan rusak', createdAt: hourAgo() });
  await handlers.recordMentions({ posts: [post] }, {});
  await openPopup();
  await act(() => root.querySelector<HTMLButtonElement>('[data-action="dismiss"]')!.click());
  await settle();
  const cancel = [...root.querySelectorAll<HTMLButtonElement>('.name-step button')].find(
    (b) => b.type === 'button',
  )!;
  await act(() => cancel.click());
  await settle();
  expect(root.querySelector('.intake-undo')).toBeNull();
  expect((await listMentions(db))[0]?.dismissedAt).toBe('');
});

test('a bulk change refused for want of a name asks once, then the batch goes through', async () => {
  const posts = [1, 2].map((i) => createPost({ text: `aduan ${i}`, createdAt: hourAgo() }));
  await handlers.saveSettings({ settings: { officerName: 'Ani' } }, {});
  for (const post of posts) await handlers.assignPost({ post, departmentId: 'dlh' }, {});
  await handlers.saveSettings({ settings: { officerName: '' } }, {});
  await openPopup();
  for (const post of posts) {
    const box = root.querySelector<HTMLInputElement>(
      `[data-tweet-id="${post.id}"] input[data-action="select"]`,
    )!;
    await act(() => box.click());
  }
  await act(() => root.querySelector<HTMLButtonElement>('[data-action="bulk-resolve"]')!.click());
  await settle();
  await giveName('Rina');
  for (const post of posts) {
    const stored = await getAssignment(db, post.id);
    expect(stored?.status).toBe('resolved');
    expect(stored?.history.at(-1)?.by).toBe('Rina');
  }
  expect(root.querySelector('[data-bulk-result]')!.textContent).toContain('2 posts changed.');
});
