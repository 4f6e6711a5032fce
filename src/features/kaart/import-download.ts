import { amsterdamDay } from '../../shared/time';

/** Saving export files on the tablet: a Blob behind an `<a download>` click works offline and needs no library. */

/** Offers one file for download. */
export function downloadFile(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's task is done; give it a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers several files one after another (a CSV package; there is no zip library in the app). */
export async function downloadFiles(files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    downloadFile(name, content, name.endsWith('.json') ? 'application/json' : 'text/csv;charset=utf-8');
    // Chromium drops clicks that come too close together.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** "sociale-kaart-2026-11-24.json": the date tells versions apart in the Downloads folder. */
export function exportFileName(now: Date, extension: string): string {
  return `sociale-kaart-${amsterdamDay(now)}.${extension}`;
}
