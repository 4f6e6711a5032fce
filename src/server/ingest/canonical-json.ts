import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/json';

/** The content hash of a record: sha256 (hex) of its canonical JSON (shared/json.ts). */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
