/**
 * The files of a .zip (an HSDS CSV data package as publishers zip it): stored or deflated
 * entries, read with the platform's DecompressionStream. No zip64, no encryption: those get a
 * Dutch message. The sizes are checked before and while unpacking, so a small zip cannot unpack
 * into more than the limit. DOM-free: runs in the import worker and in Node tests.
 */

export type ZipRead = { ok: true; files: { name: string; bytes: Uint8Array }[] } | { ok: false; message: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip whose names `wanted` accepts (folders and __MACOSX left out), unpacked. */
export async function readZip(name: string, zip: Uint8Array, maxBytes: number, wanted: (entry: string) => boolean): Promise<ZipRead> {
  const broken = { ok: false as const, message: `${name} is geen geldig zip-bestand. Pak het uit en kies de bestanden zelf, of maak het zip-bestand opnieuw.` };
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return broken;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) return { ok: false, message: `${name} is te groot om op de tablet uit te pakken (zip64). Pak het uit en kies de bestanden zelf.` };
  const entries: { name: string; method: number; size: number; compressed: number; offset: number }[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL) return broken;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const entry = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    const base = entry.split('/').pop() ?? '';
    if (entry.endsWith('/') || entry.startsWith('__MACOSX/') || base.startsWith('.') || !wanted(base)) continue;
    if (flags & 1) return { ok: false, message: `${name} is beveiligd met een wachtwoord. Maak een zip-bestand zonder wachtwoord.` };
    if (method !== 0 && method !== 8) return broken;
    total += size;
    if (total > maxBytes) return { ok: false, message: `${name} is uitgepakt te groot (meer dan ${Math.round(maxBytes / (1024 * 1024))} MB). Kies alleen de gegevens van uw regio.` };
    entries.push({ name: base, method, size, compressed, offset });
  }
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const entry of entries) {
    if (entry.offset + 30 > zip.length || view.getUint32(entry.offset, true) !== LOCAL) return broken;
    const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
    const data = zip.subarray(start, start + entry.compressed);
    if (data.length !== entry.compressed) return broken;
    const bytes = entry.method === 0 ? data : await inflate(data, entry.size);
    if (!bytes || bytes.length !== entry.size) return broken;
    files.push({ name: entry.name, bytes });
  }
  return { ok: true, files };
}

/** Raw deflate → bytes; undefined when the data is broken or unpacks to more than its entry said. */
async function inflate(data: Uint8Array, size: number): Promise<Uint8Array | undefined> {
  try {
    const reader = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    const out = new Uint8Array(size);
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > size) {
        await reader.cancel();
        return undefined;
      }
      out.set(value, length);
      length += value.length;
    }
    return length === size ? out : undefined;
  } catch {
    return undefined;
  }
}
