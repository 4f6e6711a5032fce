import type { DBCore, Middleware } from 'dexie';

/** The tables of the records staff register: a contact (registrations) and a group session (groupSessions). */
const RECORD_TABLES: ReadonlySet<string> = new Set(['registrations', 'groupSessions']);

/**
 * Staff's own writes are on the disk before the app says so. Since Chrome 121 a readwrite transaction is `relaxed` by
 * default: it completes once the change is handed to the operating system, which writes it out within seconds, so a
 * tablet that loses power or is forced off in those seconds (a pop-up IDO on battery all day, a frozen tablet held off)
 * loses a contact that said "Opgeslagen", while the visitor has gone. A readwrite transaction on the records tables
 * only (a save, an edit, a delete, a discard, the delivery check's resend marks) asks for `strict`: it completes after
 * the disk has it. Everything else stays relaxed: the sync engine's transactions (they hold the outbox's batches; a
 * change lost there is sent again and the server answers "duplicate"), the settings, the kaart and its imports.
 */
export const durableRecordWrites: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'durableRecordWrites',
  create: (down) => ({
    transaction: (stores, mode, options) => down.transaction(stores, mode,
      mode === 'readwrite' && stores.length > 0 && stores.every((store) => RECORD_TABLES.has(store))
        ? { ...options, durability: 'strict' }
        : options),
  }),
};
