/**
 * A whole X page, offline: the real page chrome of the saved home timeline (left navigation,
 * primary column, sticky tab header, search box) around a timeline that behaves like X's —
 * a virtual list whose absolutely positioned cells are re-used as the page scrolls, SPA
 * navigation with history.pushState, and posts re-rendered in place.
 */
import { JSDOM } from 'jsdom';
import fs from 'node:fs';
import path from 'node:path';
import { pageSource } from '../page-source';
import { recoverAtomicCss } from './atomic-css';
import {
  applyTheme,
  fillPost,
  FIXTURES_DIR,
  themedTemplates,
  type PostSpec,
  type Templates,
} from './post-template';

const SHELL_FILE = 'x.com_home-timeline_dark_2025-02.html';
/** The officer's own account in the replica (fictional, like every account here). */
export const OFFICER = { handle: 'humas_kotaraya', name: 'Humas Kota Raya' };

export interface PageOptions {
  theme?: 'dark' | 'light';
  path?: string;
  posts: PostSpec[];
  replies?: Record<string, PostSpec[]>;
  lang?: 'en' | 'id';
}

/** What the page script gets, as JSON. */
interface PageData {
  templates: Templates;
  posts: PostSpec[];
  replies: Record<string, PostSpec[]>;
  lang: 'en' | 'id';
  tabOn: string;
  tabOff: string;
  section: string;
  initialPath: string | null;
}

const avatarSvg =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#1d9bf0"/><text x="20" y="27" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">H</text></svg>',
  );

let shellCache: {
  head: string;
  body: string;
  htmlStyle: string;
  tabOn: string;
  tabOff: string;
} | null = null;

/** The saved page's chrome with the timeline cut out and everything remote removed. */
function buildShell() {
  if (shellCache) return shellCache;
  const html = fs.readFileSync(path.join(FIXTURES_DIR, SHELL_FILE), 'utf8');
  const doc = new JSDOM(html).window.document;
  // The saved page has no stylesheet of X's (the fixture import drops them): the replica's own.
  const knownCss = fs.readFileSync(path.join(import.meta.dirname, 'x-replica.css'), 'utf8');
  // The saved page's own account becomes the officer's.
  const ownHandle = doc
    .querySelector('[data-testid="AppTabBar_Profile_Link"]')
    ?.getAttribute('href')
    ?.match(/\/(\w{1,15})$/)?.[1];
  if (!ownHandle) throw new Error("the saved page's own account was not found");
  const own = new RegExp(`(?<=/|-)${ownHandle}(?=/|$|\\?)`, 'g');

  const primary = doc.querySelector('[data-testid="primaryColumn"]');
  const region = primary?.querySelector('section[role="region"]');
  const wrap = region?.parentElement;
  const column = wrap?.parentElement;
  if (!primary || !region || !wrap || !column) throw new Error('primary column not found');
  // Column content: [sticky header, spacer, composer, separator, timeline]. The composer is
  // the home page's; the timeline is rendered by the page script.
  const stickyHeader = column.children[0];
  const tabs = stickyHeader?.querySelectorAll('[role="tab"]');
  const tabOff = tabs?.[0]?.closest('[role="presentation"]');
  const tabOn = tabs?.[1]?.closest('[role="presentation"]');
  if (!stickyHeader || !tabOn || !tabOff) throw new Error('tabs not found in the shell');
  const tabHtml = (t: Element) => {
    const c = t.cloneNode(true) as Element;
    const a = c.querySelector('[role="tab"]');
    a?.setAttribute('href', '{{HREF}}');
    const label = [...c.querySelectorAll('span')].find(
      (s) => !s.children.length && s.textContent?.trim(),
    );
    if (label) label.textContent = '{{LABEL}}';
    return c.outerHTML;
  };
  const on = tabHtml(tabOn);
  const off = tabHtml(tabOff);
  // The home page's scroll arrows and "See new posts" pill do not belong on the replica's pages.
  stickyHeader
    .querySelectorAll('[data-testid^="ScrollSnap-"][data-testid$="ButtonWrapper"]')
    .forEach((n) => n.remove());
  for (const el of doc.querySelectorAll('[role="button"]')) {
    if (el.textContent?.trim() === 'See new posts') el.parentElement?.remove();
  }
  const list = stickyHeader.querySelector('[role="tablist"]');
  list?.replaceChildren(doc.createTextNode('{{TABS}}'));
  wrap.replaceChildren();
  column.replaceChildren(stickyHeader, wrap);

  const sidebar = doc.querySelector('[data-testid="sidebarColumn"]');
  sidebar?.querySelectorAll('aside, section, nav').forEach((n) => n.remove());

  const body = doc.body;
  for (const el of body.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
      else if (attr.name === 'href') {
        let h = attr.value.replace(/^https?:\/\/(?:x|twitter)\.com(?=\/)/, '');
        if (!h.startsWith('/') && !h.startsWith('{{')) h = '#';
        el.setAttribute('href', h.replace(own, OFFICER.handle));
      } else if (attr.name === 'data-testid' || attr.name === 'aria-label') {
        el.setAttribute(attr.name, attr.value.replace(own, OFFICER.handle));
      } else if (attr.name === 'style' && /url\(/.test(attr.value)) {
        el.setAttribute('style', attr.value.replace(/url\([^)]*\)/g, `url("${avatarSvg}")`));
      } else if (attr.name === 'src') {
        el.setAttribute('src', avatarSvg);
      }
    }
  }
  const used = [
    ...(body.innerHTML + JSON.stringify(themedTemplates('dark'))).matchAll(/\b(r-[a-z0-9]{4,})\b/g),
  ].map((m) => m[1] as string);
  const recovered = recoverAtomicCss(used, knownCss).css;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=0,viewport-fit=cover">',
    `<style id="react-native-stylesheet">${knownCss}\n${recovered}</style>`,
  ].join('\n');
  shellCache = {
    head,
    body: body.innerHTML,
    htmlStyle: doc.documentElement.getAttribute('style') ?? '',
    tabOn: on,
    tabOff: off,
  };
  return shellCache;
}

