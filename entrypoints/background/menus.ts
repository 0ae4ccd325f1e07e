/**
 * The right-click menu on X pages: Tanggap → Assign to ▸ department, Mark responded,
 * Resolve ▸ reason, Reopen, Unassign, each shown only where it applies and where the
 * signed-in officer may use it (`showMenuFor`). A click asks the tab which post was under the pointer and then
 * calls the same handlers as a message would. The reasons that need more input (which
 * department, which other post) open the post's actions popover on the page instead.
 */
import { browser, type Browser } from 'wxt/browser';
import { errorWords } from '../../utils/i18n/error-words';
import { t, type MessageKey } from '../../utils/i18n/i18n';
import { type BackgroundProtocol, type Handlers } from '../../utils/messaging/protocol';
import { sendToTab } from '../../utils/messaging/transport';
import { TanggapError } from '../../utils/domain/errors';
import type { AssignmentStatus, ClosureReason, Department } from '../../utils/domain/types';
import { X_MATCHES } from '../../utils/domain/x-urls';
import { itemRights, type ItemRights } from '../../utils/domain/rights';

export const MENU_ROOT = 'tanggap';
export const MENU_ASSIGN = 'tanggap-assign';
export const MENU_ASSIGN_PREFIX = 'tanggap-assign:';
export const MENU_RESPONDED = 'tanggap-responded';
export const MENU_RESOLVE = 'tanggap-resolve';
/** Followed by the closure reason. */
export const MENU_RESOLVE_PREFIX = 'tanggap-resolve:';
export const MENU_UNASSIGN = 'tanggap-unassign';
export const MENU_REOPEN = 'tanggap-reopen';

/** What the post under the pointer is, as the page knows it; `none` off a post. */
export type MenuContext = AssignmentStatus | 'none';

/** Every right: working alone, or as an admin. */
const ALL_RIGHTS = itemRights(null, undefined);

/**
 * The items that apply to the post under the pointer and that the officer may use on it:
 * assigning always; marking responded only while open; resolving while open or responded;
 * reopening only once closed; unassigning once assigned. Tanggap's own entry goes when none
 * of them is left (a department officer on another department's post).
 */
export function menuVisibility(
  context: MenuContext,
  rights: ItemRights = ALL_RIGHTS,
): Record<string, boolean> {
  const assigned = context !== 'none' && context !== 'unassigned';
  const visible = {
    [MENU_ASSIGN]: rights.assign,
    [MENU_RESPONDED]: context === 'open' && rights.respond,
    [MENU_RESOLVE]: (context === 'open' || context === 'responded') && rights.resolve,
    [MENU_REOPEN]: (context === 'responded' || context === 'resolved') && rights.reopen,
    [MENU_UNASSIGN]: assigned && rights.unassign,
  };
  return { [MENU_ROOT]: Object.values(visible).some(Boolean), ...visible };
}

export type MenuUpdateApi = Pick<typeof browser.contextMenus, 'update'> & {
  /** Firefox's: redraws a menu already shown. */
  refresh?: () => Promise<void> | void;
};

/**
 * Shows only the items that apply. Chrome cannot change a menu once shown: the page's
 * `contextmenu` event sends the context first, and the menu opens after it. Firefox redraws
 * a shown menu (`refresh`).
 */
export async function showMenuFor(
  context: MenuContext,
  rights: ItemRights = ALL_RIGHTS,
  menus: MenuUpdateApi = browser.contextMenus,
): Promise<void> {
  await Promise.all(
    Object.entries(menuVisibility(context, rights)).map(([id, visible]) =>
      menus.update(id, { visible }),
    ),
  );
  await menus.refresh?.();
}

/** The menu's reasons, in order; those with `form` open the popover to ask for the rest. */
export const MENU_RESOLVE_REASONS: readonly {
  reason: ClosureReason;
  title: MessageKey;
  form: boolean;
}[] = [
  { reason: 'handled', title: 'reasonHandled', form: false },
  { reason: 'no-action', title: 'reasonNoAction', form: false },
  { reason: 'not-our-remit', title: 'menuResolveNotOurRemit', form: true },
  { reason: 'duplicate', title: 'menuResolveDuplicate', form: true },
];

export type MenusApi = Pick<typeof browser.contextMenus, 'removeAll' | 'create'>;
type CreateProperties = Parameters<MenusApi['create']>[0];

function create(menus: MenusApi, properties: CreateProperties): Promise<void> {
  return new Promise((resolve, reject) => {
    menus.create(properties, () => {
      // Reading lastError in the callback is how Chrome reports a failed create.
      const error = browser.runtime.lastError;
      if (error) reject(new Error(error.message));
      else resolve();
    });
  });
}

let building: Promise<void> = Promise.resolve();

/**
 * Replaces the whole menu. Builds run one after another: install and startup may both ask
 * at once, and interleaved builds would create the same id twice.
 */
