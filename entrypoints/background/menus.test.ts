import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { createPost } from '../../tests/factories';
import { getAssignment } from '../../utils/storage/assignments';
import { seedDepartments } from '../../utils/storage/departments';
import { openTanggapDb, type TanggapDb } from '../../utils/storage/schema';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import type { ContentProtocol } from '../../utils/messaging/protocol';
import type { sendToTab } from '../../utils/messaging/transport';
import type { Assignment, Post } from '../../utils/domain/types';
import type { UndoOffer } from '../../utils/domain/assignment-ops';
import { X_MATCHES } from '../../utils/domain/x-urls';
import type { Actor } from '../../utils/domain/actor';
import { itemRights } from '../../utils/domain/rights';
import { createBackgroundHandlers } from './handlers';
import {
  buildMenus,
  createMenuClickHandler,
  MENU_ASSIGN,
  MENU_ASSIGN_PREFIX,
  MENU_REOPEN,
  MENU_RESOLVE,
  MENU_RESOLVE_PREFIX,
  MENU_RESPONDED,
  MENU_ROOT,
  MENU_UNASSIGN,
  showMenuFor,
  type MenusApi,
  type MenuUpdateApi,
} from './menus';

describe('buildMenus', () => {
  function stub() {
    const calls: string[] = [];
    const created: Record<string, unknown>[] = [];
    const menus = {
      removeAll: vi.fn(async () => {
        calls.push('removeAll');
        created.length = 0;
      }),
      create: vi.fn((props: Record<string, unknown>, done?: () => void) => {
        calls.push(`create ${String(props.id)}`);
        if (created.some((c) => c.id === props.id))
          throw new Error(`duplicate ${String(props.id)}`);
        created.push(props);
        queueMicrotask(() => done?.());
        return props.id as string;
      }),
    };
    return { menus, calls, created };
  }

  test('Tanggap → Assign to ▸ one item per department, then the status items and Resolve ▸ reasons, on X only', async () => {
    const { menus, calls, created } = stub();
    await buildMenus(DEFAULT_DEPARTMENTS.slice(0, 2), menus as unknown as MenusApi);
    expect(calls[0]).toBe('removeAll');
    expect(created.map((c) => [c.id, c.parentId, c.title])).toEqual([
      ['tanggap', undefined, 'Tanggap'],
      ['tanggap-assign', 'tanggap', 'Assign to'],
      ['tanggap-assign:dsdabm', 'tanggap-assign', 'DSDABM — Dinas Sumber Daya Air dan Bina Marga'],
      ['tanggap-assign:dlh', 'tanggap-assign', 'DLH — Dinas Lingkungan Hidup'],
      ['tanggap-responded', 'tanggap', 'Mark responded'],
      ['tanggap-resolve', 'tanggap', 'Resolve'],
      ['tanggap-resolve:handled', 'tanggap-resolve', 'Handled'],
      ['tanggap-resolve:no-action', 'tanggap-resolve', 'No action needed'],
      ['tanggap-resolve:not-our-remit', 'tanggap-resolve', 'Not our remit…'],
      ['tanggap-resolve:duplicate', 'tanggap-resolve', 'Duplicate…'],
      ['tanggap-reopen', 'tanggap', 'Reopen'],
      ['tanggap-unassign', 'tanggap', 'Unassign'],
    ]);
    for (const c of created) {
      expect(c.contexts).toEqual(['all']);
      expect(c.documentUrlPatterns).toEqual(X_MATCHES);
    }
  });

  test('builds asked for at once run one after the other', async () => {
    const { menus, created } = stub();
    await Promise.all([
      buildMenus(DEFAULT_DEPARTMENTS, menus as unknown as MenusApi),
      buildMenus(DEFAULT_DEPARTMENTS, menus as unknown as MenusApi),
    ]);
    expect(created).toHaveLength(DEFAULT_DEPARTMENTS.length + 10);
  });
});