/**
 * Section markup of a timeline, as X writes it ("Timeline: …" heading and list).
 */
function sectionHtml(title: string) {
  return (
    `<section aria-labelledby="accessible-list-1" role="region" class="css-175oi2r">` +
    `<h1 dir="ltr" aria-level="1" role="heading" class="css-146c3p1 r-4iw3lz r-1xk2f4g r-109y4c4 r-1udh08x r-wwvuq4 r-u8s1d r-92ng3h" id="accessible-list-1">${title}</h1>` +
    `<div aria-label="${title}" class="css-175oi2r"><div style="position: relative; min-height: 0px;"></div></div></section>`
  );
}

/**
 * The page script. Runs in the page's own world; `fillPost` is injected as source.
 */
function pageMain(DATA: PageData, fill: typeof fillPost) {
  const POOL = 15;
  const ESTIMATE = 180;
  const replies = DATA.replies;
  const all = DATA.posts;
  let uidCounter = 0;
  let view: {
    items: PostSpec[];
    heights: number[];
    offsets: number[];
    list: HTMLElement;
    cells: HTMLElement[];
    slotItem: number[];
    focused: number;
  };

  const tpl = document.createElement('template');
  const esc = (s: string) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  function route() {
    const url = new URL(location.href);
    const p = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams.get('q') ?? '';
    let tabs: [label: string, href: string, on: boolean][] = [
      ['For you', '/home', false],
      ['Following', '/home', true],
    ];
    let title = 'Timeline: Your Home Timeline';
    let items = all;
    let focused = -1;
    let docTitle = 'Home / X';
    const status = p.match(/^\/(\w+)\/status\/(\d+)/);
    if (p.startsWith('/notifications')) {
      const mentions = p === '/notifications/mentions';
      tabs = [
        ['All', '/notifications', !mentions],
        ['Verified', '/notifications/verified', false],
        ['Mentions', '/notifications/mentions', mentions],
      ];
      title = mentions ? 'Timeline: Mentions' : 'Timeline: Notifications';
      docTitle = 'Notifications / X';
    } else if (p === '/search') {
      tabs = [
        ['Top', `/search?q=${encodeURIComponent(q)}`, true],
        ['Latest', `/search?q=${encodeURIComponent(q)}&f=live`, false],
        ['People', `/search?q=${encodeURIComponent(q)}&f=user`, false],
      ];
      title = 'Timeline: Search timeline';
      const needle = q.toLowerCase();
      items = all.filter(
        (s) =>
          s.kind !== 'promoted' &&
          (s.text + ' ' + s.handle + ' ' + s.name).toLowerCase().includes(needle),
      );
      docTitle = `${q} - Search / X`;
    } else if (status) {
      const post = all.find((s) => s.id === status[2]);
      tabs = [['Post', p, true]];
      title = 'Timeline: Conversation';
      items = post ? [post, ...(replies[post.id] ?? [])] : [];
      focused = post ? 0 : -1;
      docTitle = post ? `${post.name} on X: "${post.text.slice(0, 60)}" / X` : 'Post / X';
    } else if (/^\/\w+$/.test(p) && p !== '/home' && p !== '/explore') {
      const handle = p.slice(1);
      items = all.filter((s) => s.handle.toLowerCase() === handle.toLowerCase());
      tabs = [
        ['Posts', p, true],
        ['Replies', `${p}/with_replies`, false],
        ['Media', `${p}/media`, false],
      ];
      title = `Timeline: ${items[0]?.name ?? handle}’s posts`;
      docTitle = `${items[0]?.name ?? handle} (@${handle}) / X`;
    }
    document.title = docTitle;
    const list = document.querySelector('[role="tablist"]') as HTMLElement;
    list.innerHTML = tabs
      .map(([label, href, on]) =>
        (on ? DATA.tabOn : DATA.tabOff)
          .replace('{{HREF}}', esc(href))
          .replace('{{LABEL}}', esc(label)),
      )
      .join('');
    const column = document.querySelector(
      '[data-testid="primaryColumn"] [aria-label="Home timeline"] > div:last-child',
    ) as HTMLElement;
    // X swaps the whole column on navigation: the old section and its cells are gone.
    column.querySelector('section[role="region"]')?.remove();
    tpl.innerHTML = DATA.section.replaceAll('{{TITLE}}', esc(title));
    column.append(tpl.content);
    const listEl = column.querySelector('section [aria-label] > div') as HTMLElement;
    view = {
      items: items.slice(),
      heights: [],
      offsets: [],
      list: listEl,
      cells: [],
      slotItem: [],
      focused,
    };
    window.scrollTo(0, 0);
    update();
  }

  function layout() {
    let y = 0;
    view.items.forEach((_, i) => {
      view.offsets[i] = y;
      y += view.heights[i] ?? ESTIMATE;
    });
    view.list.style.minHeight = `${y}px`;
  }

  function render(slot: number, i: number, force: boolean) {
    let cell = view.cells[slot];
    if (!cell) {
      cell = document.createElement('div');
      cell.setAttribute('data-testid', 'cellInnerDiv');
      cell.className = 'css-175oi2r';
      view.cells[slot] = cell;
      view.list.append(cell);
    }
    if (view.slotItem[slot] === i && !force) return false;
    const spec = view.items[i] as PostSpec;
    tpl.innerHTML = fill(DATA.templates, spec, {
      lang: DATA.lang,
      nowMs: Date.now(),
      focused: i === view.focused,
      uid: (++uidCounter).toString(36) + 'r',
    });
    const fresh = tpl.content.firstElementChild as HTMLElement;
    // The cell element stays: only its content becomes the other post, as on X.
    cell.replaceChildren(...fresh.childNodes);
    view.slotItem[slot] = i;
    return true;
  }

  function place() {
    view.cells.forEach((cell, slot) => {
      const i = view.slotItem[slot] ?? -1;
      cell.style.cssText = `transform: translateY(${i >= 0 ? view.offsets[i] : 0}px); position: absolute; width: 100%;`;
    });
  }

  function update() {
    if (!view) return;
    layout();
    const n = view.items.length;
    const listTop = view.list.getBoundingClientRect().top + window.scrollY;
    const top = window.scrollY - listTop - window.innerHeight * 0.5;
    let first = 0;
    while (first < n - 1 && (view.offsets[first] ?? 0) + (view.heights[first] ?? ESTIMATE) < top)
      first++;
    first = Math.max(0, Math.min(first, n - POOL));
    const last = Math.min(n - 1, first + POOL - 1);
    let changed = false;
    for (let i = first; i <= last; i++) {
      const slot = i % POOL;
      render(slot, i, false);
      const h = (view.cells[slot] as HTMLElement).offsetHeight;
      if (h && h !== view.heights[i]) {
        view.heights[i] = h;
        changed = true;
      }
    }
    if (changed) layout();
    place();
  }

  let queued = false;
  const onScroll = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      update();
    });
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onScroll);
  window.addEventListener('popstate', route);

  function navigate(href: string) {
    history.pushState({}, '', href);
    route();
  }

  // Like X: in-app links and clicks on a post's body navigate without a reload.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    const path = e.composedPath();
    const a = path.find((n) => n instanceof HTMLAnchorElement && n.hasAttribute('href')) as
      HTMLAnchorElement | undefined;
    if (a) {
      const href = a.getAttribute('href') ?? '';
      e.preventDefault();
      if (href.startsWith('/')) navigate(href);
      return;
    }
    const interactive = path.find(
      (n) =>
        n instanceof Element &&
        n.matches('button, input, textarea, select, [role="button"], [role="menuitem"]'),
    );
    const article = path.find(
      (n) => n instanceof Element && n.matches('article[data-testid="tweet"]'),
    );
    if (interactive || !(article instanceof Element)) return;
    const link = [...article.querySelectorAll('a[href*="/status/"]')].find((l) =>
      l.querySelector('time'),
    );
    if (link && article.getAttribute('tabindex') !== '-1')
      navigate(link.getAttribute('href') ?? '/');
  });

  const slotOf = (cellIndex: number) => {
    const i = view.slotItem[cellIndex];
    if (i === undefined || !view.cells[cellIndex]) throw new Error(`no cell #${cellIndex}`);
    return i;
  };

  /** Test API, in the page's world. */
  (window as unknown as { __xReplica: object }).__xReplica = {
    append(specs: PostSpec[]) {
      for (const s of specs) {
        all.push(s);
        if (view.focused < 0) view.items.push(s);
      }
      update();
      return view.items.length;
    },
    scrollToIndex(i: number) {
      for (let k = 0; k < 3; k++) {
        update();
        const listTop = view.list.getBoundingClientRect().top + window.scrollY;
        window.scrollTo(0, listTop + (view.offsets[i] ?? 0) - 53);
      }
      update();
      return i % POOL;
    },
    reuseCell(cellIndex: number, spec: PostSpec) {
      const i = slotOf(cellIndex);
      view.items[i] = spec;
      render(cellIndex, i, true);
      update();
      return i;
    },
    /** Re-renders the same post in a cell: a new article element with the same content. */
    rerenderCell(cellIndex: number) {
      render(cellIndex, slotOf(cellIndex), true);
      update();
    },
    navigate,
    count: () => view.items.length,
    setReplies(id: string, specs: PostSpec[]) {
      replies[id] = specs;
    },
    /**
     * More replies under a post, as X loads them on scrolling or "Show more replies": shown at
     * once when its conversation is the page, else when it is opened.
     */
    appendReplies(id: string, specs: PostSpec[]) {
      replies[id] = [...(replies[id] ?? []), ...specs];
      if (view.focused >= 0 && view.items[view.focused]?.id === id) {
        view.items.push(...specs);
        update();
      }
      return view.items.length;
    },
    cells: () => view.cells.length,
  };
  route();
}

