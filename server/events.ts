/**
 * Server-sent events: tells each connected client that its team's data changed. The signal
 * comes from Postgres `LISTEN/NOTIFY` (PGlite has it too), so a push to any instance behind
 * a load balancer reaches the streams held by every other instance. One query per team and
 * notification, however many streams the team has open.
 *
 * The hub also ends streams whose login ended: at the token's expiry (a timer), and when a
 * logout or an admin command revokes it (`LOGINS_ENDED_CHANNEL`, heard by every instance).
 * It caps the streams one login and the whole server may hold.
 */
import { LOGINS_ENDED_CHANNEL } from './auth';
import type { StreamLimits } from './config';
import { errorFields, HttpError } from './errors';
import { eventFrame, type Written } from './event-queue';
import { log } from './log';
import { changedEvents, eventStreams, eventStreamsOpened } from './metrics';
import { PageCache } from './page-cache';
import { changedEvent, CHANGES_CHANNEL, readChangedNotice, type TeamHead } from './sync';
import { ANY_CHANGE, type Store } from './store';

/** How soon an announcement the database could not answer is tried again. */
const ANNOUNCE_RETRY_MS = 1_000;
/**
 * The shortest time between two announcements to one team. Each sends every browser of the
 * team a page to write or, when it carries none, a pull: a team pushing several times a second
 * would have its twenty browsers do that for each push. A change inside the gap is announced
 * at its end, so none goes unannounced.
 */
export const ANNOUNCE_GAP_MS = 300;

export interface EventStream {
  teamId: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  /**
   * Sends an event (`eventFrame`), or `instead` when the stream has no room for it; says
   * which it sent.
   */
  send(frame: Uint8Array, instead?: Uint8Array): Written;
  comment(text: string): void;
  close(): void;
}

