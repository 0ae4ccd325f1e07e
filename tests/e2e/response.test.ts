/**
 * Response detection in real Chromium: an assigned post's conversation page, built from the
 * real saved markup (the focused post, then replies), where the department's reply shows up
 * only once the officer scrolls or X loads more replies.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { snowflake } from '../../scripts/x-replica/complaints';
import type { PostSpec } from '../../scripts/x-replica/post-template';
import { DEFAULT_DEPARTMENTS } from '../../utils/domain/departments';
import { host, postOf, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
const H = 3_600_000;
const PU = { handle: 'DSDABM_KotaRaya', name: 'DSDABM Kota Raya' };
const DLH = { handle: 'dlh_kotaraya', name: 'DLH Kota Raya' };

let seq = 0;
function spec(author: { handle: string; name: string }, text: string, ageMs: number): PostSpec {
  const createdAt = new Date(NOW - ageMs).toISOString();
  const id = snowflake(NOW - ageMs, ++seq);
  return { id, handle: author.handle, name: author.name, text, createdAt, kind: 'normal' };
}

const citizen = (n: number) => ({ handle: `warga_${n}`, name: `Warga ${n}` });
/** Citizens chatting under a complaint: enough to push later replies out of the first screen. */
const chatter = (n: number, ageMs: number) =>
  Array.from({ length: n }, (_, i) =>
    spec(citizen(i), `Sama di sini, sudah seminggu begini. (${i + 1})`, ageMs - i * 60_000),
  );

const roads = spec(
  citizen(100),
  'Jalan berlubang besar di Jl. Merdeka, motor jatuh tadi pagi',
  5 * H,
);
const drain = spec(citizen(101), 'Saluran air di Jl. Melati mampet, banjir tiap hujan', 5 * H);
const puReply = spec(PU, 'Terima kasih laporannya, tim kami meluncur ke lokasi hari ini.', 2 * H);
const dlhReply = spec(DLH, 'Untuk sampah di saluran, kami koordinasikan dengan petugas.', 1 * H);

let x: Harness;

