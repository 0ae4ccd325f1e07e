import { changedEvents } from '../metrics';

/** The announcements counted in /metrics by their page; the call after says how far each moved. */
export async function changedEventCounts() {
  const now = async () =>
    new Map((await changedEvents.get()).values.map((v) => [String(v.labels.page), v.value]));
  const before = await now();
  return async () => {
    const moved: Record<string, number> = {};
    for (const [page, value] of await now()) {
      if (value !== (before.get(page) ?? 0)) moved[page] = value - (before.get(page) ?? 0);
    }
    return moved;
  };
}
