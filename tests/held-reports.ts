import type { ReportSoon } from '../entrypoints/x.content/report-soon';

/**
 * A stand-in for the content script's report timer: what is asked to be sent waits until the
 * test says the report time came (`sendNow`), as the page's timer would after a second.
 */
export function heldReports(): ReportSoon & { sendNow(): void } {
  const due = new Set<() => void>();
  return {
    soon: (send) => void due.add(send),
    sendNow() {
      const sends = [...due];
      due.clear();
      for (const send of sends) send();
    },
  };
}