describe('showMenuFor', () => {
  function fakeMenus(withRefresh: boolean) {
    const visible: Record<string, boolean> = {};
    const order: string[] = [];
    const menus: MenuUpdateApi = {
      update: vi.fn(async (id: string | number, props: { visible?: boolean }) => {
        visible[String(id)] = props.visible!;
        order.push('update');
      }) as unknown as MenuUpdateApi['update'],
      refresh: withRefresh ? vi.fn(async () => void order.push('refresh')) : undefined,
    };
    return { menus, visible, order };
  }

  const onPost = (...ids: string[]) => [MENU_ROOT, MENU_ASSIGN, ...ids];
  test.each([
    ['none', onPost()],
    ['unassigned', onPost()],
    ['open', onPost(MENU_RESPONDED, MENU_RESOLVE, MENU_UNASSIGN)],
    ['responded', onPost(MENU_RESOLVE, MENU_REOPEN, MENU_UNASSIGN)],
    ['resolved', onPost(MENU_REOPEN, MENU_UNASSIGN)],
  ] as const)('on a post %s, shows only %j', async (context, shown) => {
    const { menus, visible } = fakeMenus(false);
    await showMenuFor(context, undefined, menus);
    expect(shownIds(visible)).toEqual([...shown].sort());
  });

  function shownIds(visible: Record<string, boolean>) {
    return Object.entries(visible)
      .filter(([, on]) => on)
      .map(([id]) => id)
      .sort();
  }

  const admin: Actor = { username: 'ani', role: 'admin', departmentId: '' };
  const triage: Actor = { username: 'tri', role: 'triage', departmentId: '' };
  const dlh: Actor = { username: 'dewi', role: 'department', departmentId: 'dlh' };
  // Role × post: what the menu offers is what the team's rules let that officer do.
  test.each([
    [admin, 'unassigned', '', [MENU_ROOT, MENU_ASSIGN]],
    [admin, 'open', 'dlh', [MENU_ROOT, MENU_ASSIGN, MENU_RESPONDED, MENU_RESOLVE, MENU_UNASSIGN]],
    [triage, 'unassigned', '', [MENU_ROOT, MENU_ASSIGN]],
    [triage, 'resolved', 'dinkes', [MENU_ROOT, MENU_ASSIGN, MENU_REOPEN, MENU_UNASSIGN]],
    [dlh, 'none', '', []],
    [dlh, 'unassigned', '', []],
    [dlh, 'open', 'dlh', [MENU_ROOT, MENU_RESPONDED, MENU_RESOLVE]],
    [dlh, 'responded', 'dlh', [MENU_ROOT, MENU_RESOLVE, MENU_REOPEN]],
    [dlh, 'open', 'dinkes', []],
    [dlh, 'resolved', 'dinkes', []],
  ] as const)('as %o, on a post %s of "%s", shows only %j', async (actor, context, dept, shown) => {
    const { menus, visible } = fakeMenus(false);
    await showMenuFor(context, itemRights(actor, dept ? { departmentId: dept } : undefined), menus);
    expect(shownIds(visible)).toEqual([...shown].sort());
  });

  test('Firefox redraws the menu already shown, after the items changed', async () => {
    const { menus, order } = fakeMenus(true);
    await showMenuFor('open', undefined, menus);
    expect(order.at(-1)).toBe('refresh');
    expect(order.filter((o) => o === 'update')).toHaveLength(6);
  });
});

