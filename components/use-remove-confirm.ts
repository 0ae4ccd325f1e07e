/**
 * The keyboard's path through "Remove → Yes, remove / Cancel" in the options page's lists.
 * Focus moves to "Yes" once when the question appears, back to "Remove" when it closes, and,
 * when the removal took the row away, to the next row (else the previous one, else the list's
 * add button) — never to the page's start.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export function useRemoveConfirm() {
  const [confirming, setConfirming] = useState(false);
  const rowRef = useRef<HTMLLIElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const yesRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  // The row's neighbours, noted when the removal is confirmed: by the time the row unmounts
  // it may already be out of the document.
  const neighbours = useRef<{
    next: Element | null;
    previous: Element | null;
    list: Element;
  } | null>(null);

  useEffect(() => {
    if (confirming) yesRef.current?.focus();
    else if (wasConfirming.current) removeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  useEffect(
    () => () => {
      const near = neighbours.current;
      const active = document.activeElement;
      if (!near || (active && active !== document.body && active.isConnected)) return;
      const target =
        firstControl(near.next) ??
        firstControl(near.previous) ??
        near.list.parentElement?.querySelector<HTMLElement>('button.add') ??
        null;
      target?.focus();
    },
    [],
  );

  /** Call when the officer confirms: the row is about to go. */
  function removing() {
    const row = rowRef.current;
    if (!row?.parentElement) return;
    neighbours.current = {
      next: row.nextElementSibling,
      previous: row.previousElementSibling,
      list: row.parentElement,
    };
  }

  return { confirming, setConfirming, removing, rowRef, removeRef, yesRef };
}

function firstControl(row: Element | null): HTMLElement | null {
  if (!row?.isConnected) return null;
  return row.querySelector<HTMLElement>('input, textarea, button:not([disabled])');
}
