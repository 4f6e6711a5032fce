import type { RefObject } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { OpenTabTaps, useDeactivatedMeanwhile } from '../use-admin';
import { InboxError } from './api';

/** A list the inbox reads from the server, and what happened to the last action on it. */
export interface InboxList<T> {
  items: T[] | undefined;
  /** the server's (or the connection's) Dutch message */
  error: string | undefined;
  /** news after an action, for the live region */
  notice: string | undefined;
  /** the id of the item an action is running for */
  busy: string | undefined;
  /** runs an action for one item; on success the item leaves the list, on failure the list is read again */
  act: (id: string, action: () => Promise<unknown>, done: string) => Promise<void>;
  /** the list's heading (tabIndex -1): focus goes there when the tapped button leaves with its item */
  heading: RefObject<HTMLHeadingElement>;
}

const messageOf = (error: unknown) => (error instanceof InboxError ? error.message : 'Er ging iets mis. Probeer het opnieuw.');

/** Loads a list once (and again after a failed action, or a tap on the open tab); actions remove their item when the server agrees. */
export function useInboxList<T extends { id: string }>(load: () => Promise<T[]>, key: string): InboxList<T> {
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  const { taps } = useContext(OpenTabTaps);
  const deactivatedMeanwhile = useDeactivatedMeanwhile();

  const reload = useCallback(async () => {
    try {
      setItems(await load());
    } catch (failure) {
      if (!deactivatedMeanwhile(failure)) setError(messageOf(failure));
    }
  }, [key, taps]);
  useEffect(() => void reload(), [reload]);

  const act = async (id: string, action: () => Promise<unknown>, done: string) => {
    setBusy(id);
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
      setItems((current) => current?.filter((item) => item.id !== id));
      setNotice(done);
    } catch (failure) {
      const switching = deactivatedMeanwhile(failure);
      if (switching) return await switching;
      setError(messageOf(failure));
      await reload();
    } finally {
      setBusy(undefined);
      heading.current?.focus();
    }
  };
  return { items, error, notice, busy, act, heading };
}
