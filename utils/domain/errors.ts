/** Errors with a code the UI can word, shared by the background, the pages and the server. */

export type ErrorCode =
  | 'bad-request'
  | 'not-found'
  | 'unknown-department'
  /** A department that items point at cannot be removed. */
  | 'department-in-use'
  /** The officer's role or department does not allow this change (team sync). */
  | 'forbidden'
  /** The team server could not be reached, refused the login, or answered garbage. */
  | 'sync-failed'
  /** A change would enter an item's history unsigned: the officer has not given a name. */
  | 'officer-name-required'
  | 'internal';

/** Facts of an error for the caller's own words (the in-use count), beside the English message. */
export type ErrorData = Record<string, string | number>;

export class TanggapError extends Error {
  readonly data?: ErrorData;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { data?: ErrorData },
  ) {
    super(message, options);
    this.name = 'TanggapError';
    if (options?.data) this.data = options.data;
  }
}
