import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A component whose code comes from a dynamic import; `preload` fetches it ahead of need. */
export type LazyPart<P extends object> = ComponentType<P> & { preload: () => Promise<unknown> };

/**
 * A part of a screen that is not drawn at first (it appears after a tap, e.g. "Hulp bij dit onderwerp"),
 * so its code and what it imports stay out of the first load. It renders nothing until the code is
 * there; `preload()` once the screen stands (an idle moment) makes that wait practically zero.
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () => (loading ??= load().then((component) => (loaded = component), (error: unknown) => {
    loading = undefined; // a later render tries again (a chunk fetch that failed once)
    throw error;
  }));
  function LazyPart(props: P) {
    const [Part, setPart] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => {
      if (!Part) preload().then((component) => setPart(() => component), () => undefined);
    }, []);
    return Part ? <Part {...props} /> : null;
  }
  return Object.assign(LazyPart, { preload });
}

/** Runs `work` when the browser is idle after the first screen stands (a timeout where there is no requestIdleCallback). */
export function whenIdle(work: () => void, timeout = 2_000): void {
  if ('requestIdleCallback' in globalThis) requestIdleCallback(() => work(), { timeout });
  else setTimeout(work, 200);
}
