import { createHash, randomBytes } from 'node:crypto';

/** The sha256 (hex) under which a code or token is stored: the secret itself never is. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new bearer token: 32 random bytes, base64url. Shown once, stored as its hash. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}
