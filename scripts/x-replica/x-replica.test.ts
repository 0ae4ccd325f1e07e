// @vitest-environment jsdom
/**
 * The replica must read like the real pages: a reader written against the saved X markup
 * has to find the same landmarks in replica posts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { complaints, demoAssignments, DEPT } from './complaints';
import { fixtureDocument, renderPost, TEMPLATE_SOURCES } from './post-template';
import { renderTimelinePage } from './timeline-page';

type Kind = 'normal' | 'repost' | 'quote' | 'promoted';
const NOW = Date.parse('2025-11-20T08:00:00.000Z');

function parse(html: string): HTMLElement {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content.firstElementChild as HTMLElement;
}

function testIds(root: Element): Set<string> {
  return new Set(
    [...root.querySelectorAll('[data-testid]')].map((e) =>
      e.getAttribute('data-testid')!.replace(/UserAvatar-Container-.*/, 'UserAvatar-Container'),
    ),
  );
}

const MEDIA = /^(tweetPhoto|card\..*|icon-verified|tweet-text-show-more-link)$/;

const spec = (kind: Kind) => complaints(NOW).find((s) => s.kind === kind)!;

describe('x-replica posts', () => {
  for (const kind of ['normal', 'repost', 'quote', 'promoted'] as const) {
    it(`renders a ${kind} post with the landmarks of the real one`, () => {
      const s = spec(kind);
      const cell = parse(renderPost(s, { nowMs: NOW }));
      expect(cell.getAttribute('data-testid')).toBe('cellInnerDiv');
      const article = cell.querySelector('article[data-testid="tweet"]')!;
      expect(article.getAttribute('role')).toBe('article');

      const src = TEMPLATE_SOURCES[kind];
      const real = fixtureDocument(src.file).querySelectorAll('[data-testid="tweet"]')[src.index]!;
      // Media and link cards are dropped on purpose (remote images); every other landmark stays.
      const expected = [...testIds(real)].filter((id) => !MEDIA.test(id));
      const got = testIds(article);
      for (const id of expected) expect(got, id).toContain(id);

      if (kind === 'promoted') {
        expect(cell.querySelector('[data-testid="placementTracking"] article')).toBe(article);
      } else {
        const link = [...article.querySelectorAll('a[href*="/status/"]')].find((a) =>
          a.querySelector('time'),
        )!;
        expect(link.getAttribute('href')).toBe(`/${s.handle}/status/${s.id}`);
        expect(link.querySelector('time')!.getAttribute('datetime')).toBe(s.createdAt);
      }
      expect(article.querySelector('[data-testid="User-Name"]')!.textContent).toContain(
        `@${s.handle}`,
      );
      expect(article.querySelector('[data-testid="tweetText"] span')).not.toBeNull();
      if (kind === 'repost') {
        expect(article.querySelector('[data-testid="socialContext"]')!.textContent).toContain(
          'reposted',
        );
      }
      if (kind === 'quote') {
        expect(article.querySelectorAll('[data-testid="tweetText"]')).toHaveLength(2);
        expect(article.querySelectorAll('[data-testid="User-Name"]')[1]!.textContent).toContain(
          `@${s.quoted!.handle}`,
        );
      }
      expect(cell.outerHTML).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
      expect(cell.outerHTML).not.toMatch(/\son[a-z]+=/i);
    });
  }

  it('shows text that looks like HTML as text', () => {
    const s = { ...spec('normal'), text: 'ada <b>Error</b> <script>alert(1)</script> & "kutip"' };
    const article = parse(renderPost(s, { nowMs: NOW })).querySelector('article')!;
    expect(article.querySelector('script, b')).toBeNull();
    expect(article.querySelector('[data-testid="tweetText"]')!.textContent).toBe(s.text);
  });

  it('renders emoji as X does, as images whose alt is the emoji', () => {
    const s = { ...spec('normal'), text: 'banjir lagi 😭🙏 tolong' };
    const text = parse(renderPost(s, { nowMs: NOW })).querySelector('[data-testid="tweetText"]')!;
    expect([...text.querySelectorAll('img')].map((i) => i.alt)).toEqual(['😭', '🙏']);
  });

  it('labels the time like X', () => {
    const s = { ...spec('normal'), createdAt: new Date(NOW - 2 * 3600_000).toISOString() };
    const time = parse(renderPost(s, { nowMs: NOW })).querySelector('time')!;
    expect(time.textContent).toBe('2h');
    expect(
      parse(renderPost(s, { nowMs: NOW, lang: 'id' })).querySelector('time')!.textContent,
    ).toBe('2j');
  });
});

describe('complaints', () => {
  const posts = complaints(NOW);
  it('covers every kind, with unique 19-digit ids', () => {
    expect(new Set(posts.map((p) => p.kind))).toEqual(
      new Set(['normal', 'repost', 'quote', 'promoted']),
    );
    expect(new Set(posts.map((p) => p.id)).size).toBe(posts.length);
    for (const p of posts) expect(p.id).toMatch(/^\d{19}$/);
    expect(posts.length).toBeGreaterThanOrEqual(55);
  });

  it('uses only handles X would accept (1 to 15 letters, digits or _)', () => {
    const handles = posts.flatMap((p) => [
      p.handle,
      typeof p.repostedBy === 'string' ? p.repostedBy : p.repostedBy?.handle,
      p.quoted?.handle,
    ]);
    for (const handle of handles.filter(Boolean)) expect(handle).toMatch(/^[A-Za-z0-9_]{1,15}$/);
  });

  it('seeds every state, on posts of the timeline, with known departments', () => {
    const known = new Set(DEFAULT_DEPARTMENTS.map((d) => d.id));
    for (const id of Object.values(DEPT)) expect(known, id).toContain(id);
    const seeded = demoAssignments(NOW);
    const ids = new Set(posts.map((p) => p.id));
    const states = new Set<string>();
    for (const a of seeded) {
      expect(ids).toContain(a.tweetId);
      expect(known).toContain(a.departmentId);
      expect(Date.parse(a.assignedAt)).toBeGreaterThan(Date.parse(a.post.createdAt));
      expect(Date.parse(a.assignedAt)).toBeLessThanOrEqual(NOW);
      const left = Date.parse(a.deadline) - NOW;
      states.add(
        a.status !== 'open'
          ? a.status
          : left < 0
            ? 'overdue'
            : left <= 6 * 3600_000
              ? 'soon'
              : 'ok',
      );
    }
    expect(states).toEqual(new Set(['ok', 'soon', 'overdue', 'responded', 'resolved']));
  });
});

describe('timeline page', () => {
  it('is a complete offline document in either theme', () => {
    for (const theme of ['dark', 'light'] as const) {
      const html = renderTimelinePage({ theme, posts: complaints(NOW) });
      expect(html).toContain(
        theme === 'dark'
          ? 'background-color: rgb(0, 0, 0)'
          : 'background-color: rgb(255, 255, 255)',
      );
      expect(html).toContain('data-testid="primaryColumn"');
      expect(html).not.toMatch(/(?:src|href)="https?:/);
      expect(html).not.toMatch(/<\/script>[\s\S]*<\/script>[\s\S]*<\/script>/);
    }
  });
});
