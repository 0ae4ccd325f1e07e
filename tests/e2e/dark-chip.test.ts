/**
 * A department coloured near-black stays visible on X's black theme: its assigned chip gets a
 * light outline there, and none on the light theme (where the dark pill shows by itself).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { complaints } from '../../scripts/x-replica/complaints';
import { host, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
const posts = complaints(NOW);
let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'dark', nowMs: NOW, posts });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

async function chipOutline(theme: 'dark' | 'light', tweetId: string) {
  x.replica.theme = theme;
  const page = await x.openX('/notifications/mentions');
  await waitForAnnotations(page);
  const chip = host(page, tweetId).locator('button[data-action="assign"]');
  const style = await chip.evaluate((el) => {
    const s = getComputedStyle(el);
    return { border: s.borderTopColor, width: s.borderTopWidth, background: s.backgroundColor };
  });
  await page.close();
  return style;
}

test(
  'a near-black chip has a light outline on the dark theme only',
  { timeout: 60_000 },
  async () => {
    const dlh = (await x.ask('listDepartments', {})).find((d) => d.id === 'dlh')!;
    await x.ask('saveDepartment', { department: { ...dlh, color: '#0f1419' } });
    const post = posts.find((p) => p.kind === 'normal')!;
    await x.ask('assignPost', {
      post: {
        id: post.id,
        authorHandle: post.handle,
        authorName: post.name,
        text: post.text,
        createdAt: post.createdAt,
        url: `https://x.com/${post.handle}/status/${post.id}`,
        repostedBy: null,
        focused: false,
        replyTo: [],
        promoted: false,
      },
      departmentId: 'dlh',
    });

    const dark = await chipOutline('dark', post.id);
    expect(dark.background).toBe('rgb(15, 20, 25)');
    expect(dark.width).toBe('1px');
    // A light, translucent outline: visible on black, never a second colour on the pill.
    const [r, g, b, a] = dark.border.match(/[\d.]+/g)!.map(Number);
    expect(Math.min(r!, g!, b!)).toBeGreaterThan(200);
    expect(a).toBeGreaterThan(0.2);
    expect(a).toBeLessThan(1);

    const light = await chipOutline('light', post.id);
    expect(light.border).toBe('rgba(0, 0, 0, 0)');
    x.replica.theme = 'dark';
  },
);
