/**
 * The pull pages a team's browsers share. After a change all of a team's browsers need the
 * page from nearly the same cursor at the same team version: the one a `changed` event carries,
 * or, when it carries none, the one they pull. It is the same page, so it is built once. A page is the answer to (team, epoch, cursor the pull starts from,
 * team version, limit): at a given version the team's rows up to it never change (every write
 * takes a new version; a restore takes a new epoch), so a page built for that key stays true.
 * Pulls asking for a page being built wait for it instead of building it again.
 *
 * Bounded: the least recently used pages go first, past a count and a total size.
 */

/** What every browser pulling the same page is sent alike (their last mutation id is not). */
export interface SharedPage {
  /** The answer's JSON without its closing brace and the per-browser fields. */
  json: string;
  cursor: number;
  more: boolean;
  /** Items and removed ids in it. */
  rows: number;
  /** The team's retention horizon when the page was read (`teams.purged_version`). */
  purgedVersion: number;
}

export interface PageKey {
  teamId: string;
  epoch: string;
  from: number;
  version: number;
  limit: number;
}

export const PAGE_CACHE_ENTRIES = 256;
export const PAGE_CACHE_BYTES = 16_000_000;

const keyOf = (k: PageKey) => `${k.teamId}\n${k.epoch}\n${k.from}\n${k.version}\n${k.limit}`;

export class PageCache {
  private readonly pages = new Map<string, SharedPage>();
  private readonly building = new Map<string, Promise<SharedPage>>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = PAGE_CACHE_ENTRIES,
    private readonly maxBytes = PAGE_CACHE_BYTES,
  ) {}

  /**
   * The page for `key`: kept, being built, or built now by `build`. `build` may answer a later
   * version than asked for (it reads the team again); its page is kept under its own version.
   */
  async page(
    key: PageKey,
    build: () => Promise<{ page: SharedPage; key: PageKey }>,
  ): Promise<SharedPage> {
    const id = keyOf(key);
    const kept = this.kept(key);
    if (kept) return kept;
    const pending = this.building.get(id);
    if (pending) return pending;
    const promise = build().then(({ page, key: built }) => {
      this.keepAs(keyOf(built), page);
      return page;
    });
    this.building.set(id, promise);
    try {
      return await promise;
    } finally {
      this.building.delete(id);
    }
  }

  /** The page kept for `key`, if any (not one being built). */
  kept(key: PageKey): SharedPage | undefined {
    const id = keyOf(key);
    const page = this.pages.get(id);
    if (page) {
      // Most recently used last.
      this.pages.delete(id);
      this.pages.set(id, page);
    }
    return page;
  }

  /** Keeps a page built elsewhere (in a transaction of the caller's) under its key. */
  keep(key: PageKey, page: SharedPage): void {
    this.keepAs(keyOf(key), page);
  }

  /** Pages kept and their total size, in characters of JSON. */
  size(): { entries: number; bytes: number } {
    return { entries: this.pages.size, bytes: this.bytes };
  }

  private keepAs(id: string, page: SharedPage): void {
    // A page larger than a quarter of the room would push out most others: not kept.
    if (page.json.length > this.maxBytes / 4) return;
    const old = this.pages.get(id);
    if (old) {
      this.bytes -= old.json.length;
      this.pages.delete(id);
    }
    this.pages.set(id, page);
    this.bytes += page.json.length;
    for (const [oldest, p] of this.pages) {
      if (this.pages.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= p.json.length;
    }
  }
}