export function buildMenus(
  departments: readonly Department[],
  menus: MenusApi = browser.contextMenus,
): Promise<void> {
  const build = async () => {
    await menus.removeAll();
    const common = {
      contexts: ['all'],
      documentUrlPatterns: X_MATCHES,
    } satisfies Partial<CreateProperties>;
    await create(menus, { ...common, id: MENU_ROOT, title: t('menuRoot') });
    await create(menus, {
      ...common,
      id: MENU_ASSIGN,
      parentId: MENU_ROOT,
      title: t('menuAssignTo'),
    });
    for (const dept of departments) {
      await create(menus, {
        ...common,
        id: MENU_ASSIGN_PREFIX + dept.id,
        parentId: MENU_ASSIGN,
        title: `${dept.shortName} — ${dept.name}`,
      });
    }
    await create(menus, {
      ...common,
      id: MENU_RESPONDED,
      parentId: MENU_ROOT,
      title: t('menuMarkResponded'),
    });
    await create(menus, {
      ...common,
      id: MENU_RESOLVE,
      parentId: MENU_ROOT,
      title: t('menuResolve'),
    });
    for (const { reason, title } of MENU_RESOLVE_REASONS) {
      await create(menus, {
        ...common,
        id: MENU_RESOLVE_PREFIX + reason,
        parentId: MENU_RESOLVE,
        title: t(title),
      });
    }
    await create(menus, {
      ...common,
      id: MENU_REOPEN,
      parentId: MENU_ROOT,
      title: t('menuReopen'),
      visible: false,
    });
    await create(menus, {
      ...common,
      id: MENU_UNASSIGN,
      parentId: MENU_ROOT,
      title: t('menuUnassign'),
    });
  };
  const next = building.then(build, build);
  building = next.catch(() => {});
  return next;
}

export interface MenuClickDeps {
  handlers: Pick<
    Handlers<BackgroundProtocol>,
    'assignFromPage' | 'setStatus' | 'unassign' | 'getAssignments' | 'resolve' | 'reopen'
  >;
  sendToTab?: typeof sendToTab;
  message?: (key: MessageKey, ...substitutions: string[]) => string;
}

export function createMenuClickHandler({
  handlers,
  sendToTab: send = sendToTab,
  message = t,
}: MenuClickDeps): (
  info: Browser.contextMenus.OnClickData,
  tab?: Browser.tabs.Tab,
) => Promise<void> {
  return async (info, tab) => {
    const item = String(info.menuItemId);
    if (!item.startsWith(MENU_ROOT) || tab?.id === undefined) return;
    const tabId = tab.id;
    const sender: Browser.runtime.MessageSender = { tab, frameId: info.frameId };
    const notice = async (text: string) => {
      try {
        await send(tabId, info.frameId, 'showNotice', { message: text });
      } catch (error) {
        // No content script in that frame (e.g. a tab opened before the install).
        console.warn('Tanggap: cannot show a notice', text, error);
      }
    };

    try {
      const post = await send(tabId, info.frameId, 'takeRightClickedPost', {});
      if (!post) return await notice(message('noticeNoPost'));

      if (item.startsWith(MENU_ASSIGN_PREFIX)) {
        const departmentId = item.slice(MENU_ASSIGN_PREFIX.length);
        const { assignment, undo } = await handlers.assignFromPage({ post, departmentId }, sender);
        // The page offers its Undo as after a click on the chip; stored either way.
        if (undo) {
          await send(tabId, info.frameId, 'offerUndo', { assignment, undo }).catch(
            (error: unknown) => console.warn('Tanggap: cannot offer undo', error),
          );
        }
        return;
      }
      const resolveWith = item.startsWith(MENU_RESOLVE_PREFIX)
        ? MENU_RESOLVE_REASONS.find((r) => MENU_RESOLVE_PREFIX + r.reason === item)
        : undefined;
      if (item !== MENU_RESPONDED && item !== MENU_UNASSIGN && item !== MENU_REOPEN && !resolveWith)
        return;

      const known = (await handlers.getAssignments({ ids: [post.id] }, sender))[post.id];
      if (!known || known.status === 'unassigned')
        return await notice(message('noticeNotAssigned'));
      if (item === MENU_UNASSIGN) {
        await handlers.unassign({ tweetId: post.id }, sender);
      } else if (item === MENU_REOPEN) {
        await handlers.reopen({ tweetId: post.id }, sender);
      } else if (item === MENU_RESPONDED) {
        await handlers.setStatus({ tweetId: post.id, status: 'responded' }, sender);
      } else if (resolveWith?.form) {
        const { reason } = resolveWith;
        const opened = await send(tabId, info.frameId, 'openItemActions', {
          tweetId: post.id,
          reason,
        });
        if (!opened) await notice(message('noticeOpenActions'));
      } else if (resolveWith) {
        await handlers.resolve({ tweetId: post.id, reason: resolveWith.reason }, sender);
      }
    } catch (error) {
      if (!(error instanceof TanggapError)) console.error('Tanggap: menu action failed', error);
      await notice(message('noticeFailed', errorWords(error)));
    }
  };
}
