import { dutchNumber } from '../../shared/count-text';
/** What the settings page says about the browser's storage for this app. */
export interface StorageReport {
  persisted: boolean | undefined;
  usageText: string;
  /** nine tenths or more of what the browser allows is used: a save may soon be refused */
  nearlyFull: boolean;
}

/** "3,1 MB", and from a thousand megabytes on "10,2 GB": a browser's quota is gigabytes ("10.243,1 MB" read as a riddle). */
const sizeText = (bytes: number) => (bytes >= 1000 * 1_048_576 ? `${dutchNumber(bytes / 1_073_741_824, 1)} GB` : `${dutchNumber(bytes / 1_048_576, 1)} MB`);

/** Asks the browser once to keep our data (registrations must survive a full disk). */
export async function requestPersistentStorage(): Promise<boolean | undefined> {
  if (!navigator.storage?.persist) return undefined;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

/** Whether storage is persistent and how much is used of what is available. */
export async function describeStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageReport> {
  const persisted = storage?.persisted ? await storage.persisted() : undefined;
  const estimate = storage?.estimate ? await storage.estimate() : undefined;
  const usageText = estimate?.usage !== undefined
    ? `${sizeText(estimate.usage)}${estimate.quota ? ` van ${sizeText(estimate.quota)}` : ''}`
    : 'Onbekend';
  const nearlyFull = estimate?.usage !== undefined && !!estimate.quota && estimate.usage >= 0.9 * estimate.quota;
  return { persisted, usageText, nearlyFull };
}
