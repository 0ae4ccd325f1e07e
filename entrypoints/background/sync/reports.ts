/**
 * Reports the pulled records this browser quarantined to the server's log, once each: the
 * team's operators learn that a record cannot be read, without anyone's content.
 */
import { type TanggapDb } from '../../../utils/storage/schema';
import { listQuarantined, markQuarantineReported } from '../../../utils/storage/sync-state';
import { MAX_REPORTED, type QuarantineReport } from '../../../utils/domain/sync-protocol';
import { SyncFault, type ServerCall } from './http';

/**
 * Sends what is not yet reported, after a pull. Never throws: a report that fails is sent
 * again after the next pull, and sync goes on without it. A report the server refuses (an
 * older server without the address) is not sent again.
 */
export async function reportQuarantined(
  db: TanggapDb,
  call: ServerCall,
  serverUrl: string,
  token: string,
): Promise<void> {
  try {
    const waiting = (await listQuarantined(db)).filter((q) => !q.reported);
    if (waiting.length === 0) return;
    const quarantined: QuarantineReport[] = waiting
      .slice(0, MAX_REPORTED)
      .map(({ kind, id, version, reason }) => ({ kind, id, version, reason }));
    try {
      await call(serverUrl, '/reports', { body: { quarantined }, token });
    } catch (error) {
      if (!(error instanceof SyncFault && error.reason === 'refused')) throw error;
      console.warn('Tanggap: the server refused the quarantine report', error.message);
    }
    await markQuarantineReported(db, quarantined);
  } catch (error) {
    console.warn('Tanggap: quarantine report not sent; tried again after the next pull', error);
  }
}