/**
 * A full X page. The page script renders according to `location.pathname`, so the same
 * document serves every x.com path; `path` only matters for pages opened without a URL.
 */
export function renderTimelinePage({
  theme = 'dark',
  path: pagePath,
  posts,
  replies = {},
  lang = 'en',
}: PageOptions) {
  const shell = buildShell();
  const data = {
    templates: themedTemplates(theme),
    posts,
    replies,
    lang,
    tabOn: applyTheme(shell.tabOn, theme),
    tabOff: applyTheme(shell.tabOff, theme),
    section: sectionHtml('{{TITLE}}'),
    initialPath: pagePath ?? null,
  };
  // `</script>` or U+2028 inside post text must not end or break the script.
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const script =
    `(() => { const DATA = ${json};\n` +
    `if (DATA.initialPath && location.protocol !== 'https:') history.replaceState({}, '', DATA.initialPath);\n` +
    `(${pageSource(pageMain)})(DATA, ${pageSource(fillPost)}); })();`;
  const body = applyTheme(shell.body, theme).replace('{{TABS}}', '');
  return (
    `<!DOCTYPE html>\n<html dir="ltr" lang="en" style="${applyTheme(shell.htmlStyle, theme)}">` +
    `<head>${applyTheme(shell.head, theme)}<title>X</title></head>` +
    `<body style="background-color: ${theme === 'dark' ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)'}; scrollbar-color: ${theme === 'dark' ? 'rgb(62, 65, 68) rgb(22, 24, 28)' : 'rgb(185, 202, 211) rgb(247, 249, 249)'};">` +
    `${body.replace(/^[\s\S]*?(<div id="react-root")/, '$1')}<script>${script}</script></body></html>`
  );
}
