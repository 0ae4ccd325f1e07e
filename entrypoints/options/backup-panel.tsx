import { useEffect, useRef, useState } from 'preact/hooks';
import {
  sizeProblem,
  validateBackup,
  type Backup,
  type BackupFile,
  type RestoreCounts,
} from '../../utils/domain/backup';
import { csvFilename } from '../../utils/domain/csv-export';
import { validateProgrammes } from '../../utils/domain/programmes';
import { saveFile } from './save-file';
import { t } from '../../utils/i18n/i18n';
import { type CsvExportPosition } from '../../utils/messaging/protocol';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import type { Department, Programme } from '../../utils/domain/types';

interface Props {
  /** Requests to the background (the real one by default). */
  send?: typeof sendToBackground;
  /** Saves a file for the user (a download by default). */
  save?: (blob: Blob, filename: string) => void;
  /** Makes the backup file. */
  exportBackup: () => Promise<BackupFile>;
  /** Replaces everything with a validated backup. */
  restoreBackup: (backup: Backup<Programme>) => Promise<RestoreCounts>;
}

/** A local day ('YYYY-MM-DD' from a date field) as the instant it starts, `days` later. */
function localDayStart(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + days).toISOString();
}

type Status = { ok: boolean; message: string } | undefined;

/**
 * The options page's export and backup section: a CSV export of assignments with date and
 * department filters, a full JSON backup, and a restore that checks the whole file first,
 * lists what is wrong, and replaces everything only after a confirmation.
 */
