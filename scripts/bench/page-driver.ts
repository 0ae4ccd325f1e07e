/**
 * What runs in x.com's page during the page runs: the driver that makes posts arrive and
 * times their annotation, and the floor. Both run in the page's main world, not in the
 * content script's, and use nothing outside themselves: their source is sent to the page.
 */
import type { Page } from 'playwright-core';
import { pageSource } from '../page-source';
import type { fillPost, PostSpec, Templates } from '../x-replica/post-template';
import type { BasePost, benchSpec } from './data';

export interface DriverData {
  /** fillPost's source, from pageSource */
  fillSrc: string;
  /** benchSpec's source, from pageSource */
  specSrc: string;
  templates: Templates;
  base: BasePost[];
  startId: string;
  nowMs: number;
}

/** What a run of posts reports: frames from arrival to annotation, and the posts never annotated. */
export interface RunReport {
  latencies: number[];
  unannotated: number;
  frames: number;
}

/** `window.__bench`, the driver's API in the page. */
export interface PageBench {
  warmup(index: number, timeoutMs: number): Promise<number>;
  streamChunk(o: {
    first: number;
    count: number;
    perFrame: number;
    keep: number;
    settleFrames: number;
    restart: boolean;
  }): Promise<RunReport>;
  makePool(cells: number, first: number): void;
  reuse(o: {
    first: number;
    from: number;
    to: number;
    perFrame: number;
    settleFrames: number;
  }): Promise<RunReport>;
}

/** Installs the driver in a replica page (see installDriver). */
export async function installDriverIn(page: Page, data: DriverData): Promise<void> {
  await page.evaluate(`(${pageSource(installDriver)})(${JSON.stringify(data)})`);
}

/** Installs the floor in a replica page (see installFloor). */
export async function installFloorIn(page: Page): Promise<void> {
  await page.evaluate(`(${pageSource(installFloor)})()`);
}

/**
 * Installs `window.__bench`. Renders posts with the replica's own `fillPost` (the same markup
 * as renderPost), appends or re-uses cells once per animation frame, and watches for
 * annotation hosts with a page-world MutationObserver.
 *
 * Frames: the counter goes up at the start of each frame (our rAF callback runs first). A host
 * inserted during the frame's rAF callbacks (the content script's batch) is painted in that
 * frame; one inserted later (after an answer from the background) is painted in the next. A
 * ResizeObserver, whose callbacks run after every rAF callback of the frame, marks the end
 * of the rAF phase.
 */
