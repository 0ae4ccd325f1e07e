/**
 * What browsers report to the operators: a pulled record a browser could not take and
 * quarantined (docs/sync.md). Logged with the team, the user, the record's id and the field
 * that failed; never content: a report holds none, and its reason is one bounded line.
 */
import type { ReportRequest } from '../utils/domain/sync-protocol';
import type { Session } from './auth';
import { log } from './log';

export function logReport(session: Session, req: ReportRequest): void {
  for (const q of req.quarantined) {
    log.warn('sync.record-quarantined', {
      team: session.team.id,
      user: session.userId,
      kind: q.kind,
      record: q.id || undefined,
      version: q.version,
      reason: q.reason,
    });
  }
}