/** Seconds a client refused for a full server is told to wait. */
const BUSY_RETRY_SECONDS = 30;
/** setTimeout's longest delay; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class EventHub {
  private readonly streams = new Map<string, Set<EventStream>>();
  private readonly byToken = new Map<string, Set<EventStream>>();
  private readonly expiryTimers = new Map<EventStream, ReturnType<typeof setTimeout>>();
  private count = 0;
  private stopListening: (() => Promise<void>)[] = [];
  private readonly pending = new Set<string>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private readonly lastAnnounced = new Map<string, number>();
  private readonly held = new Map<string, NodeJS.Timeout>();
  /** Per team with streams here: the version its streams were last told of. */
  private readonly told = new Map<string, number>();
  /**
   * Per team to announce: the latest head its commits' notices said, or null when one said
   * none (a notice lost, or from an older server): the announcement then reads it.
   */
  private readonly heard = new Map<string, TeamHead | null>();

  /** `pages`: the pull pages this instance keeps, which an announcement's page comes from. */
  constructor(
    private readonly store: Store,
    private readonly limits: StreamLimits,
    private readonly now: () => Date = () => new Date(),
    private readonly gapMs = ANNOUNCE_GAP_MS,
    readonly pages = new PageCache(),
  ) {}

  async start(): Promise<void> {
    if (this.stopListening.length > 0) return;
    this.stopListening = [
      await this.store.listen(CHANGES_CHANNEL, (payload) => {
        // Notices lost, or one that cannot be read: any team may have changed.
        const notice = payload === ANY_CHANGE ? null : readNotice(payload);
        if (notice) this.changed(notice.teamId, notice.head ?? null);
        else for (const id of this.streams.keys()) this.changed(id, null);
      }),
      // A notice lost while the connection was down is caught by the streams' pings.
      await this.store.listen(LOGINS_ENDED_CHANNEL, (ended) => this.endLogins(ended)),
    ];
  }

  /**
   * Holds a stream until the function it returns is called; refuses it (429, or 503 for a
   * full server) over the limits.
   */
  add(stream: EventStream): () => void {
    const ofToken = this.byToken.get(stream.tokenHash);
    if ((ofToken?.size ?? 0) >= this.limits.perLogin) {
      throw new HttpError(
        429,
        'too-many-streams',
        `One login may hold at most ${this.limits.perLogin} event streams: close one first`,
      );
    }
    if (this.count >= this.limits.total) {
      throw new HttpError(503, 'server-busy', 'The server holds all the event streams it can', {
        'Retry-After': String(BUSY_RETRY_SECONDS),
      });
    }
    this.count += 1;
    eventStreams.inc();
    eventStreamsOpened.inc();
    addTo(this.streams, stream.teamId, stream);
    addTo(this.byToken, stream.tokenHash, stream);
    this.closeAtExpiry(stream);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.count -= 1;
      eventStreams.dec();
      removeFrom(this.streams, stream.teamId, stream);
      if (!this.streams.has(stream.teamId)) {
        this.told.delete(stream.teamId);
        this.heard.delete(stream.teamId);
      }
      removeFrom(this.byToken, stream.tokenHash, stream);
      clearTimeout(this.expiryTimers.get(stream));
      this.expiryTimers.delete(stream);
    };
  }

  /**
   * A stream of the team was told the team is at `cursor` (its `ready`): the next
   * announcement carries the page from there, or from a lower cursor told to another.
   */
  toldReady(teamId: string, cursor: number): void {
    if (!this.streams.has(teamId)) return;
    // The lowest: streams opening together may read their versions in one order and be told
    // in another, and an announcement from a later one would skip what the earlier one lacks.
    const told = this.told.get(teamId);
    if (told === undefined || cursor < told) this.told.set(teamId, cursor);
  }

  /** Ends the streams of a login (`token:<hash>`) or of all a user's logins (`user:<id>`). */
  endLogins(ended: string): void {
    const [kind, id] = splitOnce(ended, ':');
    if (kind === 'token') {
      for (const stream of [...(this.byToken.get(id) ?? [])]) stream.close();
    } else if (kind === 'user') {
      for (const set of [...this.byToken.values()]) {
        for (const stream of [...set]) if (stream.userId === id) stream.close();
      }
    }
  }

  private closeAtExpiry(stream: EventStream): void {
    const left = stream.expiresAt.getTime() - this.now().getTime();
    const timer = setTimeout(
      () => (left > MAX_TIMER_MS ? this.closeAtExpiry(stream) : stream.close()),
      Math.max(0, Math.min(left, MAX_TIMER_MS)),
    );
    // An expiry hours away does not keep a stopping process alive.
    timer.unref?.();
    this.expiryTimers.set(stream, timer);
  }

  /** Announces a team's change now, or at the end of the gap since its last announcement. */
  private changed(teamId: string, head: TeamHead | null): void {
    if (!this.streams.has(teamId)) return;
    const before = this.heard.get(teamId);
    // The latest commit's head; once a notice said none, the announcement reads it.
    if (before === undefined || (before !== null && (!head || head.version > before.version))) {
      this.heard.set(teamId, head);
    }
    if (this.held.has(teamId)) return;
    const last = this.lastAnnounced.get(teamId);
    const wait = last === undefined ? 0 : last + this.gapMs - performance.now();
    const go = () => {
      this.held.delete(teamId);
      this.lastAnnounced.set(teamId, performance.now());
      void this.announce(teamId);
    };
    if (wait <= 0) go();
    else this.held.set(teamId, setTimeout(go, wait));
  }

  /**
   * Notifications that arrive while one is read fold into one more read after it. Without a
   * notice since the last announcement (it took them all), there is nothing to announce,
   * unless that one failed (`retry`).
   */
  private async announce(teamId: string, retry = false): Promise<void> {
    if (!this.streams.has(teamId)) return;
    if (this.pending.has(teamId)) return;
    if (!retry && !this.heard.has(teamId)) return;
    this.pending.add(teamId);
    try {
      // Let a burst of commits settle into one read of the version.
      await new Promise((resolve) => setImmediate(resolve));
      this.pending.delete(teamId);
      const told = this.told.get(teamId);
      const said = this.heard.get(teamId);
      this.heard.delete(teamId);
      // A head the last announcement's read had seen past (its commit's notice came after)
      // says nothing new, or that the database went back: the version is read.
      const heard = said && (told === undefined || said.version > told) ? said : undefined;
      // The page from the version last announced: the browsers that took that announcement
      // (or pulled to it) take this one without a pull. One page per instance, not per stream.
      const changed = await changedEvent(this.store, this.pages, teamId, told, heard);
      if (!changed) return;
      if (this.streams.has(teamId)) this.told.set(teamId, changed.cursor);
      // Encoded once for all the team's streams; without the page for one with no room for it.
      const frame = eventFrame('changed', changed.json);
      const cursorOnly = JSON.stringify({ cursor: changed.cursor });
      const instead = changed.json === cursorOnly ? undefined : eventFrame('changed', cursorOnly);
      const written = { frame: 0, instead: 0, none: 0 };
      for (const stream of this.streams.get(teamId) ?? []) written[stream.send(frame, instead)]++;
      if (changed.pageLeftOut) changedEvents.inc({ page: changed.pageLeftOut }, written.frame);
      else {
        changedEvents.inc({ page: 'carried' }, written.frame);
        changedEvents.inc({ page: 'slow-reader' }, written.instead);
      }
    } catch (error) {
      this.pending.delete(teamId);
      log.warn('events.announce-failed', { team: teamId, ...errorFields(error) });
      // The change is still owed to the team's streams (the database may be restarting).
      if (!this.retries.has(teamId)) {
        const retry = setTimeout(() => {
          this.retries.delete(teamId);
          void this.announce(teamId, true);
        }, ANNOUNCE_RETRY_MS);
        this.retries.set(teamId, retry);
      }
    }
  }

  async close(): Promise<void> {
    for (const retry of this.retries.values()) clearTimeout(retry);
    this.retries.clear();
    for (const timer of this.held.values()) clearTimeout(timer);
    this.held.clear();
    for (const set of [...this.streams.values()]) for (const s of [...set]) s.close();
    this.streams.clear();
    this.byToken.clear();
    const stops = this.stopListening;
    this.stopListening = [];
    await Promise.all(stops.map((stop) => stop().catch(() => {})));
  }
}

function readNotice(payload: string): ReturnType<typeof readChangedNotice> | null {
  try {
    return readChangedNotice(payload);
  } catch (error) {
    log.warn('events.bad-notice', errorFields(error));
    return null;
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
