/** A timer while the worker lives; returns its cancel. Tests pass their own to record delays. */
export type Timer = (fn: () => void, ms: number) => () => void;

export const defaultTimer: Timer = (fn, ms) => {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};
