import { describe, expect, it } from 'vitest';
import { OUTBOX_LOCK, withOutboxLock } from '../../src/sync/lock';

/** A LockManager with the ifAvailable semantics of Web Locks, for one process. */
function fakeLocks() {
  const held = new Set<string>();
  const requested: { name: string; options: LockOptions }[] = [];
  const locks = {
    async request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown) {
      requested.push({ name, options });
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
      }
    },
  } as unknown as LockManager;
  return { locks, requested };
}

describe('withOutboxLock', () => {
  it('asks Web Locks for the ido-outbox lock without waiting, and answers busy when it is taken', async () => {
    const { locks, requested } = fakeLocks();
    let release!: () => void;
    const first = withOutboxLock(() => new Promise<string>((resolve) => { release = () => resolve('sent'); }), locks);

    expect(await withOutboxLock(async () => 'second', locks)).toBe('busy');
    release();
    expect(await first).toBe('sent');
    expect(await withOutboxLock(async () => 'third', locks)).toBe('third');
    expect(requested[0]).toEqual({ name: OUTBOX_LOCK, options: { ifAvailable: true } });
  });

  it('falls back to an in-process mutex when navigator.locks is absent', async () => {
    let release!: () => void;
    const first = withOutboxLock(() => new Promise<string>((resolve) => { release = () => resolve('sent'); }), undefined);

    expect(await withOutboxLock(async () => 'second', undefined)).toBe('busy');
    release();
    expect(await first).toBe('sent');
    expect(await withOutboxLock(async () => 'third', undefined)).toBe('third');
  });

  it('releases the in-process mutex when the sender throws', async () => {
    await expect(withOutboxLock(() => Promise.reject(new Error('boom')), undefined)).rejects.toThrow('boom');
    expect(await withOutboxLock(async () => 'next', undefined)).toBe('next');
  });
});
