/** Saves `blob` as a download named `filename` (the page's exports and backups). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked later: the click only starts the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
