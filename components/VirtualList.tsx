import type { ComponentChild } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  /** The row's attributes (test hooks included) and its content. */
  rowAttributes: (item: T) => Record<string, string | boolean>;
  renderRow: (item: T, index: number) => ComponentChild;
  /** The list's name for screen readers. */
  label: string;
  /** A row's height before it is measured, in px. */
  estimate?: number;
  /** The scrolled area's height when the layout cannot say (no layout: tests), in px. */
  fallbackHeight?: number;
  class?: string;
}

/** Rows drawn beyond each edge of the visible area, in px: scrolling shows no gap. */
const OVERSCAN_PX = 400;
/** The element in a row that the arrow keys move between. */
const ROW_FOCUS = '[data-row-focus]';

/**
 * A long list with only the rows in view (and a margin) in the DOM: each row is placed at its
 * offset, heights are measured once drawn (a row may open its details). Screen readers hear
 * each row's place (`aria-posinset` of `aria-setsize`); Tab and the arrow keys move on from
 * row to row, scrolling the next one into view; the focused row stays drawn.
 */
export function VirtualList<T>(props: Props<T>) {
  const { items, keyOf, estimate = 72, fallbackHeight = 360 } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const heights = useRef(new Map<string, number>());
  const [, setMeasured] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [focusedKey, setFocusedKey] = useState<string>();
  const pendingFocus = useRef<number | undefined>(undefined);

  const offsets = new Array<number>(items.length + 1);
  offsets[0] = 0;
  items.forEach((item, i) => {
    offsets[i + 1] = offsets[i]! + (heights.current.get(keyOf(item)) ?? estimate);
  });
  const total = offsets[items.length]!;
  const viewport = scroller.current?.clientHeight || fallbackHeight;
  // A list that got shorter (a search) is drawn where the browser will clamp the scroll to,
  // not at the old offset, which would draw nothing until the next scroll event.
  const scrolled = Math.min(scrollTop, Math.max(0, total - viewport));
  const top = scrolled - OVERSCAN_PX;
  const bottom = scrolled + viewport + OVERSCAN_PX;
  const shown: number[] = [];
  for (let i = firstAtOrAfter(offsets, top); i < items.length && offsets[i]! < bottom; i++) {
    shown.push(i);
  }
  const focusedIndex =
    focusedKey === undefined ? -1 : items.findIndex((x) => keyOf(x) === focusedKey);
  if (focusedIndex >= 0 && !shown.includes(focusedIndex)) shown.push(focusedIndex);

  // A row that grows by itself (its details opened) is measured again.
  const resized = useRef<ResizeObserver | null>(null);
  useLayoutEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    resized.current = new ResizeObserver(() => setMeasured((n) => n + 1));
    return () => resized.current?.disconnect();
  }, []);

  useLayoutEffect(() => {
    let changed = false;
    for (const row of list.current?.children ?? []) {
      resized.current?.observe(row);
      const key = (row as HTMLElement).dataset.rowKey;
      const height = (row as HTMLElement).offsetHeight;
      if (key !== undefined && height > 0 && heights.current.get(key) !== height) {
        heights.current.set(key, height);
        changed = true;
      }
    }
    if (changed) setMeasured((n) => n + 1);
    const want = pendingFocus.current;
    if (want !== undefined) {
      const target = list.current?.querySelector<HTMLElement>(
        `[data-row-index="${want}"] ${ROW_FOCUS}`,
      );
      if (target) {
        pendingFocus.current = undefined;
        target.focus();
      }
    }
  });

  const moveFocus = (index: number) => {
    const to = Math.max(0, Math.min(items.length - 1, index));
    const el = scroller.current;
    if (el) {
      const rowTop = offsets[to]!;
      const rowBottom = offsets[to + 1]!;
      if (rowTop < el.scrollTop) el.scrollTop = rowTop;
      else if (rowBottom > el.scrollTop + el.clientHeight) {
        el.scrollTop = rowBottom - el.clientHeight;
      }
      setScrollTop(el.scrollTop);
    }
    pendingFocus.current = to;
    const key = items[to] === undefined ? undefined : keyOf(items[to]);
    setFocusedKey(key);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (!target.matches(ROW_FOCUS)) return;
    const index = Number(target.closest<HTMLElement>('[data-row-index]')?.dataset.rowIndex);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: items.length - 1,
    };
    if (!(event.key in moves) || Number.isNaN(index)) return;
    event.preventDefault();
    moveFocus(moves[event.key]!);
  };

  return (
    <div
      ref={scroller}
      class={`virtual-scroller ${props.class ?? ''}`}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <ol
        ref={list}
        role="list"
        aria-label={props.label}
        class="virtual-list"
        style={{ height: `${total}px` }}
        onKeyDown={onKeyDown}
        onFocusIn={(event) => {
          const row = (event.target as HTMLElement).closest<HTMLElement>('[data-row-key]');
          setFocusedKey(row?.dataset.rowKey);
        }}
      >
        {shown.map((i) => {
          const item = items[i]!;
          const key = keyOf(item);
          return (
            <li
              key={key}
              role="listitem"
              aria-setsize={items.length}
              aria-posinset={i + 1}
              data-row-key={key}
              data-row-index={i}
              style={{ transform: `translateY(${offsets[i]}px)` }}
              {...props.rowAttributes(item)}
            >
              {props.renderRow(item, i)}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The first index whose row ends after `y` (binary search over the offsets). */
function firstAtOrAfter(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
