/**
 * The page holds the assignments of the last days' posts, so a post X brings in is annotated
 * in the same task, before X's page is painted again: no frame without its annotation, no
 * second layout of the post. Older posts are asked of the background as before.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints, snowflake } from '../../scripts/x-replica/complaints';
import type { PostSpec } from '../../scripts/x-replica/post-template';
import {
  ANNOTATION,
  host,
  postOf,
  startExtension,
  waitForAnnotations,
  type Harness,
} from './harness';

const NOW = Date.now();
const DAY = 24 * 3_600_000;
const posts = complaints(NOW);
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'light', nowMs: NOW, posts });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

/** A post of the replica's kind `normal`, not shown in the first cells, with a new id and time. */
function newPost(createdMs: number, seq: number): PostSpec {
  const base = posts.filter((p) => p.kind === 'normal')[seq % 20]!;
  return { ...base, id: snowflake(createdMs, seq), createdAt: new Date(createdMs).toISOString() };
}

/**
 * Puts `spec` in cell `cell` (X re-using a cell), then reads its annotation as the microtasks
 * of that task end: after every MutationObserver callback of the change, before anything else
 * (a message to the background and its answer) could run. Waits two frames first, so that no
 * batch of the content script is already waiting for the next frame.
 */
function showAndReadAtOnce(page: Page, cell: number, spec: PostSpec) {
  return page.evaluate(
    async ([cell, spec, tag]) => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      (
        window as unknown as { __xReplica: { reuseCell(c: number, s: unknown): void } }
      ).__xReplica.reuseCell(cell, spec);
      await new Promise<void>((r) => queueMicrotask(r));
      const found = document.querySelector<HTMLElement>(`${tag}[data-tweet-id="${spec.id}"]`);
      return found ? { status: found.dataset.status, department: found.dataset.department } : null;
    },
    [cell, spec, ANNOTATION] as const,
  );
}

describe('recent posts are annotated in the task that brings them', { timeout: 60_000 }, () => {
  test('an assigned and an unassigned post of today; an old assigned post once the background answers', async () => {
    const assigned = newPost(NOW - 2 * 3_600_000, 1);
    const unassigned = newPost(NOW - 3 * 3_600_000, 2);
    const old = newPost(NOW - 10 * DAY, 3);
    await x.ask('assignPost', { post: postOf(assigned), departmentId: 'dlh' });
    await x.ask('assignPost', { post: postOf(old), departmentId: 'dishub' });
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);

    expect(await showAndReadAtOnce(page, 0, assigned)).toEqual({
      status: 'open',
      department: 'dlh',
    });
    expect(await showAndReadAtOnce(page, 1, unassigned)).toEqual({
      status: 'unassigned',
      department: '',
    });
    await showAndReadAtOnce(page, 2, old);
    await expect.poll(() => host(page, old.id).getAttribute('data-department')).toBe('dishub');
    await page.close();
  });

  test('an assignment made elsewhere while the page is open reaches the posts it shows next', async () => {
    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    const later = newPost(NOW - 5 * 60_000, 4);
    // Assigned from another extension page (the popup, another tab): the page never saw it.
    await x.ask('assignPost', { post: postOf(later), departmentId: 'dinkes' });
    await expect
      .poll(async () => (await showAndReadAtOnce(page, 3, later))?.department, { timeout: 5000 })
      .toBe('dinkes');
    await x.ask('unassign', { tweetId: later.id });
    await expect
      .poll(async () => (await showAndReadAtOnce(page, 4, later))?.status, { timeout: 5000 })
      .toBe('unassigned');
    await page.close();
  });
});
