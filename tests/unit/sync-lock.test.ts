import { describe, expect, it } from 'vitest';
import { OUTBOX_LOCK, whenOutboxFree, withOutboxLock } from '../../src/sync/lock';

/** A LockManager with the semantics of Web Locks (ifAvailable, and waiting until free or the signal aborts), for one process. */
function fakeLocks() {
  const held = new Set<string>();
  const requested: { name: string; options: LockOptions }[] = [];
  const released: Array<() => void> = [];
  const locks = {
    async request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown) {
      requested.push({ name, options });
      if (held.has(name) && options.ifAvailable) return callback(null);
      while (held.has(name)) {
        if (options.signal?.aborted) throw options.signal.reason;
        await new Promise<void>((resolve) => {
          released.push(resolve);
          options.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
        released.splice(0).forEach((resolve) => resolve());
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

  it('lets a person\'s action wait for a send in progress, and say busy only when the wait runs out (Web Locks and in-process)', async () => {
    for (const locks of [fakeLocks().locks, undefined]) {
      let release!: () => void;
      const sending = withOutboxLock(() => new Promise<string>((resolve) => { release = () => resolve('sent'); }), locks);
      const waiting = withOutboxLock(async () => 'enrolled', locks, 5_000);
      setTimeout(() => release(), 50);
      expect(await sending).toBe('sent');
      expect(await waiting).toBe('enrolled');

      let hold!: () => void;
      const long = withOutboxLock(() => new Promise<string>((resolve) => { hold = () => resolve('sent'); }), locks);
      expect(await withOutboxLock(async () => 'enrolled', locks, 60)).toBe('busy');
      hold();
      await long;
    }
  });

  it('passes an error of the action itself on, after it had the lock', async () => {
    const { locks } = fakeLocks();
    await expect(withOutboxLock(() => Promise.reject(new DOMException('stop', 'AbortError')), locks, 1_000)).rejects.toThrow('stop');
    expect(await withOutboxLock(async () => 'next', locks, 1_000)).toBe('next');
  });
});

describe('whenOutboxFree', () => {
  it('answers once the holder lets go, asking for the lock shared, and keeps nothing held after', async () => {
    const { locks, requested } = fakeLocks();
    let release!: () => void;
    const sending = withOutboxLock(() => new Promise<string>((resolve) => { release = () => resolve('sent'); }), locks);
    let free = false;
    const waiting = whenOutboxFree(new AbortController().signal, locks).then((answer) => { free = answer; });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(free).toBe(false);
    release();
    await waiting;
    expect(free).toBe(true);
    expect(await sending).toBe('sent');
    expect(requested[1]).toMatchObject({ name: OUTBOX_LOCK, options: { mode: 'shared' } });
    expect(await withOutboxLock(async () => 'next', locks)).toBe('next');
  });

  it('stops waiting when its signal aborts, and says false where there are no Web Locks', async () => {
    const { locks } = fakeLocks();
    let release!: () => void;
    const sending = withOutboxLock(() => new Promise<string>((resolve) => { release = () => resolve('sent'); }), locks);
    const wait = new AbortController();
    const waiting = whenOutboxFree(wait.signal, locks);
    wait.abort();
    await expect(waiting).rejects.toThrow();
    release();
    expect(await sending).toBe('sent');
    expect(await whenOutboxFree(new AbortController().signal, undefined)).toBe(false);
  });
});