export function BackupPanel({
  send = sendToBackground,
  save = saveFile,
  exportBackup,
  restoreBackup,
}: Props) {
  const [departments, setDepartments] = useState<Department[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [exportStatus, setExportStatus] = useState<Status>();
  const [backupStatus, setBackupStatus] = useState<Status>();
  const [problems, setProblems] = useState<string[]>([]);
  const [pending, setPending] = useState<Backup<Programme>>();
  const [restoreStatus, setRestoreStatus] = useState<Status>();
  const fileInput = useRef<HTMLInputElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const restoreStatusLine = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    send('listDepartments', {})
      .then(setDepartments)
      .catch((e: unknown) => setExportStatus({ ok: false, message: (e as Error).message }));
    return onBroadcast('departmentsChanged', ({ departments: list }) => setDepartments(list));
  }, [send]);

  useEffect(() => {
    if (pending) cancelButton.current?.focus();
  }, [pending]);

  async function exportCsv() {
    if (from && to && from > to) {
      setExportStatus({ ok: false, message: t('exportBadRange') });
      return;
    }
    setBusy(true);
    const parts: string[] = [];
    let rows = 0;
    try {
      let after: CsvExportPosition | undefined;
      for (;;) {
        const page = await send('exportCsvPage', {
          ...(from && { from: localDayStart(from) }),
          ...(to && { to: localDayStart(to, 1) }),
          ...(chosen.length > 0 && { departmentIds: chosen }),
          ...(after && { after }),
        });
        parts.push(page.csv);
        rows += page.rows;
        setExportStatus({ ok: true, message: t('exportCsvProgress', rows) });
        if (!page.next) break;
        after = page.next;
      }
      save(new Blob(parts, { type: 'text/csv;charset=utf-8' }), csvFilename(from, to));
      setExportStatus({ ok: true, message: t('exportCsvDone', rows) });
    } catch (error) {
      setExportStatus({ ok: false, message: t('exportFailed', (error as Error).message) });
    } finally {
      setBusy(false);
    }
  }

  async function downloadBackup() {
    setBusy(true);
    try {
      const { blob, filename, assignments } = await exportBackup();
      save(blob, filename);
      setBackupStatus({ ok: true, message: t('backupDownloaded', assignments) });
    } catch (error) {
      setBackupStatus({ ok: false, message: t('exportFailed', (error as Error).message) });
    } finally {
      setBusy(false);
    }
  }

  async function checkFile(file: File | undefined) {
    setProblems([]);
    setPending(undefined);
    setRestoreStatus(undefined);
    if (!file) return;
    // Refused before it is read: a 2 GB file must not be loaded to be told it is too big.
    const tooBig = sizeProblem(file.size);
    if (tooBig) {
      setProblems([tooBig]);
      return;
    }
    setRestoreStatus({ ok: true, message: t('restoreChecking') });
    try {
      const text = await file.text();
      const check = validateBackup(text, { validateProgrammes });
      setRestoreStatus(undefined);
      if (check.ok) setPending(check.backup);
      else setProblems(check.problems);
    } catch (error) {
      setRestoreStatus(undefined);
      setProblems([(error as Error).message]);
    }
  }

  async function restore() {
    if (!pending) return;
    // The fieldset is disabled while restoring, and the confirm goes: keep the focus on the
    // status line that will say how it went, not lost to the page's start.
    restoreStatusLine.current?.focus();
    setBusy(true);
    try {
      const counts = await restoreBackup(pending);
      const mentions =
        counts.mentions === null
          ? t('restoreDoneMentionsKept')
          : t('restoreDoneMentions', counts.mentions);
      setRestoreStatus({
        ok: true,
        message: `${t('restoreDone', counts.assignments, counts.departments)} ${mentions}`,
      });
    } catch (error) {
      setProblems([(error as Error).message]);
    } finally {
      setPending(undefined);
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  function cancel() {
    setPending(undefined);
    if (fileInput.current) {
      fileInput.current.value = '';
      fileInput.current.focus();
    }
  }

  const toggle = (id: string, on: boolean) =>
    setChosen((list) => (on ? [...list, id] : list.filter((x) => x !== id)));

  return (
    <section class="backup-panel" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backupTitle')}</h2>

      <fieldset disabled={busy}>
        <legend>{t('exportCsvTitle')}</legend>
        <label>
          {t('exportFrom')}{' '}
          <input
            type="date"
            name="exportFrom"
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </label>{' '}
        <label>
          {t('exportTo')}{' '}
          <input
            type="date"
            name="exportTo"
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </label>
        <fieldset class="export-departments">
          <legend>{t('exportDepartments')}</legend>
          {departments.map((d) => (
            <label key={d.id}>
              <input
                type="checkbox"
                name="exportDepartment"
                value={d.id}
                checked={chosen.includes(d.id)}
                onChange={(e) => toggle(d.id, e.currentTarget.checked)}
              />{' '}
              {d.shortName}
            </label>
          ))}
        </fieldset>
        <p class="help">{t('exportCsvHint')}</p>
        <button type="button" data-action="export-csv" onClick={() => void exportCsv()}>
          {t('exportCsvButton')}
        </button>
        <p role="status" class={exportStatus?.ok === false ? 'error' : 'message'}>
          {exportStatus?.message}
        </p>
      </fieldset>

      <fieldset disabled={busy}>
        <legend>{t('backupDownloadTitle')}</legend>
        <p class="help">{t('backupHint')}</p>
        <button type="button" data-action="download-backup" onClick={() => void downloadBackup()}>
          {t('backupDownload')}
        </button>
        <p role="status" class={backupStatus?.ok === false ? 'error' : 'message'}>
          {backupStatus?.message}
        </p>
      </fieldset>

      <fieldset disabled={busy}>
        <legend>{t('restoreTitle')}</legend>
        <label>
          {t('restoreChoose')}{' '}
          <input
            ref={fileInput}
            type="file"
            name="backupFile"
            accept=".json,application/json"
            onChange={(e) => void checkFile(e.currentTarget.files?.[0])}
          />
        </label>
        {problems.length > 0 && (
          <div role="alert" class="error" data-restore-problems>
            <p>{t('restoreProblems')}</p>
            <ul>
              {problems.map((problem, i) => (
                <li key={i}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        {pending && (
          <div class="confirm restore-confirm" role="group" aria-labelledby="restore-question">
            <p id="restore-question">
              {t(
                'restoreConfirm',
                new Date(pending.exportedAt).toLocaleString(),
                pending.assignments.length,
                pending.departments.length,
              )}{' '}
              {pending.mentions
                ? t('restoreConfirmMentions', pending.mentions.length)
                : t('restoreConfirmNoMentions')}
            </p>
            <button
              type="button"
              class="danger"
              data-action="restore-confirm"
              onClick={() => void restore()}
            >
              {t('restoreApply')}
            </button>{' '}
            <button type="button" ref={cancelButton} data-action="restore-cancel" onClick={cancel}>
              {t('restoreCancel')}
            </button>
          </div>
        )}
        <p
          role="status"
          ref={restoreStatusLine}
          tabIndex={-1}
          class={restoreStatus?.ok === false ? 'error' : 'message'}
        >
          {restoreStatus?.message}
        </p>
      </fieldset>
    </section>
  );
}
