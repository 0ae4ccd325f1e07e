import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A form's draft of a stored value: the officer's edits, replaced when the stored value
 * changes (saved in another tab, restored from a backup). Not on mount: the first effect can
 * run a frame after the form shows, when typing may already have begun.
 */
export function useStoredDraft<D>(stored: D): [D, (draft: D) => void] {
  const storedKey = JSON.stringify(stored);
  const [draft, setDraft] = useState(stored);
  const draftedFrom = useRef(storedKey);
  useEffect(() => {
    if (draftedFrom.current === storedKey) return;
    draftedFrom.current = storedKey;
    setDraft(JSON.parse(storedKey) as D);
  }, [storedKey]);
  return [draft, setDraft];
}
