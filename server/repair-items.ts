/**
 * Items an older server stored that browsers refuse (times before 2000, a history past the
 * limit), which stopped every pull of their team: repaired in place by the domain's rules
 * (`repairStoredAssignment`), each at the team's next version so that every browser pulls it
 * again. Run once, as a migration. The log says which items, by id, and why; never content.
 */
import { repairStoredAssignment } from '../utils/domain/stored-repair';
import { log } from './log';

/** A transaction's queries (the migration's; store.ts's `Queryable` is one). */
interface Queries {
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** Rows read at a time: items can be large, and a team can have very many. */
const CHUNK_ROWS = 50;

/** Repairs what needs it; the number of items repaired. */
export async function repairStoredItems(tx: Queries): Promise<number> {
  let repaired = 0;
  let after = { teamId: '', tweetId: '' };
  for (;;) {
    const rows = await tx.query<{ team_id: string; tweet_id: string; data: unknown }>(
      `SELECT team_id, tweet_id, data FROM assignments
       WHERE data IS NOT NULL AND (team_id, tweet_id) > ($1, $2)
       ORDER BY team_id, tweet_id LIMIT $3`,
      [after.teamId, after.tweetId, CHUNK_ROWS],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const verdict = repairStoredAssignment(row.data);
      const item = { team: row.team_id, post: row.tweet_id };
      if (verdict.kind === 'unrepairable') {
        log.error('upgrade.item-unrepairable', { ...item, field: verdict.path });
      } else if (verdict.kind === 'repaired') {
        const [team] = await tx.query<{ version: number }>(
          'UPDATE teams SET version = version + 1 WHERE id = $1 RETURNING version',
          [row.team_id],
        );
        await tx.query(
          'UPDATE assignments SET data = $3, version = $4 WHERE team_id = $1 AND tweet_id = $2',
          [row.team_id, row.tweet_id, JSON.stringify(verdict.assignment), team!.version],
        );
        log.warn('upgrade.item-repaired', { ...item, reasons: verdict.reasons.join(', ') });
        repaired += 1;
      }
    }
    const last = rows[rows.length - 1]!;
    after = { teamId: last.team_id, tweetId: last.tweet_id };
  }
  if (repaired > 0) log.warn('upgrade.items-repaired', { count: repaired });
  return repaired;
}
