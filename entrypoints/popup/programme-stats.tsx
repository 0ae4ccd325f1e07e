import { useEffect, useState } from 'preact/hooks';
import { ProgrammeStats } from '../../components/ProgrammeStats';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import type { ProgrammeStats as Stats } from '../../utils/domain/programmes';

/** The days the popup's table covers; its title says "the last 7 days". */
export const STATS_DAYS = 7;

/**
 * Loads the programme counts through the background; they change as posts are seen, so on each
 * open, and again when the programmes change. `send` is for tests; the popup mounts it bare.
 */
export function ProgrammeStatsContainer({
  send = sendToBackground,
}: { send?: typeof sendToBackground } = {}) {
  const [stats, setStats] = useState<Stats>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const load = () => {
      send('programmeStats', { days: STATS_DAYS })
        .then((result) => {
          setStats(result);
          setError(undefined);
        })
        .catch((e: unknown) => setError((e as Error).message));
    };
    load();
    return onBroadcast('programmesChanged', load);
  }, [send]);

  return <ProgrammeStats stats={stats} error={error} />;
}