function installDriver(D: DriverData) {
  const fill: typeof fillPost = (0, eval)(`(${D.fillSrc})`);
  const specOf: typeof benchSpec = (0, eval)(`(${D.specSrc})`);
  const list = document.querySelector<HTMLElement>('section[role="region"] [aria-label] > div');
  if (!list) throw new Error('no timeline list in the replica page');
  const tpl = document.createElement('template');
  let uid = 0;

  function cellHtml(i: number): { spec: PostSpec; cell: HTMLElement } {
    const spec = specOf(D.base, D.startId, D.nowMs, i);
    tpl.innerHTML = fill(D.templates, spec, {
      lang: 'en',
      nowMs: Date.now(),
      uid: (++uid).toString(36) + 'b',
      cellStyle: '',
    });
    return { spec, cell: tpl.content.firstElementChild as HTMLElement };
  }

  let frame = 0;
  let inRafPhase = false;
  const probe = document.createElement('div');
  probe.style.cssText =
    'position:fixed;left:0;top:0;width:1px;height:1px;visibility:hidden;pointer-events:none';
  document.body.append(probe);
  new ResizeObserver(() => {
    inRafPhase = false;
  }).observe(probe);

  /** post id → frame its cell was added; removed once annotated */
  const arrivals = new Map<string, number>();
  let latencies: number[] = [];
  new MutationObserver((records) => {
    const paintFrame = inRafPhase ? frame : frame + 1;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if ((n as Element).localName !== 'tanggap-annotation') continue;
        const id = (n as Element).getAttribute('data-tweet-id') ?? '';
        const at = arrivals.get(id);
        if (at === undefined) continue;
        arrivals.delete(id);
        latencies.push(paintFrame - at);
      }
    }
  }).observe(list, { childList: true, subtree: true });

  /** `step` returns false when done. */
  function frames(step: (frame: number) => boolean): Promise<number> {
    return new Promise((resolve) => {
      const tick = () => {
        frame++;
        inRafPhase = true;
        probe.style.width = frame % 2 ? '2px' : '1px';
        if (step(frame)) requestAnimationFrame(tick);
        else resolve(frame);
      };
      requestAnimationFrame(tick);
    });
  }

  function expect(made: { spec: PostSpec; cell: HTMLElement }) {
    if (made.spec.kind !== 'promoted') arrivals.set(made.spec.id, frame);
  }

  function reset() {
    arrivals.clear();
    latencies = [];
  }

  function report(since: number): RunReport {
    return {
      latencies,
      unannotated: arrivals.size,
      frames: frame - since,
    };
  }

  const pool: HTMLElement[] = [];
  const stream = { next: 0, bottom: 0 };

  /**
   * Like X's virtual list, the stream's cells follow their own heights: a cell that grows
   * after it was placed (an annotation put in it) moves the cells under it down, in the same
   * frame (a ResizeObserver's callback runs after layout, before paint). Without this, a grown
   * cell would overlap the next one, and the profiles with an element would be laid out and
   * composited unlike X's page.
   */
  const heights = new WeakMap<Element, number>();
  const cellSizes = new ResizeObserver((entries) => {
    let changed = false;
    for (const entry of entries) {
      const height = entry.borderBoxSize[0]?.blockSize ?? 0;
      if (heights.get(entry.target) !== height) changed = true;
      heights.set(entry.target, height);
    }
    if (!changed) return;
    let first = true;
    for (const cell of list.children as HTMLCollectionOf<HTMLElement>) {
      // The first cell kept stays where it is: cells removed above it move nothing.
      if (first) {
        stream.bottom = parseFloat(cell.style.transform.slice('translateY('.length)) || 0;
        first = false;
      } else {
        const y = `translateY(${stream.bottom}px)`;
        if (cell.style.transform !== y) cell.style.transform = y;
      }
      stream.bottom += heights.get(cell) ?? cell.getBoundingClientRect().height;
    }
    list.style.minHeight = `${stream.bottom}px`;
  });

  const bench: PageBench = {
    /** One post at the top; waits for its annotation (with the extension) or `timeoutMs`. */
    async warmup(index, timeoutMs) {
      const made = cellHtml(index);
      list.append(made.cell);
      const t0 = performance.now();
      while (performance.now() - t0 < timeoutMs) {
        if (made.cell.querySelector('tanggap-annotation')) return performance.now() - t0;
        await new Promise((r) => setTimeout(r, 10));
      }
      return -1;
    },
    /**
     * The next `count` posts of the stream arrive, `perFrame` per frame, at the bottom of a
     * timeline that keeps its last `keep` cells; then `settleFrames` frames for late work.
     * Each call continues where the last one stopped; `restart` empties the timeline.
     */
    async streamChunk(o) {
      if (o.restart) {
        for (const cell of list.children) cellSizes.unobserve(cell);
        list.replaceChildren();
        stream.next = 0;
        stream.bottom = 0;
      }
      reset();
      const since = frame;
      const end = stream.next + o.count;
      let settle = o.settleFrames;
      await frames(() => {
        if (stream.next < end) {
          const n = Math.min(o.perFrame, end - stream.next);
          const added: HTMLElement[] = [];
          for (let k = 0; k < n; k++) {
            const made = cellHtml(o.first + stream.next++);
            expect(made);
            made.cell.style.cssText = `transform: translateY(${stream.bottom}px); position: absolute; width: 100%;`;
            added.push(made.cell);
          }
          list.append(...added);
          // Like X's virtual list: cells are absolutely placed one under the other, so a
          // cell removed above moves nothing. One height read per frame, as X measures.
          for (const cell of added) {
            cell.style.transform = `translateY(${stream.bottom}px)`;
            // The observer reports fractional heights: read the same kind here, or every cell
            // would look grown at its first report and the list be placed again for nothing.
            heights.set(cell, cell.getBoundingClientRect().height);
            stream.bottom += heights.get(cell) ?? 0;
            cellSizes.observe(cell);
          }
          list.style.minHeight = `${stream.bottom}px`;
          while (list.childElementCount > o.keep) {
            const gone = list.firstElementChild as Element;
            cellSizes.unobserve(gone);
            gone.remove();
          }
          return true;
        }
        return --settle > 0;
      });
      return report(since);
    },
    /** A fixed pool of cells, like X's virtual list. */
    makePool(cells, first) {
      list.replaceChildren();
      for (let k = 0; k < cells; k++) {
        const made = cellHtml(first + k);
        list.append(made.cell);
        pool.push(made.cell);
      }
    },
    /**
     * Posts `from`..`to` replace the contents of the pool's cells in turn (the cell element
     * stays, as on X), `perFrame` per frame; then a few frames to settle.
     */
    async reuse(o) {
      reset();
      const since = frame;
      let k = o.from;
      let settle = o.settleFrames;
      await frames(() => {
        if (k < o.to) {
          const end = Math.min(o.to, k + o.perFrame);
          for (; k < end; k++) {
            const cell = pool[k % pool.length] as HTMLElement;
            const made = cellHtml(o.first + pool.length + k);
            expect(made);
            cell.replaceChildren(...made.cell.childNodes);
          }
          return true;
        }
        return --settle > 0;
      });
      return report(since);
    },
  };
  (window as unknown as { __bench: PageBench }).__bench = bench;
}

/**
 * The floor of the page-work figures: what the cheapest element in the annotation's own place
 * costs X's page, whatever the annotation shows. A page script (no extension) puts one empty
 * element on a line of its own under each new post's author row, where the extension puts its
 * host (the row `findAuthorLine` finds: the nearest wrapper of the outer `User-Name` that holds
 * more than it), with the host's own box (a block 20 px high with 2 px margins, its layout
 * contained) and no shadow root, no content, no work. Promoted posts, which the extension never
 * annotates, get none. It runs in a MutationObserver callback, the earliest moment and the
 * least work a content script could manage; X has measured the post by then (the driver reads
 * its height), so the page lays it out once more and moves the cells under it down, as it does
 * for the annotation.
 *
 * Self-contained (no outer references): the page gets this function's source.
 */
export function installFloor() {
  const style = document.createElement('style');
  style.textContent =
    'tanggap-floor { display: block; contain: layout style; margin-block: 2px; min-height: 20px }';
  document.head.append(style);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        for (const post of node.querySelectorAll('[data-testid="tweet"]')) {
          if (post.parentElement?.closest('[data-testid="placementTracking"]')) continue;
          const name = post.querySelector('[data-testid="User-Name"]');
          if (!name) continue;
          let row: Element = name;
          for (let el: Element = name; el.parentElement && el.parentElement !== post;) {
            el = el.parentElement;
            if (el.childElementCount > 1) {
              row = el;
              break;
            }
          }
          row.after(document.createElement('tanggap-floor'));
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}
