/**
 * Part "backup": a backup of every stored assignment downloaded from the options page, and
 * that file restored through it (checked, confirmed, replaced).
 */
import fs from 'node:fs';
import { extensionIdOf } from '../chromium';
import type { Desk } from './desk';
import { fmt, round, type Row } from './figures';
import { fail, log } from './settings';

export interface BackupFigures {
  assignments: number;
  megabytes: number;
  downloadMs: number;
  checkMs: number;
  restoreMs: number;
}

export async function measureBackup(desk: Desk): Promise<BackupFigures> {
  const stored = desk.all.length;
  const options = await desk.context.newPage();
  await options.goto(`chrome-extension://${await extensionIdOf(desk.context)}/options.html`);
  const download = options.locator('[data-action="download-backup"]');
  await download.waitFor();
  let t = performance.now();
  const [file] = await Promise.all([
    options.waitForEvent('download', { timeout: 0 }).then((d) => d.path()),
    download.click(),
  ]);
  const backupMs = performance.now() - t;
  if (!file) fail('the backup was not downloaded');
  t = performance.now();
  await options.locator('input[name="backupFile"]').setInputFiles(file);
  const confirm = options.locator('[data-action="restore-confirm"]');
  await confirm.waitFor({ timeout: 0 });
  const checkMs = performance.now() - t;
  await confirm.click();
  await options
    .locator('.backup-panel [role="status"]', { hasText: `Restored: ${stored} assignments` })
    .waitFor({ timeout: 0 });
  const restoreMs = performance.now() - t;
  log(`backup ${fmt(backupMs / 1000, 1)} s, restore ${fmt(restoreMs / 1000, 1)} s`);
  return {
    assignments: stored,
    megabytes: round(fs.statSync(file).size / 1024 / 1024),
    downloadMs: round(backupMs),
    checkMs: round(checkMs),
    restoreMs: round(restoreMs),
  };
}

export function backupRows(bk: BackupFigures): Row[] {
  return [
    [
      `backup of ${bk.assignments} (${fmt(bk.megabytes, 0)} MB), options page`,
      '',
      `download ${fmt(bk.downloadMs / 1000, 1)} s`,
      `restore ${fmt(bk.restoreMs / 1000, 1)} s (check ${fmt(bk.checkMs / 1000, 1)} s)`,
      '',
    ],
  ];
}

export function backupSummary(bk: BackupFigures): string[] {
  return [
    `${`backup, ${bk.assignments / 1000}k:`.padEnd(25)}download ${fmt(bk.downloadMs / 1000, 1)} s | check ${fmt(bk.checkMs / 1000, 1)} s | restore ${fmt(bk.restoreMs / 1000, 1)} s (${fmt(bk.megabytes, 0)} MB)`,
  ];
}
