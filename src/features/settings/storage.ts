/** What the settings page says about the browser's storage for this app. */
export interface StorageReport {
  persisted: boolean | undefined;
  usageText: string;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} MB`;

/** Asks the browser once to keep our data (registrations must survive a full disk). */
export async function requestPersistentStorage(): Promise<boolean | undefined> {
  if (!navigator.storage?.persist) return undefined;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

/** Whether storage is persistent and how much is used of what is available. */
export async function describeStorage(): Promise<StorageReport> {
  const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : undefined;
  const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : undefined;
  const usageText = estimate?.usage !== undefined
    ? `${megabytes(estimate.usage)}${estimate.quota ? ` van ${megabytes(estimate.quota)}` : ''}`
    : 'Onbekend';
  return { persisted, usageText };
}
