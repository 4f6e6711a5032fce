import type { IdoDb } from './db';

/** Reads a setting, or the fallback when it is not set. */
export async function getSetting<T>(db: IdoDb, key: string, fallback: T): Promise<T> {
  return ((await db.settings.get(key))?.value as T | undefined) ?? fallback;
}

/** Writes a setting. */
export async function putSetting(db: IdoDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

/**
 * Merges a change into a setting that holds an object, in one transaction; a key set to undefined is
 * removed. Returns the setting as stored. (The sync status and the kaart's bookkeeping.)
 */
export async function patchSetting<T extends object>(db: IdoDb, key: string, fallback: T, patch: Partial<T>): Promise<T> {
  return db.transaction('rw', db.settings, async () => {
    const merged: Record<string, unknown> = { ...(await getSetting(db, key, fallback)), ...patch };
    for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
    await putSetting(db, key, merged);
    return merged as T;
  });
}

/** This tablet's device id: made once and kept (enrollment later replaces it with the server's). */
export async function deviceId(db: IdoDb): Promise<string> {
  return db.transaction('rw', db.settings, async () => {
    const existing = await getSetting<string | undefined>(db, 'deviceId', undefined);
    if (existing) return existing;
    const id = crypto.randomUUID();
    await putSetting(db, 'deviceId', id);
    return id;
  });
}

/** The device this tablet registers as; enrollment replaces the locally made id with the server's. */
export async function currentDevice(db: IdoDb): Promise<{ deviceId: string }> {
  return { deviceId: await deviceId(db) };
}
