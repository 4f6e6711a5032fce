/** The database's name: its own module, so the first screen's reads (first-screen.ts) need none of Dexie. */
export const DB_NAME = 'ido-onderweg';
