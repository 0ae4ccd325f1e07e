import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** What the content script met on this page, for diagnostics: our errors are counted, not thrown at X. */
export const contentStats = { read: 0, unreadable: 0, promoted: 0, errors: 0 };

/** Counts an error of ours; logged quietly, never thrown at X's page. */
export function errorCounter(ctx: ContentScriptContext): (error: unknown) => void {
  return (error) => {
    contentStats.errors++;
    if (!ctx.isInvalid) console.debug('Tanggap:', error);
  };
}