beforeAll(async () => {
  x = await startExtension({
    theme: 'light',
    nowMs: NOW,
    posts: [roads, drain],
    // The department's reply is the 25th: X renders it only when scrolled to.
    replies: { [roads.id]: [...chatter(24, 4 * H), puReply], [drain.id]: chatter(3, 4 * H) },
  });
  // The admin fills in the departments' handles (the options page's directory does this).
  for (const [id, handle] of [
    ['dsdabm', PU.handle],
    ['dlh', DLH.handle],
  ] as const) {
    const department = DEFAULT_DEPARTMENTS.find((d) => d.id === id)!;
    await x.ask('saveDepartment', { department: { ...department, handle } });
  }
  await x.ask('assignPost', { post: postOf(roads), departmentId: 'dsdabm' });
  await x.ask('assignPost', { post: postOf(drain), departmentId: 'dsdabm' });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

type Replica = {
  __xReplica: {
    scrollToIndex(i: number): number;
    appendReplies(id: string, specs: readonly PostSpec[]): number;
  };
};

async function openConversation(s: PostSpec): Promise<Page> {
  const page = await x.openX(`/${s.handle}/status/${s.id}`);
  await page.bringToFront();
  await waitForAnnotations(page);
  return page;
}

const stored = async (id: string) => (await x.ask('getAssignments', { ids: [id] }))[id]!;

describe('response detection on a conversation page', { timeout: 60_000 }, () => {
  test('the department’s reply, seen after scrolling, marks the post responded at its time', async () => {
    const page = await openConversation(roads);
    const annotation = host(page, roads.id);
    await expect(annotation.getAttribute('data-status')).resolves.toBe('open');
    // Not on the first screen: nothing is detected yet.
    await expect(
      page.locator(`a[href="/${PU.handle}/status/${puReply.id}"]`).count(),
    ).resolves.toBe(0);
    await page.waitForTimeout(300);
    expect((await stored(roads.id)).status).toBe('open');

    await page.evaluate((i) => (window as unknown as Replica).__xReplica.scrollToIndex(i), 25);
    await expect.poll(async () => (await stored(roads.id)).status).toBe('responded');
    // Back at the top, the complaint's own annotation says so.
    await page.evaluate(() => (window as unknown as Replica).__xReplica.scrollToIndex(0));
    await expect.poll(() => annotation.getAttribute('data-status')).toBe('responded');
    await expect(annotation.locator('.badge').textContent()).resolves.toBe('responded');
    expect(await stored(roads.id)).toMatchObject({
      status: 'responded',
      respondedAt: puReply.createdAt,
      responseId: puReply.id,
      respondedBy: `@${PU.handle}`,
    });
    const history = (await stored(roads.id)).history;
    expect(history.filter((e) => e.action === 'respond')).toEqual([
      expect.objectContaining({
        by: `@${PU.handle}`,
        reason: `https://x.com/${PU.handle}/status/${puReply.id}`,
      }),
    ]);

    // Reloading and seeing the reply again records nothing more.
    await page.reload();
    await waitForAnnotations(page);
    await page.evaluate((i) => (window as unknown as Replica).__xReplica.scrollToIndex(i), 25);
    await page.waitForTimeout(500);
    expect((await stored(roads.id)).history).toEqual(history);
    await page.close();
  });

  test('reopened, the post stays open when its old reply is seen again; a newer reply responds', async () => {
    expect((await stored(roads.id)).status).toBe('responded');
    const page = await openConversation(roads);
    const annotation = host(page, roads.id);
    // The old reply on screen while the officer reopens: the page reports it again.
    await page.evaluate((i) => (window as unknown as Replica).__xReplica.scrollToIndex(i), 25);
    await x.ask('reopen', { tweetId: roads.id });
    await page.evaluate(() => (window as unknown as Replica).__xReplica.scrollToIndex(0));
    await expect.poll(() => annotation.getAttribute('data-status')).toBe('open');
    await page.waitForTimeout(500);
    expect((await stored(roads.id)).status).toBe('open');

    // Coming back to the conversation later changes nothing either.
    await page.reload();
    await waitForAnnotations(page);
    await page.evaluate((i) => (window as unknown as Replica).__xReplica.scrollToIndex(i), 25);
    await page.waitForTimeout(500);
    const reopened = await stored(roads.id);
    expect(reopened).toMatchObject({ status: 'open', responseId: '', respondedAt: '' });
    expect(reopened.history.filter((e) => e.action === 'respond')).toHaveLength(1);

    // The department answers again, after the reopen.
    const again = spec(
      PU,
      'Mohon maaf, tim kami kembali ke lokasi sore ini.',
      NOW - Date.now() - 60_000,
    );
    await page.evaluate(
      ([id, replies]) => (window as unknown as Replica).__xReplica.appendReplies(id, replies),
      [roads.id, [again]] as const,
    );
    await expect.poll(async () => (await stored(roads.id)).status).toBe('responded');
    expect(await stored(roads.id)).toMatchObject({ responseId: again.id });
    await page.evaluate(() => (window as unknown as Replica).__xReplica.scrollToIndex(0));
    await expect.poll(() => annotation.getAttribute('data-status')).toBe('responded');
    await page.close();
  });

  test('another department’s reply loaded later is only noted: the clock keeps running', async () => {
    const page = await openConversation(drain);
    const annotation = host(page, drain.id);
    await expect(annotation.getAttribute('data-status')).resolves.toBe('open');

    // "Show more replies": X appends them under the conversation.
    await page.evaluate(
      ([id, replies]) => (window as unknown as Replica).__xReplica.appendReplies(id, replies),
      [drain.id, [dlhReply]] as const,
    );
    await expect
      .poll(async () => (await stored(drain.id)).history.map((e) => e.action))
      .toEqual(['assign', 'reply-seen']);
    expect((await stored(drain.id)).history[1]).toMatchObject({
      by: `@${DLH.handle}`,
      reason: `https://x.com/${DLH.handle}/status/${dlhReply.id}`,
    });
    expect(await stored(drain.id)).toMatchObject({ status: 'open', respondedAt: '' });
    await expect(annotation.getAttribute('data-status')).resolves.toBe('open');
    await expect(annotation.getAttribute('data-urgency')).resolves.toBe('ok');
    await page.close();
  });
});
