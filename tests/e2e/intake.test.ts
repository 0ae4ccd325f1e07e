/**
 * Intake in real Chromium, on the replica of the mentions page: with a watched account set on
 * the options page, every post on the page addressed to it is received, and the popup's count
 * of mentions waiting for triage is theirs; assigning one from the popup, or dismissing one as not
 * a complaint, lowers it, and the dismissed one waits no more on X's page either.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaints, MAYOR } from '../../scripts/x-replica/complaints';
import { isIntakePost } from '../../utils/domain/intake';
import { host, postOf, startExtension, waitForAnnotations, type Harness } from './harness';

const NOW = Date.now();
// Fewer than the replica's pool of cells: every one is on the first screen.
const shown = complaints(NOW).slice(0, 12);
// Typed as an officer might: with "@", in another case than X shows it.
const WATCHED = `@${MAYOR.handle.toUpperCase()}`;
const addressed = shown.filter((s) =>
  isIntakePost({ ...postOf(s), promoted: s.kind === 'promoted' }, [WATCHED]),
);

let x: Harness;

beforeAll(async () => {
  x = await startExtension({ theme: 'light', nowMs: NOW, posts: shown });
});
afterAll(async () => {
  expect(x.pageErrors).toEqual([]);
  await x.close();
});

describe('intake', { timeout: 60_000 }, () => {
  test('the popup counts the page’s posts addressed to the watched account; triage lowers it', async () => {
    // The replica holds posts to the mayor and posts to others: the count must tell them apart.
    expect(addressed.length).toBeGreaterThan(1);
    expect(addressed.length).toBeLessThan(shown.length);

    const options = await x.openOptions();
    await options.locator('[name="watchedHandles"]').fill(WATCHED);
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await x.ask('getSettings', {})).watchedHandles)
      .toEqual([WATCHED.slice(1)]);
    await options.close();

    const page = await x.openX('/notifications/mentions');
    await waitForAnnotations(page);
    await expect.poll(async () => page.locator('[data-testid="tweet"]').count()).toBe(shown.length);

    const popup = await x.openPopup();
    const count = popup.locator('[data-intake-count]');
    await expect.poll(() => count.textContent()).toBe(String(addressed.length));
    const oldest = Math.max(...addressed.map((s) => (NOW - Date.parse(s.createdAt)) / 60_000));
    const shownOldest = Number(await count.getAttribute('data-oldest-minutes'));
    expect(Math.abs(shownOldest - oldest)).toBeLessThanOrEqual(2);
    const listed = await popup
      .locator('[data-intake-item]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-tweet-id')));
    expect(listed.sort()).toEqual(addressed.map((s) => s.id).sort());

    const first = addressed[0]!;
    await popup
      .locator(`[data-intake-item][data-tweet-id="${first.id}"] select`)
      .selectOption('dishub');
    await expect.poll(() => count.textContent()).toBe(String(addressed.length - 1));
    await expect.poll(() => host(page, first.id).getAttribute('data-department')).toBe('dishub');

    // "Not a complaint" in the popup: the post waits no more, in the popup nor on X's page.
    const second = addressed[1]!;
    expect(await host(page, second.id).getAttribute('data-intake')).not.toBe('');
    await popup
      .locator(`[data-intake-item][data-tweet-id="${second.id}"] [data-action="dismiss"]`)
      .click();
    await expect.poll(() => count.textContent()).toBe(String(addressed.length - 2));
    await expect.poll(() => host(page, second.id).getAttribute('data-intake')).toBe('');
    await popup.close();
    await page.close();
  });
});
