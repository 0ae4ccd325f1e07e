// @vitest-environment jsdom
/**
 * The annotation per role: a control the team's rules refuse is never drawn. Against the real
 * background handlers, with the signed-in officer in the stored sync state as after a login.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createPost } from '../../../tests/factories';
import { seedDepartments } from '../../../utils/storage/departments';
import { saveSettings } from '../../../utils/storage/settings';
import { openTanggapDb, type TanggapDb } from '../../../utils/storage/schema';
import { updateSyncState } from '../../../utils/storage/sync-state';
import type { Actor } from '../../../utils/domain/actor';
import { DEFAULT_DEPARTMENTS } from '../../../utils/domain/departments';
import { firstTweetIdAt } from '../../../utils/domain/tweet-time';
import type { SyncStatus } from '../../../utils/domain/sync-state';
import { type BackgroundProtocol, type Handlers } from '../../../utils/messaging/protocol';
import { runHandler } from '../../../utils/messaging/transport';
import { createBackgroundHandlers, officerFromSettings } from '../../background/handlers';
import { ANNOTATION_TAG } from '../ui/annotation-host';
import { startFeatures } from '../index';
import type { PageNotice } from '../ui/page-notice';
import type { Popovers } from '../ui/popovers';
import type { UndoToast } from '../ui/undo-toast';

let dbCount = 0;
let db: TanggapDb;
let handlers: Handlers<BackgroundProtocol>;
let ctx: ContentScriptContext;
let undoToast: UndoToast;

const admin: Actor = { username: 'ani', role: 'admin', departmentId: '' };
const triage: Actor = { username: 'tri', role: 'triage', departmentId: '' };
const dlhOfficer: Actor = { username: 'dewi', role: 'department', departmentId: 'dlh' };

beforeEach(async () => {
  db = await openTanggapDb(`annotate-roles-${++dbCount}`);
  await seedDepartments(db, DEFAULT_DEPARTMENTS);
  await saveSettings(db, { officerName: 'Ani' });
  handlers = createBackgroundHandlers({
    db: async () => db,
    now: () => new Date(),
    officer: officerFromSettings(async () => db),
    onChanged: () => {},
  });
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown) =>
    runHandler(handlers, message, {})) as never);
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) =>
    setTimeout(() => callback(performance.now()), 0),
  );
  document.body.replaceChildren();
});

afterEach(() => {
  ctx?.notifyInvalidated();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  db.close();
});

const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000 });
const HOUR = 3_600_000;
const idAt = (ms: number, seq: number) => (BigInt(firstTweetIdAt(ms)) + BigInt(seq)).toString();

function cell(id: string, createdMs: number, text: string): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-testid', 'cellInnerDiv');
  el.innerHTML = `<article data-testid="tweet" tabindex="0"><div><div data-testid="User-Name"><a href="/warga"><span dir="ltr">Warga</span></a><a href="/warga/status/${id}"><time datetime="${new Date(createdMs).toISOString()}">1h</time></a></div></div><div data-testid="tweetText"><span>${text}</span></div></article>`;
  return el;
}

function start() {
  ctx = new ContentScriptContext('x-test');
  const notice = { show: vi.fn() } as unknown as PageNotice;
  const popovers: Popovers = { open: vi.fn(), close: vi.fn() };
  undoToast = { offer: vi.fn() };
  return startFeatures(ctx, { notice, popovers, undoToast });
}

async function signIn(actor: Actor | null) {
  await updateSyncState(db, (s) => ({ ...s, actor }));
}

const createdMs = Date.now() - HOUR;
const ids = { unassigned: idAt(createdMs, 1), dlh: idAt(createdMs, 2), dinkes: idAt(createdMs, 3) };

/** Three posts: one unassigned (with a suggestion), one of DLH, one of Dinkes. */
async function threePosts() {
  const at = new Date(createdMs).toISOString();
  for (const [id, departmentId] of [
    [ids.dlh, 'dlh'],
    [ids.dinkes, 'dinkes'],
  ] as const) {
    await handlers.assignPost({ post: createPost({ id, createdAt: at }), departmentId }, {});
  }
  document.body.append(
    cell(ids.unassigned, createdMs, 'sampah numpuk di depan rumah'),
    cell(ids.dlh, createdMs, 'Jalan rusak'),
    cell(ids.dinkes, createdMs, 'Jalan rusak'),
  );
}

