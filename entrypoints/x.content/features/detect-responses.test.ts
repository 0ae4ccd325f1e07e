// @vitest-environment jsdom
/**
 * The content script's side of response detection, on a conversation page assembled from the
 * real saved markup (the focused post's template, then replies in the timeline post's).
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { snowflake } from '../../../scripts/x-replica/complaints';
import { renderPost, type PostSpec } from '../../../scripts/x-replica/post-template';
import { createAssignment } from '../../../tests/factories';
import { DEFAULT_DEPARTMENTS } from '../../../utils/domain/departments';
import type { Post } from '../../../utils/domain/types';
import { readPost } from '../../../utils/x-page/post';
import { createResponseDetector } from './detect-responses';

const sent = vi.hoisted(() => vi.fn(async (..._args: unknown[]) => null));
vi.mock('../../../utils/messaging/transport', async (original) => ({
  ...(await original<typeof import('../../../utils/messaging/transport')>()),
  sendToBackground: sent,
}));

const NOW = Date.parse('2025-11-20T08:00:00.000Z');
const H = 3_600_000;
const departments = DEFAULT_DEPARTMENTS.map((d) =>
  d.id === 'dsdabm'
    ? { ...d, handle: 'DSDABM_Kota' }
    : d.id === 'dlh'
      ? { ...d, handle: 'dlh_kota' }
      : d,
);

let seq = 0;
function spec(handle: string, ageMs: number): PostSpec {
  const createdAt = new Date(NOW - ageMs).toISOString();
  return {
    id: snowflake(NOW - ageMs, ++seq),
    handle,
    name: handle,
    text: 'Teks',
    createdAt,
    kind: 'normal',
  };
}

const complaint = spec('warga_a', 5 * H);
const page = `https://x.com/${complaint.handle}/status/${complaint.id}`;
/** The post the complaint answers (shown above it), a citizen, the department, another one. */
const earlier = spec('DSDABM_Kota', 6 * H);
const citizen = spec('warga_b', 4 * H);
const dept = spec('DSDABM_Kota', 3 * H);
const otherDept = spec('dlh_kota', 2 * H);

/** Renders the posts as X does and reads them back, as the content script would. */
function read(specs: PostSpec[]): Post[] {
  const t = document.createElement('template');
  t.innerHTML = specs.map((s) => renderPost(s, { nowMs: NOW, focused: s === complaint })).join('');
  return [...t.content.querySelectorAll('[data-testid="tweet"]')].map((el) => readPost(el, page)!);
}

const reported = (call: number) =>
  sent.mock.calls[call] as [string, { conversationId: string; replies: { id: string }[] }];

beforeEach(() => {
  sent.mockClear();
});

describe('detect-responses', () => {
  test('reads the real markup: the focused post is the complaint, the rest are replies', () => {
    const posts = read([earlier, complaint, citizen, dept]);
    expect(posts.map((p) => [p.id, p.focused])).toEqual([
      [earlier.id, false],
      [complaint.id, true],
      [citizen.id, false],
      [dept.id, false],
    ]);
  });

  test('one message per batch, with the directory replies after the complaint only', () => {
    const detector = createResponseDetector({ onError: vi.fn() });
    detector.report(read([earlier, complaint, citizen, dept]), page, departments);
    expect(sent).toHaveBeenCalledOnce();
    expect(reported(0)).toEqual([
      'reportReplies',
      {
        conversationId: complaint.id,
        replies: [{ id: dept.id, authorHandle: 'DSDABM_Kota', createdAt: dept.createdAt }],
      },
    ]);

    // X re-renders and loads more: only what is new is sent, and nothing when nothing is.
    detector.report(read([citizen, dept]), page, departments);
    expect(sent).toHaveBeenCalledOnce();
    detector.report(read([dept, otherDept]), page, departments);
    expect(sent).toHaveBeenCalledTimes(2);
    expect(reported(1)[1].replies.map((r) => r.id)).toEqual([otherDept.id]);
  });

  test('no message without directory handles, or on another page', () => {
    const detector = createResponseDetector({ onError: vi.fn() });
    const noHandles = DEFAULT_DEPARTMENTS.map((d) => ({ ...d, handle: '' }));
    detector.report(read([complaint, dept]), page, noHandles);
    detector.report(read([complaint, citizen]), page, departments);
    detector.report(read([dept]), 'https://x.com/notifications/mentions', departments);
    expect(sent).not.toHaveBeenCalled();
  });

  test('replies seen before the post was open are sent again when it becomes open', () => {
    const detector = createResponseDetector({ onError: vi.fn() });
    detector.report(read([complaint, dept]), page, departments);
    const open = createAssignment({ tweetId: complaint.id, departmentId: 'dsdabm' });
    const unassigned = { ...open, status: 'unassigned' as const, departmentId: '' };

    detector.changed(null, open);
    expect(sent).toHaveBeenCalledTimes(2);
    expect(reported(1)[1].replies.map((r) => r.id)).toEqual([dept.id]);
    // Already open with the same department (e.g. our own report's answer): nothing to add.
    detector.changed(open, { ...open, updatedAt: '2025-03-10T03:00:00.000Z' });
    expect(sent).toHaveBeenCalledTimes(2);
    detector.changed(unassigned, open);
    expect(sent).toHaveBeenCalledTimes(3);
    // Another post's change is none of this page's business.
    detector.changed(null, createAssignment());
    expect(sent).toHaveBeenCalledTimes(3);
  });

  test('a failed message is reported, not thrown', async () => {
    const onError = vi.fn();
    sent.mockRejectedValueOnce(new Error('worker stopped'));
    createResponseDetector({ onError }).report(read([complaint, dept]), page, departments);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
  });
});
