import { useCallback, useEffect, useState } from 'preact/hooks';
import { FormMessage } from '../../components/FormMessage';
import { BackupPanel } from './backup-panel';
import { exportBackupHere, restoreBackupHere } from './backup-here';
import { DirectoryEditor } from '../../components/DirectoryEditor';
import { ProgrammesEditor } from './programmes-editor';
import { SettingsForm } from '../../components/SettingsForm';
import { TeamSection } from './team-section';
import {
  exportDirectory,
  MAX_DIRECTORY_FILE_BYTES,
  parseDirectory,
} from '../../utils/domain/directory';
import { setLanguage, t, uiLanguage } from '../../utils/i18n/i18n';
import { onBroadcast, sendToBackground } from '../../utils/messaging/transport';
import type { Settings } from '../../utils/domain/settings';
import { saveFile } from './save-file';
import type { Department } from '../../utils/domain/types';
import type { Actor } from '../../utils/domain/actor';
import { mayEditDirectory, mayEditTeamSettings } from '../../utils/domain/rights';
import { watchActor } from '../../utils/messaging/actor';

/** The options page: settings, the department directory, and the sections of other features. */
export function OptionsApp() {
  const [settings, setSettings] = useState<Settings>();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [error, setError] = useState<string>();
  const [importMessage, setImportMessage] = useState<{ text: string; error: boolean }>();
  // Who acts: the directory is shown read-only until it is known to be theirs to change.
  const [actor, setActor] = useState<Actor | null>();
  useEffect(() => watchActor(setActor), []);
  const directoryReadOnly = actor === undefined || !mayEditDirectory(actor);
  const teamSettingsReadOnly = actor === undefined || !mayEditTeamSettings(actor);

  const applySettings = useCallback((next: Settings) => {
    setLanguage(next.language);
    document.documentElement.lang = uiLanguage();
    document.title = t('optionsTitle');
    setSettings(next);
  }, []);

  useEffect(() => {
    const fail = (e: unknown) => setError((e as Error).message);
    sendToBackground('getSettings', {}).then(applySettings).catch(fail);
    sendToBackground('listDepartments', {}).then(setDepartments).catch(fail);
    const stops = [
      onBroadcast('settingsChanged', ({ settings: next }) => applySettings(next)),
      onBroadcast('departmentsChanged', ({ departments: list }) => setDepartments(list)),
    ];
    return () => stops.forEach((stop) => stop());
  }, [applySettings]);

  async function move(id: string, delta: -1 | 1) {
    const ids = departments.map((d) => d.id);
    const from = ids.indexOf(id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    setDepartments(await sendToBackground('reorderDepartments', { ids }));
  }

  function download() {
    const json = JSON.stringify(exportDirectory(departments), null, 2);
    saveFile(new Blob([`${json}\n`], { type: 'application/json' }), 'tanggap-directory.json');
  }

  async function importFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setImportMessage(undefined);
    // Refused before it is read: a directory is a few kilobytes, never worth loading a huge file.
    if (file.size > MAX_DIRECTORY_FILE_BYTES) {
      const mb = (Math.ceil(file.size / 100_000) / 10).toLocaleString(uiLanguage());
      setImportMessage({ text: t('optionsImportTooBig', mb), error: true });
      return;
    }
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new Error(t('optionsNotJson'));
      }
      const list = await sendToBackground('importDirectory', {
        departments: parseDirectory(parsed),
      });
      setDepartments(list);
      setImportMessage({ text: t('optionsImported', list.length), error: false });
    } catch (e) {
      setImportMessage({ text: t('optionsImportFailed', (e as Error).message), error: true });
    }
  }

  if (!settings) {
    return (
      <main>
        <h1>{t('extName')}</h1>
        {error && <p role="alert">{error}</p>}
      </main>
    );
  }

  return (
    <main data-language={settings.language}>
      <h1>{t('optionsTitle')}</h1>
      <p>
        <a href="/report.html" target="_blank" rel="noopener" data-action="open-report">
          {t('reportOpen')}
        </a>
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t('optionsSettingsHeading')}</h2>
        <SettingsForm
          settings={settings}
          teamReadOnly={teamSettingsReadOnly}
          onSave={async (next) =>
            applySettings(await sendToBackground('saveSettings', { settings: next }))
          }
        />
      </section>

      <section aria-labelledby="directory-heading">
        <h2 id="directory-heading">{t('optionsDirectoryHeading')}</h2>
        <p class="help">{t('optionsDirectoryHelp')}</p>
        {actor !== undefined && directoryReadOnly && (
          <p class="read-only" data-directory-read-only>
            {t('rolesDirectoryReadOnly')}
          </p>
        )}
        <DirectoryEditor
          readOnly={directoryReadOnly}
          departments={departments}
          onSave={async (department) =>
            setDepartments(await sendToBackground('saveDepartment', { department }))
          }
          onRemove={async (id) =>
            setDepartments(await sendToBackground('removeDepartment', { id }))
          }
          onMove={move}
        />
        <div class="transfer">
          <button type="button" onClick={download}>
            {t('optionsExport')}
          </button>
          {!directoryReadOnly && (
            <>
              <label for="directory-import">{t('optionsImport')}</label>
              <input
                id="directory-import"
                name="directoryImport"
                type="file"
                accept="application/json,.json"
                aria-describedby="directory-import-help"
                onChange={(e) => void importFile(e.currentTarget)}
              />
              <p class="help" id="directory-import-help">
                {t('optionsImportHelp')}
              </p>
              <FormMessage message={importMessage} />
            </>
          )}
        </div>
      </section>

      <TeamSection departments={departments} />
      <ProgrammesEditor />
      <BackupPanel exportBackup={exportBackupHere} restoreBackup={restoreBackupHere} />
    </main>
  );
}
