/**
 * Server-sent events: tells each connected client that its team's data changed. The signal
 * comes from Postgres `LISTEN/NOTIFY` (PGlite has it too), so a push to any instance behind
 * a load balancer reaches the streams held by every other instance. One query per team and
 * notification, however many streams the team has open.
 */
import { describeError } from './errors';
import { CHANGES_CHANNEL, teamVersion } from './sync';
import { ANY_CHANGE, type Store } from './store';

export interface EventStream {
  teamId: string;
  send(event: string, data: unknown): void;
  comment(text: string): void;
  close(): void;
}

export class EventHub {
  private readonly streams = new Map<string, Set<EventStream>>();
  private stopListening: (() => Promise<void>) | null = null;
  private readonly pending = new Set<string>();

  constructor(private readonly store: Store) {}

  async start(): Promise<void> {
    this.stopListening ??= await this.store.listen(CHANGES_CHANNEL, (teamId) => {
      const teams = teamId === ANY_CHANGE ? [...this.streams.keys()] : [teamId];
      for (const id of teams) void this.announce(id);
    });
  }

  add(stream: EventStream): () => void {
    let set = this.streams.get(stream.teamId);
    if (!set) this.streams.set(stream.teamId, (set = new Set()));
    set.add(stream);
    return () => {
      set.delete(stream);
      if (set.size === 0 && this.streams.get(stream.teamId) === set) {
        this.streams.delete(stream.teamId);
      }
    };
  }

  /** Notifications that arrive while one is read fold into one more read after it. */
  private async announce(teamId: string): Promise<void> {
    if (!this.streams.has(teamId)) return;
    if (this.pending.has(teamId)) return;
    this.pending.add(teamId);
    try {
      // Let a burst of commits settle into one read of the version.
      await new Promise((resolve) => setImmediate(resolve));
      this.pending.delete(teamId);
      const cursor = await teamVersion(this.store, teamId);
      for (const stream of this.streams.get(teamId) ?? []) stream.send('changed', { cursor });
    } catch (error) {
      this.pending.delete(teamId);
      console.error(`Could not announce a change: team=${teamId} ${describeError(error)}`);
    }
  }

  async close(): Promise<void> {
    for (const set of this.streams.values()) for (const s of set) s.close();
    this.streams.clear();
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.().catch(() => {});
  }
}
