import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';

/** The shortest server secret accepted: 32 bytes (256 bits), as HMAC-SHA256 wants. */
export const MIN_SECRET_BYTES = 32;

/** The server secret is missing, unreadable or too short: the process must not start. Message in Dutch. */
export class ServerSecretError extends Error {}

// Loaded once at start (serve.ts, admin.ts) or set by a test; never stored in the database or logged.
let serverKey: Buffer | undefined;

/** Uses `key` as the server secret for every hash from now on (start-up and tests). */
export function useServerSecret(key: Buffer): void {
  if (key.length < MIN_SECRET_BYTES) throw new ServerSecretError(`Het servergeheim is te kort: minstens ${MIN_SECRET_BYTES} bytes.`);
  serverKey = Buffer.from(key);
}

/** Reads a secret written as hex or base64(url); undefined when it is neither. */
export function parseSecret(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^(?:[0-9a-fA-F]{2})+$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return undefined;
}

/**
 * Loads the server secret and uses it: `IDO_SECRET` (hex or base64, at least 32 bytes) when set, else the
 * file `IDO_SECRET_FILE` (default `<dataDir>/server-secret`), made with 32 random bytes and mode 0600 when
 * it does not exist. Throws ServerSecretError (Dutch) when the secret is unusable. Returns where it came from.
 */
export function loadServerSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): { source: 'IDO_SECRET' | 'file'; file?: string; created: boolean; warning?: string } {
  if (env.IDO_SECRET) {
    const key = parseSecret(env.IDO_SECRET);
    if (!key || key.length < MIN_SECRET_BYTES) {
      throw new ServerSecretError(`IDO_SECRET is ongeldig: geef minstens ${MIN_SECRET_BYTES} willekeurige bytes als hex of base64 (bijvoorbeeld de uitvoer van "openssl rand -base64 32").`);
    }
    useServerSecret(key);
    return { source: 'IDO_SECRET', created: false };
  }
  const file = path.resolve(env.IDO_SECRET_FILE || path.join(dataDir, 'server-secret'));
  const created = createSecretFile(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ServerSecretError(`Het servergeheim ${file} kan niet gelezen worden (${(error as NodeJS.ErrnoException).code ?? 'fout'}). Geef het proces leesrechten, of zet IDO_SECRET.`);
  }
  const key = parseSecret(text);
  if (!key || key.length < MIN_SECRET_BYTES) {
    throw new ServerSecretError(`Het servergeheim ${file} is ongeldig of te kort (minstens ${MIN_SECRET_BYTES} bytes, hex of base64). Zet het juiste bestand terug; een nieuw geheim maakt alle tokens en codes ongeldig.`);
  }
  useServerSecret(key);
  const loose = (statSync(file).mode & 0o077) !== 0;
  return { source: 'file', file, created, ...(loose ? { warning: `Let op: het servergeheim ${file} is leesbaar voor andere gebruikers. Maak dat ongedaan met: chmod 600 ${file}` } : {}) };
}

/**
 * Writes a new secret file (0600) unless one exists; true when it wrote one. Written beside it first and
 * then hard-linked into place: two processes starting at once keep one secret, and neither reads half a file.
 */
function createSecretFile(file: string): boolean {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(draft, `${randomBytes(MIN_SECRET_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(draft, 0o600); // the umask may not widen it, but make sure
    try {
      linkSync(draft, file);
    } catch (error) {
      // a file system without hard links (some network mounts): an exclusive create of the file itself
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      writeFileSync(file, readFileSync(draft), { mode: 0o600, flag: 'wx' });
    }
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new ServerSecretError(`Het servergeheim ${file} kan niet aangemaakt worden (${code ?? 'fout'}). Controleer DATA_DIR of IDO_SECRET_FILE, of zet IDO_SECRET.`);
  } finally {
    rmSync(draft, { force: true });
  }
}

function key(): Buffer {
  if (!serverKey) throw new Error('Het servergeheim is niet geladen (loadServerSecret of useServerSecret ontbreekt).');
  return serverKey;
}

/** The keyed hash (HMAC-SHA256 with the server secret, hex) under which a code or token is stored. */
export function hashSecret(secret: string): string {
  return createHmac('sha256', key()).update(secret, 'utf8').digest('hex');
}

/** The plain sha256 (hex) that databases before migration 005 stored; looked up once, then replaced by hashSecret. */
export function legacyHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new bearer token: 32 random bytes, base64url. Shown once, stored as its hash. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}
