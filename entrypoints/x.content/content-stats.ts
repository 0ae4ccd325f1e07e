/** What the content script met on this page, for diagnostics: our errors are counted, not thrown at X. */
export const contentStats = { read: 0, unreadable: 0, promoted: 0, errors: 0 };