const root = (id: string) =>
  document.querySelector(`${ANNOTATION_TAG}[data-tweet-id="${id}"]`)?.shadowRoot ?? null;

/** What a post's annotation offers: its buttons' actions, and the chip if it is a label. */
function controls(id: string): string[] {
  const r = root(id)!;
  const buttons = [...r.querySelectorAll('button')].map((b) => b.dataset.action!);
  const label = r.querySelector('[data-chip="label"]');
  return label ? ['label', ...buttons] : buttons;
}

describe('the annotation per role', () => {
  test.each([
    ['no team', ['assign', 'pick'], ['assign', 'actions'], ['assign', 'actions'], null],
    ['an admin', ['assign', 'pick'], ['assign', 'actions'], ['assign', 'actions'], admin],
    ['a triage officer', ['assign', 'pick'], ['assign', 'actions'], ['assign', 'actions'], triage],
    ['a DLH officer', ['label'], ['label', 'actions'], ['label'], dlhOfficer],
  ] as const)(
    'for %s: unassigned %j, a DLH item %j, a Dinkes item %j',
    async (_, unassigned, dlh, dinkes, actor) => {
      await threePosts();
      await signIn(actor);
      start();
      await until(() => expect(root(ids.dinkes)).not.toBeNull());
      expect(controls(ids.unassigned)).toEqual(unassigned);
      expect(controls(ids.dlh)).toEqual(dlh);
      expect(controls(ids.dinkes)).toEqual(dinkes);
    },
  );

  test("a department officer reads another department's item as a label naming it", async () => {
    await threePosts();
    await signIn(dlhOfficer);
    start();
    await until(() => expect(root(ids.dinkes)).not.toBeNull());
    const label = root(ids.dinkes)!.querySelector('[data-chip="label"]')!;
    expect(label.textContent).toBe('Assigned to Dinas KesehatanDinkes');
    expect(label.querySelector('.sr-only')!.textContent).toBe('Assigned to Dinas Kesehatan');
    const unassigned = root(ids.unassigned)!.querySelector('[data-chip="label"]')!;
    expect(unassigned.querySelector('[aria-hidden]')!.textContent).toBe('Unassigned');
  });

  test('a login, a logout or a role change redraws the controls without a reload', async () => {
    await threePosts();
    start();
    await until(() => expect(controls(ids.unassigned)).toEqual(['assign', 'pick']));
    const status = (actor: Actor | null): SyncStatus =>
      ({
        loggedIn: actor !== null,
        username: actor?.username ?? '',
        role: actor?.role ?? '',
        departmentId: actor?.departmentId ?? '',
      }) as SyncStatus;
    const broadcast = async (actor: Actor | null) => {
      await signIn(actor);
      const replies = await fakeBrowser.runtime.onMessage.trigger(
        { tanggap: 'event', name: 'syncStatusChanged', data: { status: status(actor) } },
        {},
        () => {},
      );
      await Promise.all(replies);
    };
    await broadcast(dlhOfficer);
    await until(() => expect(controls(ids.unassigned)).toEqual(['label']));
    expect(controls(ids.dinkes)).toEqual(['label']);
    await broadcast(triage);
    await until(() => expect(controls(ids.unassigned)).toEqual(['assign', 'pick']));
    await broadcast(null);
    await until(() => expect(controls(ids.dinkes)).toEqual(['assign', 'actions']));
  });

  test('the page offers the Undo of an assignment only to an officer who may take it back', async () => {
    await threePosts();
    const post = createPost({ id: ids.unassigned, createdAt: new Date(createdMs).toISOString() });
    const { assignment, undo } = await handlers.assignFromPage({ post, departmentId: 'dlh' }, {});
    await signIn(dlhOfficer);
    const { annotation } = start();
    await until(() => expect(root(ids.dlh)).not.toBeNull());
    annotation.offerUndo(assignment, undo!);
    expect(undoToast.offer).not.toHaveBeenCalled();
    await signIn(triage);
    ctx.notifyInvalidated();
    const again = start();
    await until(() => expect(root(ids.dlh)).not.toBeNull());
    again.annotation.offerUndo(assignment, undo!);
    expect(undoToast.offer).toHaveBeenCalledTimes(1);
  });
});
