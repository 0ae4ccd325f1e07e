import { describe, expect, it } from 'vitest';
import { createPost } from '../../tests/factories';
import {
  intakeUrgency,
  isMentionUrgent,
  isUntriaged,
  mentionAgeMinutes,
  mentionOf,
  mentionUrgentAt,
  mergeMention,
  postOfMention,
  summarizeIntake,
  type Mention,
} from './mentions';

const WATCHED = ['PemkotBdg'];
const SEEN = '2025-03-10T03:00:00.000Z';
const NOW = Date.parse('2025-03-10T03:00:00.000Z');

function mention(minutesOld: number, over: Partial<Mention> = {}): Mention {
  const post = createPost({
    text: 'Sampah menumpuk @PemkotBdg',
    createdAt: new Date(NOW - minutesOld * 60_000).toISOString(),
  });
  return { ...mentionOf(post, WATCHED, SEEN)!, ...over };
}

describe('mentionOf', () => {
  it('records a citizen’s post to a watched account, its whole text and replies kept', () => {
    const text = `@pemkotbdg ${'jalan rusak '.repeat(50)}`;
    const post = createPost({ text, replyTo: ['warga_cimahi', 'PemkotBdg'] });
    const m = mentionOf(post, WATCHED, SEEN)!;
    expect(m).toMatchObject({
      tweetId: post.id,
      authorHandle: post.authorHandle,
      createdAt: post.createdAt,
      firstSeenAt: SEEN,
      url: post.url,
      addressedTo: ['PemkotBdg'],
      dismissedAt: '',
    });
    // Assigned from the triage list, the item gets the post as it was read on X.
    expect(postOfMention(m)).toMatchObject({ text, replyTo: ['warga_cimahi', 'PemkotBdg'] });
  });

  it('leaves out posts not addressed to a watched account, promoted ones and ours', () => {
    expect(mentionOf(createPost({ text: 'jalan rusak' }), WATCHED, SEEN)).toBeNull();
    expect(mentionOf(createPost({ text: '@PemkotBdg', promoted: true }), WATCHED, SEEN)).toBeNull();
    expect(
      mentionOf(createPost({ text: '@PemkotBdg', authorHandle: 'pemkotbdg' }), WATCHED, SEEN),
    ).toBeNull();
    expect(mentionOf(createPost({ text: '@PemkotBdg', createdAt: '' }), WATCHED, SEEN)).toBeNull();
  });
});

describe('mergeMention', () => {
  it('keeps the first sighting and a dismissal; a post seen again changes nothing', () => {
    const first = mention(10, { dismissedAt: SEEN, dismissedBy: 'ani' });
    const later = { ...first, firstSeenAt: '2025-03-10T05:00:00.000Z', dismissedAt: '' };
    expect(mergeMention(first, later)).toBeNull();
    const earlier = { ...first, firstSeenAt: '2025-03-10T01:00:00.000Z' };
    expect(mergeMention(first, earlier)).toMatchObject({
      firstSeenAt: '2025-03-10T01:00:00.000Z',
      dismissedAt: SEEN,
    });
    expect(mergeMention(undefined, later)).toBe(later);
  });

  it('a mention the team stored with its fields in another order is the same mention', () => {
    const first = mention(10);
    const reordered = Object.fromEntries(Object.entries(first).reverse()) as unknown as Mention;
    expect(
      mergeMention(reordered, { ...first, firstSeenAt: '2025-03-10T05:00:00.000Z' }),
    ).toBeNull();
  });
});

describe('triage', () => {
  it('waits until assigned or dismissed; an item sent back to unassigned waits again', () => {
    const m = mention(5);
    expect(isUntriaged(m, undefined)).toBe(true);
    expect(isUntriaged(m, { status: 'open' })).toBe(false);
    expect(isUntriaged(m, { status: 'resolved' })).toBe(false);
    expect(isUntriaged(m, { status: 'unassigned' })).toBe(true);
    expect(isUntriaged({ ...m, dismissedAt: SEEN }, undefined)).toBe(false);
  });

  it('turns urgent exactly at the threshold, not a minute before', () => {
    expect(isMentionUrgent(mention(119), NOW, 120)).toBe(false);
    expect(isMentionUrgent(mention(120), NOW, 120)).toBe(true);
    expect(mentionAgeMinutes(mention(-5), NOW)).toBe(0);
  });

  it('counts what waits and lists the urgent first, newest first within each', () => {
    const list = [mention(10), mention(200), mention(130), mention(30)];
    const summary = summarizeIntake(list, NOW, 120, 3);
    expect(summary).toMatchObject({ untriaged: 4, urgent: 2, oldestMinutes: 200 });
    expect(summary.mentions.map((m) => mentionAgeMinutes(m, NOW))).toEqual([130, 200, 10]);
    expect(summarizeIntake([], NOW, 120, 3)).toMatchObject({ untriaged: 0, oldestMinutes: 0 });
  });
});

describe('intakeUrgency', () => {
  it('counts the urgent ones and names the instant the next one turns', () => {
    const waiting = [mention(130), mention(120), mention(100), mention(30), mention(119)];
    expect(intakeUrgency(waiting, NOW, 120)).toEqual({
      urgent: 2,
      // The one 119 minutes old turns first: in a minute.
      nextUrgentAt: NOW + 60_000,
    });
    expect(intakeUrgency(waiting, NOW, 30)).toEqual({ urgent: 5, nextUrgentAt: null });
    expect(intakeUrgency([], NOW, 120)).toEqual({ urgent: 0, nextUrgentAt: null });
  });

  it('turns at the instant the popup and X call the mention urgent', () => {
    const m = mention(0, { createdAt: '2025-03-10T01:00:30.500Z' });
    const at = mentionUrgentAt(m, 90);
    expect(at).toBe(Date.parse('2025-03-10T02:30:30.500Z'));
    expect(isMentionUrgent(m, at - 1, 90)).toBe(false);
    expect(intakeUrgency([m], at - 1, 90)).toEqual({ urgent: 0, nextUrgentAt: at });
    expect(isMentionUrgent(m, at, 90)).toBe(true);
    expect(intakeUrgency([m], at, 90)).toEqual({ urgent: 1, nextUrgentAt: null });
  });

  it('a post time ahead of the clock waits its whole threshold from that time', () => {
    const m = mention(-10);
    expect(intakeUrgency([m], NOW, 120)).toEqual({ urgent: 0, nextUrgentAt: NOW + 130 * 60_000 });
  });
});
