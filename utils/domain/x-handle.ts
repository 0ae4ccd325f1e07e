/**
 * X handles ("@Dinas_PU"): how one is typed, stored and compared. X treats handles without
 * regard to case, so every comparison goes through `handleKey`.
 */
/** A handle's characters, for patterns that find handles inside paths or text. */
export const HANDLE_SOURCE = '[A-Za-z0-9_]{1,15}';
const HANDLE = new RegExp(`^${HANDLE_SOURCE}$`);

/** Whether `value` is a handle as X allows one (without "@"): 1 to 15 letters, digits or "_". */
export const isHandle = (value: string): boolean => HANDLE.test(value);

/** The form in which two handles are compared: no "@", no spaces, lower case. */
export function handleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

export const sameHandle = (a: string, b: string) => handleKey(a) === handleKey(b);

/** A handle as typed, stored without "@" and in its own case; '' when blank, null when not a handle. */
export function parseHandle(typed: string): string | null {
  const value = typed.trim().replace(/^@/, '');
  if (typed.trim() === '') return '';
  return HANDLE.test(value) ? value : null;
}
