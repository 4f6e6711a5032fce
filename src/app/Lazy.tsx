import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../ui/Alert';

/** A lazy page, and how to fetch its code before it is drawn. */
export type LazyPage<P extends object> = ComponentType<P> & {
  /** Fetches the page's code now; a page drawn after it has arrived draws at once, with no "wordt geladen" first. */
  preload: () => Promise<ComponentType<P>>;
};

/**
 * A page whose code loads only when someone opens it (the dashboard and its chart library, the
 * sociale kaart): not in the shell's first load. The service worker precaches the chunks, so
 * they open offline too.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>, what: string): LazyPage<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  // One fetch for every caller; a failed one is forgotten, so the next caller tries again.
  const preload = () => (loading ??= load().then(
    (component) => (loaded = component),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));
  function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!Page) preload().then((component) => setPage(() => component), () => setFailed(true));
    }, []);
    if (failed) return <Alert type="error">{`${what} kon niet laden. Laad de pagina opnieuw.`}</Alert>;
    return Page ? <Page {...props} /> : <p class="utrecht-paragraph">{`${what} wordt geladen…`}</p>;
  }
  return Object.assign(LazyPage, { preload });
}
