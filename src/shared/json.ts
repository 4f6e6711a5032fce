/** Whether parsed JSON is an object with named fields: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted at every level (by UTF-16 code units, integer-like keys too), undefined fields left
 * out and no whitespace: equal content gives equal text, whatever the key order. The server's content hash of a
 * record is the sha256 of this text (server/ingest/canonical-json.ts), stored beside every registration: for
 * parsed JSON the text must never change (tests/unit/canonical-json.test.ts). The tablet's outboxes compare edits
 * with it. A value with `toJSON` (a Date) counts as what it gives, as in JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value) ?? 'null';
  }
  if (value === null) return 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i] ?? null);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const field = object[key];
    if (field === undefined) continue;
    let name = quotedKeys.get(key);
    if (name === undefined) {
      name = quoted(key);
      if (quotedKeys.size < 1_000) quotedKeys.set(key, name);
    }
    out += `${out.length === 1 ? '' : ','}${name}:${canonicalJson(field)}`;
  }
  return `${out}}`;
}

// What JSON.stringify escapes in a string: control characters, " and \, and lone surrogates (any surrogate is sent
// to JSON.stringify, which keeps a pair as it is). Other strings are quoted as they are: the same text, a third faster.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
const quoted = (text: string) => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);
// The few field names records have, quoted once.
const quotedKeys = new Map<string, string>();

/** Whether a Content-Type says JSON, with or without a charset: what the server sends and accepts. */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && /^application\/json\s*(;|$)/i.test(contentType.trim());
}
