import { amsterdamDay } from '../../shared/time';
import { downloadFile } from '../../ui/download';

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