describe('createMenuClickHandler', () => {
  let db: TanggapDb;
  let count = 0;
  let rightClicked: Post | null;
  let notices: string[];
  let opened: { tweetId: string; reason?: string }[];
  let popoverShown: boolean;
  let undoOffers: { assignment: Assignment; undo: UndoOffer }[];
  let onChanged: ReturnType<typeof vi.fn<(a: Assignment[]) => void>>;
  let click: ReturnType<typeof createMenuClickHandler>;
  const tab = { id: 7 } as Browser.tabs.Tab;

  beforeEach(async () => {
    db = await openTanggapDb(`menus-${++count}`);
    await seedDepartments(db, DEFAULT_DEPARTMENTS);
    rightClicked = null;
    notices = [];
    opened = [];
    popoverShown = true;
    undoOffers = [];
    onChanged = vi.fn<(a: Assignment[]) => void>();
    const handlers = createBackgroundHandlers({
      db: async () => db,
      now: () => new Date('2025-03-10T02:00:00.000Z'),
      officer: async () => 'ani',
      onChanged,
    });
    const send = vi.fn(
      async (
        tabId: number,
        frameId: number | undefined,
        name: keyof ContentProtocol,
        data: unknown,
      ) => {
        expect(tabId).toBe(7);
        expect(frameId).toBe(0);
        if (name === 'takeRightClickedPost') return rightClicked;
        if (name === 'openItemActions') {
          opened.push(data as { tweetId: string; reason?: string });
          return popoverShown;
        }
        if (name === 'offerUndo') {
          undoOffers.push(data as { assignment: Assignment; undo: UndoOffer });
          return undefined;
        }
        notices.push((data as { message: string }).message);
        return undefined;
      },
    ) as unknown as typeof sendToTab;
    click = createMenuClickHandler({ handlers, sendToTab: send });
  });
  afterEach(() => db.close());

  const info = (menuItemId: string) =>
    ({
      menuItemId,
      frameId: 0,
      editable: false,
      pageUrl: 'https://x.com/home',
    }) as Browser.contextMenus.OnClickData;

  test('no post under the pointer: a notice, nothing stored', async () => {
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
    expect(notices).toEqual(['Right-click on a post to assign it. Nothing was stored.']);
    expect(onChanged).not.toHaveBeenCalled();
  });

  test('assigns the post that was right-clicked', async () => {
    rightClicked = createPost();
    await click(info(`${MENU_ASSIGN_PREFIX}dinsos`), tab);
    expect(await getAssignment(db, rightClicked.id)).toMatchObject({
      departmentId: 'dinsos',
      status: 'open',
      assignedBy: 'ani',
    });
    expect(notices).toEqual([]);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  test('an assignment from the menu offers its undo on the page; the same one again does not', async () => {
    rightClicked = createPost();
    const post = rightClicked;
    await click(info(`${MENU_ASSIGN_PREFIX}dinsos`), tab);
    expect(undoOffers).toHaveLength(1);
    expect(undoOffers[0]!.undo).toMatchObject({
      tweetId: post.id,
      previous: { status: 'unassigned' },
    });
    expect(undoOffers[0]!.assignment.departmentId).toBe('dinsos');
    rightClicked = post;
    await click(info(`${MENU_ASSIGN_PREFIX}dinsos`), tab);
    expect(undoOffers).toHaveLength(1);
  });

  test('mark responded, resolve as handled, reopen, unassign', async () => {
    rightClicked = createPost();
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
    await click(info(MENU_RESPONDED), tab);
    expect((await getAssignment(db, rightClicked.id))!.status).toBe('responded');
    await click(info(`${MENU_RESOLVE_PREFIX}handled`), tab);
    expect(await getAssignment(db, rightClicked.id)).toMatchObject({
      status: 'resolved',
      closureReason: 'handled',
    });
    await click(info(MENU_REOPEN), tab);
    expect((await getAssignment(db, rightClicked.id))!.status).toBe('open');
    await click(info(MENU_UNASSIGN), tab);
    expect((await getAssignment(db, rightClicked.id))!.status).toBe('unassigned');
    expect(notices).toEqual([]);
  });

  test('resolve ▸ no action needed closes it with that reason, from open', async () => {
    rightClicked = createPost();
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
    await click(info(`${MENU_RESOLVE_PREFIX}no-action`), tab);
    const stored = await getAssignment(db, rightClicked.id);
    expect(stored).toMatchObject({ status: 'resolved', closureReason: 'no-action' });
    expect(stored!.history.at(-1)).toMatchObject({ action: 'resolve', by: 'ani' });
    expect(notices).toEqual([]);
  });

  test.each(['not-our-remit', 'duplicate'])(
    'resolve ▸ %s… opens the post’s actions on the page with that reason, and stores nothing',
    async (reason) => {
      rightClicked = createPost();
      await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
      onChanged.mockClear();
      await click(info(`${MENU_RESOLVE_PREFIX}${reason}`), tab);
      expect(opened).toEqual([{ tweetId: rightClicked.id, reason }]);
      expect((await getAssignment(db, rightClicked.id))!.status).toBe('open');
      expect(onChanged).not.toHaveBeenCalled();
      expect(notices).toEqual([]);
    },
  );

  test('when the page cannot show the actions, a notice says where to find them', async () => {
    rightClicked = createPost();
    popoverShown = false;
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
    await click(info(`${MENU_RESOLVE_PREFIX}duplicate`), tab);
    expect(notices).toEqual(['Open this post’s actions with its … button. Nothing was stored.']);
  });

  test('resolving again with another reason is refused on the page', async () => {
    rightClicked = createPost();
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
    await click(info(`${MENU_RESOLVE_PREFIX}handled`), tab);
    await click(info(`${MENU_RESOLVE_PREFIX}no-action`), tab);
    expect(notices[0]).toMatch(/already resolved \(handled\): reopen it first/);
    expect((await getAssignment(db, rightClicked.id))!.closureReason).toBe('handled');
  });

  test('an unknown reason in the menu id does nothing', async () => {
    rightClicked = createPost();
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
    onChanged.mockClear();
    await click(info(`${MENU_RESOLVE_PREFIX}fixed`), tab);
    expect(onChanged).not.toHaveBeenCalled();
    expect(opened).toEqual([]);
  });

  test.each([
    MENU_RESPONDED,
    `${MENU_RESOLVE_PREFIX}handled`,
    `${MENU_RESOLVE_PREFIX}not-our-remit`,
    MENU_UNASSIGN,
  ])('%s on a post that is not assigned: a notice, nothing stored', async (item) => {
    rightClicked = createPost();
    await click(info(item), tab);
    expect(notices).toEqual(['This post is not assigned to any department yet.']);
    expect(await getAssignment(db, rightClicked.id)).toBeUndefined();
  });

  test('a failure is shown on the page', async () => {
    rightClicked = createPost();
    await click(info(`${MENU_ASSIGN_PREFIX}dinas-hilang`), tab);
    expect(notices).toEqual(['Tanggap could not save: No department has the id "dinas-hilang"']);
    expect(await getAssignment(db, rightClicked.id)).toBeUndefined();
  });

  test('a bad post from the page is refused', async () => {
    rightClicked = createPost({ id: 'abc' });
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), tab);
    expect(notices[0]).toMatch(/^Tanggap could not save: request\.post\.id/);
  });

  test('items of other extensions and clicks without a tab are ignored', async () => {
    rightClicked = createPost();
    await click(info('other'), tab);
    await click(info(`${MENU_ASSIGN_PREFIX}dlh`), undefined);
    expect(await getAssignment(db, rightClicked.id)).toBeUndefined();
    expect(notices).toEqual([]);
  });
});
