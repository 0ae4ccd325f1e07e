// @vitest-environment jsdom
/**
 * The bench's floor must stand where the annotation stands, or "the extension beyond the floor"
 * compares the annotation with an element somewhere cheaper.
 */
import { describe, expect, it } from 'vitest';
import { findAuthorLine } from '../../utils/x-page/post';
import { complaints } from '../x-replica/complaints';
import { renderPost } from '../x-replica/post-template';
import { installFloor } from './page-driver';

const NOW = Date.parse('2025-11-20T08:00:00.000Z');

describe('the page runs’ floor', () => {
  it('puts one element in each post, where the extension puts its annotation', async () => {
    installFloor();
    const specs = complaints(NOW);
    const kinds = new Set(specs.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['normal', 'promoted', 'quote', 'repost']);
    const list = document.createElement('div');
    for (const spec of specs) {
      const t = document.createElement('template');
      t.innerHTML = renderPost(spec, { nowMs: NOW });
      list.append(t.content);
    }
    document.body.append(list);
    // The observer's callback runs after this task's microtasks.
    await new Promise((resolve) => setTimeout(resolve, 0));

    const posts = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].map((cell) =>
      cell.querySelector('[data-testid="tweet"]')!,
    );
    expect(posts).toHaveLength(specs.length);
    for (const [i, post] of posts.entries()) {
      const floors = post.querySelectorAll('tanggap-floor');
      if (specs[i]!.kind === 'promoted') {
        expect(floors, 'a promoted post has no annotation').toHaveLength(0);
        continue;
      }
      expect(floors, specs[i]!.kind).toHaveLength(1);
      expect(findAuthorLine(post)!.nextElementSibling, specs[i]!.kind).toBe(floors[0]);
    }
  });
});
