/**
 * Saves a file through the browser's download: a Blob behind an `<a download>` click works offline and
 * needs no library (the emergency export, kaart exports, the dashboard's and beheer's CSV downloads).
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's task is done; give it a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file (the emergency export). */
export function downloadFile(filename: string, content: string, type = 'application/json'): void {
  saveBlob(new Blob([content], { type }), filename);
}
