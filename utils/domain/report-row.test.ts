import { describe, expect, it } from 'vitest';
import { createPost } from '../../tests/factories';
import { assign, changeStatus, unassign, undoAssign, undoOffer } from './assignment-ops';
import { DEFAULT_DEPARTMENTS } from './departments';
import { addNote } from './lifecycle-ops';
import { computeReport, MAX_BREACHES, shownBreaches, withBreachTexts } from './report';
import { reportRowOf } from './report-row';
import { DEFAULT_SETTINGS } from './settings';
import type { Assignment, Department } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PERIOD = { from: '2026-11-01', to: '2026-11-30' };
const NOW = Date.parse('2026-12-02T03:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A small seeded generator (mulberry32): the same varied set on every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Items posted around the period (some before it, some after), each put through a random walk
 * of what officers do: reassign, respond, resolve, reopen, unassign, undo, notes; a few older
 * records without a history.
 */
function variedItems(count: number, seed: number): Assignment[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const startMs = Date.parse('2026-10-25T00:00:00.000Z');
  const items: Assignment[] = [];
  for (let i = 0; i < count; i++) {
    const postMs = startMs + Math.floor(rnd() * 40 * 24 * HOUR);
    const post = createPost({ createdAt: iso(postMs), text: `Aduan warga nomor ${i}` });
    let t = postMs + Math.floor(rnd() * 3 * HOUR);
    let a = assign(undefined, post, pick(DEFAULT_DEPARTMENTS), 'triage', iso(t));
    const steps = Math.floor(rnd() * 6);
    for (let s = 0; s < steps; s++) {
      const before = a;
      t += Math.floor(rnd() * 30 * HOUR);
      const at = iso(t);
      try {
        switch (pick(['reassign', 'respond', 'resolve', 'reopen', 'unassign', 'undo', 'note'])) {
          case 'reassign':
            a = assign(a, post, pick(DEFAULT_DEPARTMENTS), 'triage', at, 'not-our-remit');
            break;
          case 'respond':
            a = changeStatus(a, 'responded', 'dinas', at);
            break;
          case 'resolve':
            a = changeStatus(a, 'resolved', 'dinas', at, 'handled');
            break;
          case 'reopen':
            a = changeStatus(a, 'open', 'atasan', at);
            break;
          case 'unassign':
            a = unassign(a, 'triage', at);
            break;
          case 'undo': {
            const offer = undoOffer(undefined, a);
            if (offer) a = undoAssign(a, offer, 'triage', at);
            break;
          }
          default:
            a = addNote(a, 'Petugas sudah ke lokasi', 'dinas', at);
        }
      } catch {
        a = before; // A step the item's state refuses: it stays as it was.
      }
    }
    if (rnd() < 0.05) a = { ...a, history: [] };
    items.push(a);
  }
  return items;
}

describe('the report’s row of an item', () => {
  it('keeps what the report reads and leaves out the text, notes and other events', () => {
    const post = createPost({ createdAt: '2026-11-02T01:00:00.000Z' });
    let a = assign(undefined, post, DEFAULT_DEPARTMENTS[0]!, 'triage', '2026-11-02T02:00:00.000Z');
    a = addNote(a, 'Sudah ditelepon', 'dinas', '2026-11-02T03:00:00.000Z');
    a = changeStatus(a, 'responded', 'dinas', '2026-11-02T04:00:00.000Z');
    const row = reportRowOf(a);
    expect(row).toEqual({
      tweetId: a.tweetId,
      departmentId: a.departmentId,
      status: 'responded',
      respondedAt: a.respondedAt,
      resolvedAt: '',
      post: { createdAt: post.createdAt, url: post.url, authorHandle: post.authorHandle },
      history: [
        { at: '2026-11-02T02:00:00.000Z', action: 'assign', to: a.departmentId },
        { at: '2026-11-02T04:00:00.000Z', action: 'respond' },
      ],
    });
    expect(JSON.stringify(row)).not.toContain('Sudah ditelepon');
  });

  it.each([
    ['in plain hours', false],
    ['in working hours', true],
  ])('gives the same report as the whole items, %s', (_, enabled) => {
    const items = variedItems(1000, enabled ? 7 : 11);
    const departments: Department[] = DEFAULT_DEPARTMENTS.map((d, i) =>
      i % 3 === 0 ? { ...d, slaHours: 8 } : d,
    );
    const input = {
      departments,
      workingHours: { ...DEFAULT_SETTINGS.workingHours, enabled },
      period: PERIOD,
      nowMs: NOW,
      untriaged: [],
    };
    const full = computeReport({ ...input, items });
    const fromRows = computeReport({ ...input, items: items.map(reportRowOf) });
    const byId = new Map(items.map((a) => [a.tweetId, a]));
    const filled = withBreachTexts(fromRows, (id) => byId.get(id)?.post.text);

    // The set is varied enough to reach every kind of figure.
    expect(full.total).toMatchObject({
      respondedOnTime: expect.any(Number),
      reopened: expect.any(Number),
    });
    for (const key of [
      'respondedOnTime',
      'respondedLate',
      'openOverdue',
      'closedWithoutResponse',
      'reopened',
      'reassigned',
    ] as const) {
      expect(full.total[key], key).toBeGreaterThan(0);
    }
    expect(full.longestOverdue.length).toBeGreaterThan(MAX_BREACHES);
    expect(full.latestLate.length).toBeGreaterThan(MAX_BREACHES);

    expect(fromRows.rows).toEqual(full.rows);
    expect(fromRows.total).toEqual(full.total);
    expect(fromRows.weeks).toEqual(full.weeks);
    const withoutText = (list: readonly { text: string }[]) =>
      list.map((b) => ({ ...b, text: '' }));
    expect(withoutText(fromRows.longestOverdue)).toEqual(withoutText(full.longestOverdue));
    expect(withoutText(fromRows.latestLate)).toEqual(withoutText(full.latestLate));
    // The breaches the page shows have their texts back.
    expect(shownBreaches(filled)).toEqual(shownBreaches(full));
  });
});
